/**
 * `npx tsx bench/surge/floor-cost.ts`: what every request pays before any route's own work (issue 15),
 * in-process so the figure holds on a loaded machine. In the same run, interleaved:
 *  - bare: a Fastify instance with no plugins, no logger, answering its own 404 (the reference);
 *  - empty: the app answering a request that only reaches the not-found handler;
 *  - live: the app's GET /api/health/live (a public /api route with a response schema, no database).
 * Reported as µs CPU per request (least of BENCH_FLOOR_ROUNDS rounds of BENCH_FLOOR_REQUESTS) and as a
 * ratio to bare, which is what to compare between runs. LOG_LEVEL as the server would run it
 * (default info, as in production); the log lines go to stdout, so run it with `> /dev/null`
 * (the figures are printed on stderr). `node --cpu-prof --import tsx bench/surge/floor-cost.ts` profiles it.
 */
import Fastify from 'fastify';
import { buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';

const REQUESTS = Number(process.env.BENCH_FLOOR_REQUESTS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_FLOOR_ROUNDS ?? 5);

type Injector = { inject: (options: { method: 'GET'; url: string }) => PromiseLike<{ statusCode: number }> };

async function cpuPer(target: Injector, url: string, expected: number, count: number): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    const res = await target.inject({ method: 'GET', url });
    if (res.statusCode !== expected) throw new Error(`${url} answered ${res.statusCode}`);
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}

export async function measureFloor() {
  const bare = Fastify();
  await bare.ready();
  const config = loadConfig({
    NODE_ENV: 'test',
    DB_IN_MEMORY: 'true',
    MAIL_EMBEDDED: 'false',
    SEED_DEMO: 'false',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    ...(process.env.ACCESS_LOG ? { ACCESS_LOG: process.env.ACCESS_LOG } : {}),
  });
  const { app } = await buildApp(config);
  await app.ready();
  const kinds = [
    { name: 'bare', target: bare as Injector, url: '/no-such-route', expected: 404 },
    { name: 'empty', target: app as Injector, url: '/api/no-such-route', expected: 404 },
    { name: 'live', target: app as Injector, url: '/api/health/live', expected: 200 },
  ];
  const best = new Map<string, number>();
  try {
    for (const k of kinds) await cpuPer(k.target, k.url, k.expected, Math.min(3000, REQUESTS)); // warm-up (JIT)
    for (let round = 0; round < ROUNDS; round++) {
      for (const k of kinds) {
        const micros = await cpuPer(k.target, k.url, k.expected, REQUESTS);
        best.set(k.name, Math.min(best.get(k.name) ?? Number.POSITIVE_INFINITY, micros));
      }
    }
  } finally {
    await app.close();
    await bare.close();
  }
  const bareMicros = best.get('bare') ?? 1;
  return kinds.map((k) => ({
    name: k.name,
    micros: Math.round(best.get(k.name) ?? 0),
    ratio: Math.round(((best.get(k.name) ?? 0) / bareMicros) * 100) / 100,
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await measureFloor();
  process.stderr.write(
    `request floor (LOG_LEVEL=${process.env.LOG_LEVEL ?? 'info'}${process.env.ACCESS_LOG ? `, ACCESS_LOG=${process.env.ACCESS_LOG}` : ''}, ${REQUESTS} a round, least of ${ROUNDS}):\n`,
  );
  for (const r of rows)
    process.stderr.write(`  ${r.name.padEnd(6)} ${String(r.micros).padStart(5)} µs  ×${r.ratio} bare\n`);
}
