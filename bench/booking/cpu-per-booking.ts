/**
 * `npx tsx bench/booking/cpu-per-booking.ts` (DATABASE_URL required): CPU per uncontended
 * booking, server and PostgreSQL, on a shared machine. bench:booking's region (a scratch
 * database, BENCH_PERSONS citizens), then per round and per server root (BENCH_ROOTS, comma
 * separated checkouts of this repository; default this one) a fresh server process, a warm-up
 * and BENCH_SECONDS of bench:booking's uncontended phase (64 at once, fresh citizens). CPU
 * seconds (from /proc) divided by bookings do not depend on how busy the neighbours keep the
 * machine the way bookings/s does; the roots alternate so a noisy minute hits both.
 * BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles every server.
 * A root with other migrations than the first needs its own run (the server migrates at start).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stockholmDate } from '@ingang/domain';
import { Pool } from 'undici';
import { startCpuSampler } from '../login/cpu.js';
import { freePort, type ServerProcess, startServer } from '../login/server.js';
import { citizensWithSessions } from './db.js';
import { prng, randomSlotId } from './generate.js';
import { uncontended } from './load.js';
import { prepareRegion, scratchWithCleanUp } from './scratch-region.js';

const baseUrl = process.env.DATABASE_URL;
if (!baseUrl) {
  console.error('needs DATABASE_URL');
  process.exit(2);
}
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const PERSONS = env('BENCH_PERSONS', 50_000);
const SECONDS = env('BENCH_SECONDS', 8);
const ROUNDS = env('BENCH_ROUNDS', 2);
const PER_PHASE = env('BENCH_PHASE_CITIZENS', 12_000);
const WARMUP = 300;
/** [user, system] CPU ms of a process so far (/proc, USER_HZ 100). */
function userSystemMs(pid: number): [number, number] {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return [Number(f[11]) * 10, Number(f[12]) * 10];
}
const here = path.resolve(import.meta.dirname, '../..');
const roots = (process.env.BENCH_ROOTS ?? here).split(',').map((r) => path.resolve(r));

let server: ServerProcess | undefined;
const { scratch, cleanUp } = await scratchWithCleanUp(baseUrl, async () => {
  await server?.stop();
});
try {
  const now = new Date();
  const firstDay = stockholmDate(new Date(now.getTime() + 24 * 3600 * 1000));
  const g = await prepareRegion(scratch, { persons: PERSONS, firstDay });
  console.log(`generated in ${g.seconds.total} s: ${g.slots} times, ${g.persons} persons`);
  const phases = ROUNDS * roots.length;
  const citizens = await citizensWithSessions(scratch.url, phases * (PER_PHASE + WARMUP), PERSONS, now);
  const random = prng(20_261_208);
  const rows: string[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const root of roots) {
      server = await startServer({
        root,
        databaseUrl: scratch.url,
        port: await freePort(),
        loginPerIpPerMinute: 100_000_000,
        env: { WAITING_ROOM_AUTO: 'false' },
        startTimeoutMs: 300_000,
      });
      const pool = new Pool(server.origin, { connections: 128, pipelining: 1, keepAliveTimeout: 60_000 });
      const slotId = () => randomSlotId(random);
      await uncontended({ pool, citizens: citizens.take(WARMUP), concurrency: 16, seconds: 30, slotId });
      const cpu = await startCpuSampler({ serverPid: server.pid, monitorUrl: baseUrl, dbName: scratch.name });
      // BENCH_PERF_OUT=<dir>: `perf record` of the whole machine over the phase, one file per phase
      // (`perf report -i <file> --comm postgres` for the backends' frames).
      const perfOut = process.env.BENCH_PERF_OUT;
      const perf = perfOut
        ? spawn(
            'perf',
            [
              'record',
              '-F',
              '499',
              '-g',
              '-a',
              '-o',
              path.join(perfOut, `r${round}-${path.basename(root)}.data`),
              '--',
              'sleep',
              String(SECONDS),
            ],
            { stdio: 'ignore' },
          )
        : null;
      const us0 = userSystemMs(server.pid);
      const t0 = performance.now();
      const u = await uncontended({
        pool,
        citizens: citizens.take(PER_PHASE),
        concurrency: 64,
        seconds: SECONDS,
        slotId,
      });
      const c = await cpu.stop();
      if (perf && perf.exitCode === null) await new Promise((r) => perf.once('exit', r));
      const wall = (performance.now() - t0) / 1000;
      const us1 = userSystemMs(server.pid);
      const split = `user ${((us1[0] - us0[0]) / Math.max(1, u.booked)).toFixed(3)} + system ${((us1[1] - us0[1]) / Math.max(1, u.booked)).toFixed(3)} ms`;
      const perBooking = (cores: number) => ((cores * wall * 1000) / Math.max(1, u.booked)).toFixed(3);
      const row = `round ${round} ${path.basename(root)}: ${u.booked} booked in ${wall.toFixed(1)} s = ${u.bookingsPerSecond}/s, p50 ${u.latency.p50ms} ms; server ${c.serverCores} cores = ${perBooking(c.serverCores)} ms/booking (${split}), postgres ${c.postgresCores} cores = ${perBooking(c.postgresCores)} ms/booking; machine busy ${c.machineBusy} of ${os.cpus().length}, other ${c.otherCores}, load ${c.loadAverage.join('→')} ${JSON.stringify(u.statuses)}`;
      console.log(row);
      rows.push(row);
      await pool.close();
      await server.stop();
      server = undefined;
    }
  }
  console.log(`\n${rows.join('\n')}`);
} finally {
  // BENCH_KEEP_DB=1 keeps the scratch database for EXPLAIN afterwards (drop it yourself).
  if (process.env.BENCH_KEEP_DB === '1') {
    await server?.stop();
    console.log(`kept ${scratch.url}`);
  } else await cleanUp();
}
