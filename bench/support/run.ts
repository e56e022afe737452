/**
 * `npm run bench:support` (DATABASE_URL required): the support queue at a peak hour.
 *
 * In a scratch PostgreSQL database it builds the real server (in this process, on a loopback
 * port, the desk open: the clock is fixed to a Tuesday 10:00 in Stockholm), creates BENCH_CHATS
 * citizens (default 2 000) with sessions and BENCH_AGENTS first-line agents (default 25), all
 * available with a limit of 3 concurrent cases. Then, at once:
 *  - citizens open chats over HTTP (BENCH_CITIZEN_CONCURRENCY at a time, default 20): case,
 *    first message, SLA deadline, article suggestions and the round-robin offer in one transaction;
 *  - each agent loops: load the `new` queue view, take the next case, answer it and close it.
 * It stops when every chat has been answered (or after BENCH_MAX_SECONDS, default 240).
 *
 * Printed and written: per operation count and p50/p90/p99/max in ms (create chat, load queue,
 * take next, send answer), throughput, and the open backlog over time; appended to
 * bench/results/support-<date>.json; the chart is docs/performance-support.svg.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { SESSION_COOKIE } from '../../server/src/platform/auth.js';
import { fixedClock } from '../../server/src/platform/clock.js';
import { createScratchDatabase } from '../../server/src/platform/db/scratch.js';

const baseUrl = process.env.DATABASE_URL;
if (!baseUrl) {
  console.error('bench:support needs DATABASE_URL (a PostgreSQL server; a scratch database is created and dropped).');
  process.exit(2);
}
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const CHATS = env('BENCH_CHATS', 2000);
const AGENTS = env('BENCH_AGENTS', 25);
const CITIZEN_CONCURRENCY = env('BENCH_CITIZEN_CONCURRENCY', 20);
const MAX_SECONDS = env('BENCH_MAX_SECONDS', 240);
const root = path.resolve(import.meta.dirname, '../..');

const pct = (sorted: number[], p: number) =>
  sorted.length ? (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0) : 0;
const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const r = (n: number) => Math.round(n * 10) / 10;
  return { count: s.length, p50: r(pct(s, 50)), p90: r(pct(s, 90)), p99: r(pct(s, 99)), max: r(s.at(-1) ?? 0) };
};

async function main() {
  const scratch = await createScratchDatabase(baseUrl as string, 'ingang_bench_support');
  const clock = fixedClock('2026-12-08T09:00:00Z');
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: scratch.url,
    DB_IN_MEMORY: 'false',
    MAIL_EMBEDDED: 'false',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    WEB_DIST: '/nonexistent',
    DB_POOL_SIZE: process.env.DB_POOL_SIZE ?? '20',
  });
  const { app, ctx } = await buildApp(config, { clock });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const http = new Pool(`http://127.0.0.1:${port}`, { connections: 64, pipelining: 1 });

  console.log(`setting up ${CHATS} citizens and ${AGENTS} agents…`);
  const now = clock.now();
  const personIds: string[] = [];
  for (let i = 0; i < CHATS; i += 500) {
    const rows = Array.from({ length: Math.min(500, CHATS - i) }, (_, j) => {
      const n = i + j;
      const id = crypto.randomUUID();
      personIds.push(id);
      return {
        id,
        personal_number: `1990${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}${String(n).padStart(4, '0')}`,
        given_name: 'Bench',
        family_name: `Person ${n}`,
        registry_synced_at: now,
        created_at: now,
        updated_at: now,
      };
    });
    await ctx.db.insertInto('persons').values(rows).execute();
  }
  const agentIds = Array.from({ length: AGENTS }, () => crypto.randomUUID());
  await ctx.db
    .insertInto('staff')
    .values(
      agentIds.map((id, i) => ({
        id,
        oidc_subject: `bench-${id}`,
        hsa_id: `HSA-BENCH-${i}`,
        given_name: 'Agent',
        family_name: String(i),
        email: `agent${i}@bench.example`,
        title: 'Invånarsupport',
        support_role: 'first_line' as const,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  await ctx.db
    .insertInto('support_agents')
    .values(agentIds.map((staff_id) => ({ staff_id, available: true, max_concurrent: 3, updated_at: now })))
    .execute();
  const headers = async (input: { kind: 'citizen'; personId: string } | { kind: 'staff'; staffId: string }) => {
    const s = await ctx.sessions.create(ctx.db, { ...input, idleSeconds: 3600 });
    return { cookie: `${SESSION_COOKIE}=${s.token}`, 'x-csrf-token': s.csrfToken, 'content-type': 'application/json' };
  };
  const citizenHeaders: Record<string, string>[] = [];
  for (const personId of personIds) citizenHeaders.push(await headers({ kind: 'citizen', personId }));
  const agentHeaders: Record<string, string>[] = [];
  for (const staffId of agentIds) agentHeaders.push(await headers({ kind: 'staff', staffId }));

  const times: Record<'create' | 'queue' | 'next' | 'answer', number[]> = {
    create: [],
    queue: [],
    next: [],
    answer: [],
  };
  let errors = 0;
  const call = async (
    kind: keyof typeof times,
    method: 'GET' | 'POST',
    url: string,
    h: Record<string, string>,
    body?: unknown,
  ) => {
    const t0 = performance.now();
    // No content-type without a body (Fastify refuses an empty JSON body).
    const { 'content-type': _ct, ...bare } = h;
    const r = await http.request({
      method,
      path: url,
      headers: body === undefined ? bare : h,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.body.text();
    times[kind].push(performance.now() - t0);
    if (r.statusCode >= 400) errors++;
    return { status: r.statusCode, json: text ? JSON.parse(text) : null };
  };

  const started = performance.now();
  const deadline = started + MAX_SECONDS * 1000;
  let created = 0;
  let answered = 0;
  const backlog: { s: number; open: number }[] = [];
  const citizens = async () => {
    while (created < CHATS && performance.now() < deadline) {
      const i = created++;
      await call('create', 'POST', '/api/support/my/cases', citizenHeaders[i] as Record<string, string>, {
        subject: 'Vilka får boka vaccin?',
        message: `Hej! Fråga nummer ${i} om vaccination och bokning.`,
      });
    }
  };
  const agent = async (h: Record<string, string>) => {
    while (answered < CHATS && performance.now() < deadline) {
      await call('queue', 'GET', '/api/support/agent/queue?view=new', h);
      const next = await call('next', 'POST', '/api/support/agent/next', h);
      if (next.status !== 200) {
        if (next.status !== 204 && errors < 5) console.warn('take next failed', next.status, JSON.stringify(next.json));
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      await call('answer', 'POST', `/api/support/agent/cases/${next.json.data.id}/messages`, h, {
        body: 'Alla över 18 år får boka nu. Välkommen!',
        close: true,
      });
      answered++;
    }
  };
  const sampler = setInterval(async () => {
    const r = await ctx.db
      .selectFrom('support_cases')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('status', 'in', ['new', 'open'])
      .executeTakeFirst();
    backlog.push({ s: Math.round((performance.now() - started) / 100) / 10, open: Number(r?.n ?? 0) });
  }, 2000);
  await Promise.all([...Array.from({ length: CITIZEN_CONCURRENCY }, citizens), ...agentHeaders.map((h) => agent(h))]);
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;

  const report = {
    date: new Date().toISOString(),
    chats: CHATS,
    agents: AGENTS,
    citizenConcurrency: CITIZEN_CONCURRENCY,
    seconds: Math.round(seconds * 10) / 10,
    answered,
    errors,
    chatsPerSecond: Math.round((CHATS / seconds) * 10) / 10,
    operations: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, summary(v)])),
    backlog,
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
  };
  console.log(
    `\n${CHATS} chats, ${AGENTS} agents: all answered in ${report.seconds} s (${answered} answered, ${errors} errors)`,
  );
  console.log('operation   count    p50     p90     p99     max   (ms)');
  for (const [k, v] of Object.entries(report.operations))
    console.log(
      `${k.padEnd(10)} ${String(v.count).padStart(6)} ${String(v.p50).padStart(7)} ${String(v.p90).padStart(7)} ${String(v.p99).padStart(7)} ${String(v.max).padStart(7)}`,
    );
  const out = path.join(root, 'bench/results', `support-${report.date.slice(0, 10)}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const previous = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : [];
  fs.writeFileSync(out, `${JSON.stringify([...previous, report], null, 2)}\n`);
  fs.writeFileSync(path.join(root, 'docs/performance-support.svg'), svg(report.operations));
  console.log(`written ${path.relative(root, out)} and docs/performance-support.svg`);
  await http.close();
  await app.close();
  await scratch.drop();
}

/** Grouped bars of p50/p90/p99 per operation. */
function svg(ops: Record<string, { p50: number; p90: number; p99: number }>): string {
  const entries = Object.entries(ops);
  const max = Math.max(1, ...entries.map(([, v]) => v.p99));
  const W = 640;
  const H = 300;
  const gw = (W - 80) / entries.length;
  const colors = { p50: '#1f5fa8', p90: '#7a4fa0', p99: '#a4161a' } as const;
  const bars = entries
    .map(
      ([name, v], i) =>
        (['p50', 'p90', 'p99'] as const)
          .map((p, j) => {
            const h = (v[p] / max) * (H - 80);
            const x = 60 + i * gw + j * (gw / 4) + gw / 8;
            return `<rect x="${x}" y="${H - 40 - h}" width="${gw / 4 - 4}" height="${h}" fill="${colors[p]}"><title>${name} ${p}: ${v[p]} ms</title></rect><text x="${x + gw / 8 - 2}" y="${H - 44 - h}" font-size="10" text-anchor="middle">${v[p]}</text>`;
          })
          .join('') +
        `<text x="${60 + i * gw + gw / 2}" y="${H - 22}" font-size="12" text-anchor="middle">${name}</text>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-label="Support queue latency per operation, p50/p90/p99 in ms"><text x="10" y="20" font-size="14">bench:support — latency (ms): p50 blue, p90 purple, p99 red</text><line x1="55" y1="${H - 40}" x2="${W - 10}" y2="${H - 40}" stroke="#333"/>${bars}</svg>\n`;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
