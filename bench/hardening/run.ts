/**
 * `npm run bench:hardening`: what the issue-12 body and header handling costs and
 * whether one client's large bodies can stall others. Starts the app (in-memory
 * PGlite, or DATABASE_URL) on a loopback port and measures GET /api/health
 * latency (sequential, BENCH_REQUESTS, default 400): alone, then while
 * BENCH_STALLERS (4) clients keep POSTing 10 MB text/plain bodies to a messaging
 * route (each is refused with 415 before it is read). Prints p50/p95/max and how
 * many stalling bodies were refused; no pass/fail (the test only asserts that
 * /api/health answered).
 */
import { performance } from 'node:perf_hooks';
import { buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const STALLERS = Number(process.env.BENCH_STALLERS ?? 4);
const BODY = Buffer.alloc(10 * 1024 * 1024, 0x61);

function summary(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]?.toFixed(2);
  return `p50 ${at(0.5)} ms  p95 ${at(0.95)} ms  max ${s.at(-1)?.toFixed(2)} ms  (n=${s.length})`;
}

async function healthLatencies(base: string): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now();
    const r = await fetch(`${base}/api/health`);
    await r.arrayBuffer();
    out.push(performance.now() - t0);
  }
  return out;
}

async function main() {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DB_IN_MEMORY: process.env.DATABASE_URL ? 'false' : 'true',
    MAIL_EMBEDDED: 'false',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'silent',
    WEB_DIST: '/nonexistent',
  });
  const { app } = await buildApp(config, { startJobs: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  await healthLatencies(base); // warm-up
  const alone = await healthLatencies(base);

  let running = true;
  const refused: Record<number, number> = {};
  const stallers = Array.from({ length: STALLERS }, async () => {
    while (running) {
      const r = await fetch(`${base}/api/messaging/conversations`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: BODY,
      }).catch(() => null);
      if (r) {
        refused[r.status] = (refused[r.status] ?? 0) + 1;
        await r.arrayBuffer().catch(() => undefined);
      }
    }
  });
  const underLoad = await healthLatencies(base);
  running = false;
  await Promise.all(stallers);
  await app.close();

  console.log(`GET /api/health alone:                      ${summary(alone)}`);
  console.log(`GET /api/health with ${STALLERS} × 10 MB text/plain: ${summary(underLoad)}`);
  console.log(`stalling bodies answered: ${JSON.stringify(refused)} (status: count)`);
  console.log(`rss after: ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);
}

await main();
