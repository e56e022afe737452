/**
 * `npx tsx bench/surge/poll-cost.ts` (or `npm run bench:surge` with BENCH_ONLY=poll): the waiting
 * room's status poll against an empty request, counted in-process so the figure does not depend on
 * how loaded the machine is: the app is built in this process (PGlite in memory, or a scratch
 * PostgreSQL database with DATABASE_URL), a paused room is opened and joined, and
 * `process.cpuUsage()` is read around BENCH_POLLS sequential `app.inject` polls, then around as
 * many requests that only reach the not-found handler. The difference is the poll's own work
 * (inject's own cost is in both). Database statements are counted across the polls too.
 * The join is measured the same way (BENCH_JOINS a round, each with a proof solved beforehand for
 * this minute's prefix, from addresses of their own so the per-address limit stays out of it),
 * next to the challenge request the one-request arrival no longer makes.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { seedCommitment } from '@ingang/domain';
import { buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { solveEpoch } from '../../server/src/modules/waiting-room/pow.js';
import { createScratchDatabase } from '../../server/src/platform/db/scratch.js';
import { countStatements } from '../../server/test/helpers/statements.js';

/** Rounds of BENCH_POLLS each, per kind. */
const ROUNDS = Number(process.env.BENCH_POLL_ROUNDS ?? 4);

export interface PollCost {
  polls: number;
  /** Server CPU per status poll (µs), inject's own cost included. */
  pollMicros: number;
  /** The same for a request that only reaches the not-found handler. */
  emptyMicros: number;
  /** pollMicros − emptyMicros: what the poll itself costs. */
  ownMicros: number;
  /** Database statements made during all the polls (must be 0). */
  statements: number;
  /** Joins measured a round. */
  joins: number;
  /** Server CPU per join with a new place (µs), inject's own cost included; its own work is joinMicros − emptyMicros. */
  joinMicros: number;
  /** Server CPU per GET …/challenge: the request an arrival made before the prefix came with the room's answer. */
  challengeMicros: number;
  database: 'pglite' | 'postgres';
}

export async function measurePollCost(polls: number, databaseUrl = process.env.DATABASE_URL): Promise<PollCost> {
  const scratch = databaseUrl ? await createScratchDatabase(databaseUrl, 'ingang_poll') : undefined;
  const config = loadConfig({
    NODE_ENV: 'test',
    DB_IN_MEMORY: scratch ? 'false' : 'true',
    ...(scratch ? { DATABASE_URL: scratch.url } : {}),
    MAIL_EMBEDDED: 'false',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    // Every join is solved beforehand in this process; the check is one hash at any difficulty.
    WAITING_ROOM_POW_BITS: '6',
    WAITING_ROOM_POW_LOAD_BITS: '0',
  });
  const { app, ctx } = await buildApp(config);
  try {
    const seed = randomBytes(32).toString('hex');
    const now = new Date();
    const id = crypto.randomUUID();
    // A paused room: every poll is a waiting ticket's (what nearly every poll is on the day).
    await ctx.db
      .insertInto('waiting_rooms')
      .values({
        id,
        scope: 'app',
        time_type_id: null,
        origin: 'manual',
        admission: 'rate',
        rate_per_minute: 1,
        capacity: 1,
        admitted_valid_seconds: 900,
        prequeue_opens_at: now,
        release_at: now,
        seed,
        seed_sha256: seedCommitment(seed),
        prequeue_count: 0,
        base_serving: 0,
        base_at: now,
        paused_at: now,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await new Promise((r) => setTimeout(r, 1500));
    const nonce = randomBytes(18).toString('base64url');
    const proofs = async (count: number) => {
      const pow = (await app.inject({ method: 'GET', url: `/api/queue/rooms/${id}` })).json().data.pow as {
        prefix: string;
        bits: number;
      };
      return Array.from({ length: count }, () => {
        const clientNonce = randomBytes(16).toString('base64url');
        return { challenge: pow.prefix, clientNonce, solution: solveEpoch(pow.prefix, clientNonce, pow.bits) };
      });
    };
    const [first] = await proofs(1);
    const joined = await app.inject({
      method: 'POST',
      url: `/api/queue/rooms/${id}/join`,
      headers: { 'x-queue-nonce': nonce },
      payload: first,
    });
    if (joined.statusCode !== 200) throw new Error(`join answered ${joined.statusCode}: ${joined.body}`);
    const ticket = joined.cookies.find((c) => c.name === 'ingang_queue')?.value ?? '';
    const statusRequest = {
      method: 'GET' as const,
      url: `/api/queue/rooms/${id}/status`,
      headers: { 'x-queue-nonce': nonce, cookie: `ingang_queue=${ticket}` },
    };
    const emptyRequest = { method: 'GET' as const, url: '/api/no-such-route', headers: {} };

    let statements = 0;
    const cpu = async (request: typeof statusRequest | typeof emptyRequest, expected: number) => {
      for (let i = 0; i < Math.min(2000, polls); i++) await app.inject(request); // warm-up (JIT)
      if (process.env.BENCH_CALLGRIND) execFileSync('callgrind_control', ['-i', 'on', String(process.pid)]);
      const before = process.cpuUsage();
      for (let i = 0; i < polls; i++) {
        const res = await app.inject(request);
        if (res.statusCode !== expected) throw new Error(`${request.url} answered ${res.statusCode}: ${res.body}`);
      }
      const used = process.cpuUsage(before);
      if (process.env.BENCH_CALLGRIND) {
        execFileSync('callgrind_control', ['-i', 'off', String(process.pid)]);
        execFileSync('callgrind_control', [
          '-d',
          `${request.url.includes('status') ? 'poll' : request.url.includes('challenge') ? 'challenge' : 'empty'}`,
          String(process.pid),
        ]);
      }
      return (used.user + used.system) / polls;
    };
    const polled: number[] = [];
    const empty: number[] = [];
    {
      // Interleaved rounds; the least CPU per request of each kind is the one least disturbed by
      // other work on the machine (contention only ever adds).
      for (let round = 0; round < ROUNDS; round++) {
        polled.push(await cpu(statusRequest, 200));
        empty.push(await cpu(emptyRequest, 404));
      }
      // Statements, in a pass of its own (the counting's async context costs CPU of its own); only those
      // made on behalf of a poll are counted, not the room cache's once-a-second refresh.
      const counted = await countStatements(ctx.db, async () => {
        for (let i = 0; i < polls; i++) await app.inject(statusRequest);
      });
      statements = counted.statements;
      // The counting works: a route that reads the database is seen.
      const probe = await countStatements(ctx.db, () =>
        app.inject({ method: 'GET', url: `/api/public/release-weather/${crypto.randomUUID()}` }),
      );
      if (probe.statements === 0) throw new Error('statement counting does not see a route that reads the database');
    }
    // Joins: each a new arrival (its own browser nonce, address and solved proof), solved before the clock starts.
    const joins = Math.min(polls, Number(process.env.BENCH_JOINS ?? 2000));
    let arrival = 0;
    const joinRound = async (count: number) => {
      const ready = (await proofs(count)).map((payload) => {
        const i = ++arrival;
        return {
          method: 'POST' as const,
          url: `/api/queue/rooms/${id}/join`,
          headers: { 'x-queue-nonce': randomBytes(18).toString('base64url') },
          remoteAddress: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
          payload,
        };
      });
      const before = process.cpuUsage();
      for (const request of ready) {
        const res = await app.inject(request);
        if (res.statusCode !== 200) throw new Error(`join answered ${res.statusCode}: ${res.body}`);
      }
      const used = process.cpuUsage(before);
      return (used.user + used.system) / count;
    };
    const challengeRequest = { method: 'GET' as const, url: `/api/queue/rooms/${id}/challenge`, headers: {} };
    await joinRound(Math.min(joins, 1000)); // warm-up
    const joinCpu: number[] = [];
    const challenged: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      joinCpu.push(await joinRound(joins));
      challenged.push(await cpu(challengeRequest, 200));
    }
    const pollMicros = Math.min(...polled);
    const emptyMicros = Math.min(...empty);
    return {
      polls,
      pollMicros: Math.round(pollMicros),
      emptyMicros: Math.round(emptyMicros),
      ownMicros: Math.round(pollMicros - emptyMicros),
      statements,
      joins,
      joinMicros: Math.round(Math.min(...joinCpu)),
      challengeMicros: Math.round(Math.min(...challenged)),
      database: scratch ? 'postgres' : 'pglite',
    };
  } finally {
    await app.close();
    await scratch?.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await measurePollCost(Number(process.env.BENCH_POLLS ?? 20_000));
  console.log(
    `status poll: ${result.pollMicros} µs server CPU per poll, an empty request ${result.emptyMicros} µs → the poll's own work ${result.ownMicros} µs; ${result.statements} database statements in ${result.polls} polls (${result.database}, in-process app.inject)`,
  );
  console.log(
    `join: ${result.joinMicros} µs server CPU per new place (${result.joins} joins a round) → its own work ${result.joinMicros - result.emptyMicros} µs; the challenge request an arrival no longer makes: ${result.challengeMicros} µs`,
  );
}
