/**
 * The booking benchmark's direct SQL: citizen sessions (so the measurement is
 * booking, not login), opening a release, sampling what PostgreSQL backends
 * wait on, the correctness checks after the run, and pgbench on the same server.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrate } from '../../server/src/platform/db/migrate.js';
import type { DB } from '../../server/src/platform/db/schema.js';
import { hashToken, newToken } from '../../server/src/platform/sessions.js';
import { adultSeeds, personIdsFor, TIME_TYPE_ID } from './generate.js';
import type { Citizen } from './load.js';

/** One citizen session per person id, stored as sessions.ts stores them (sha256 base64url of the cookie token). */
export async function createSessions(url: string, personIds: string[]): Promise<Citizen[]> {
  const citizens = personIds.map((personId) => {
    const token = newToken();
    return { personId, token, idHash: hashToken(token), cookie: `ingang_sid=${token}`, csrf: newToken() };
  });
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (let i = 0; i < citizens.length; i += 10_000) {
      const batch = citizens.slice(i, i + 10_000);
      await c.query(
        `insert into sessions (id_hash, kind, person_id, csrf_token, idle_seconds, expires_at)
         select h, 'citizen', p, t, 3600, now() + interval '12 hours'
         from unnest($1::text[], $2::uuid[], $3::text[]) as s(h, p, t)`,
        [batch.map((s) => s.idHash), batch.map((s) => s.personId), batch.map((s) => s.csrf)],
      );
    }
  } finally {
    await c.end();
  }
  return citizens.map(({ personId, cookie, csrf }) => ({ personId, cookie, csrf }));
}

/** Publishes the given times now ("the release opens"). */
export async function setVisibleFrom(url: string, slotIds: string[], at: 'now' | 'never'): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const when = at === 'now' ? 'now()' : `'2100-01-01'::timestamptz`;
    await c.query(`update slots set visible_from = ${when} where id = any($1::uuid[])`, [slotIds]);
  } finally {
    await c.end();
  }
}

/** Samples pg_stat_activity of `dbName` every 50 ms: share of busy backends per wait event ('CPU' = running). */
export async function startWaitSampler(monitorUrl: string, dbName: string) {
  const c = new pg.Client({ connectionString: monitorUrl });
  await c.connect();
  const counts = new Map<string, number>();
  let samples = 0;
  let sampling = true;
  const loop = (async () => {
    while (sampling) {
      const { rows } = await c.query<{ wait: string }>(
        `select case when state = 'idle in transaction' then 'Client:ClientRead (in transaction)'
                     else coalesce(wait_event_type || ':' || wait_event, 'CPU') end as wait
         from pg_stat_activity
         where datname = $1 and pid <> pg_backend_pid() and state <> 'idle' and backend_type = 'client backend'`,
        [dbName],
      );
      for (const r of rows) counts.set(r.wait, (counts.get(r.wait) ?? 0) + 1);
      samples++;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    /** Shares of backend-samples (top 6) and the mean number of busy backends. */
    async stop(): Promise<{ busyBackends: number; waits: Record<string, number> }> {
      sampling = false;
      await loop;
      await c.end();
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const waits = Object.fromEntries(
        [...counts]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 6)
          .map(([k, v]) => [k, Number((v / Math.max(1, total)).toFixed(2))]),
      );
      return { busyBackends: Number((total / Math.max(1, samples)).toFixed(1)), waits };
    },
  };
}

export interface Correctness {
  /** Slots with booked > capacity (the CHECK makes this impossible; counted anyway). */
  overbookedSlots: number;
  /** Slots whose booked counter differs from their active bookings. */
  counterMismatches: number;
  /** Persons with more than one active booking of the type. */
  doubleBookings: number;
  activeBookings: number;
  bookedPlaces: number;
  /** Idempotency keys stored against bookings made. */
  idempotencyKeys: number;
  /** Booking audit entries against bookings made. */
  auditEntries: number;
  ok: boolean;
}

/** The SQL checks after the run. */
export async function checkCorrectness(url: string): Promise<Correctness> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const q = async (text: string, values: unknown[] = []) =>
      Number((await c.query<{ n: string }>(text, values)).rows[0]?.n ?? 0);
    const overbookedSlots = await q('select count(*)::text as n from slots where booked > capacity');
    const counterMismatches = await q(`
      select count(*)::text as n from slots s
      left join (select slot_id, count(*) as active from bookings where status in ('booked', 'arrived') group by slot_id) b
        on b.slot_id = s.id
      where s.booked <> coalesce(b.active, 0)`);
    const doubleBookings = await q(
      `select count(*)::text as n from (select person_id from bookings
         where time_type_id = $1 and status in ('booked', 'arrived') group by person_id having count(*) > 1) d`,
      [TIME_TYPE_ID],
    );
    const activeBookings = await q(`select count(*)::text as n from bookings where status in ('booked', 'arrived')`);
    const bookedPlaces = await q('select coalesce(sum(booked), 0)::text as n from slots');
    const idempotencyKeys = await q('select count(*)::text as n from idempotency_keys');
    const auditEntries = await q(
      `select count(*)::text as n from audit_log where record_type = 'booking' and action = 'create'`,
    );
    return {
      overbookedSlots,
      counterMismatches,
      doubleBookings,
      activeBookings,
      bookedPlaces,
      idempotencyKeys,
      auditEntries,
      ok: overbookedSlots === 0 && counterMismatches === 0 && doubleBookings === 0 && bookedPlaces === activeBookings,
    };
  } finally {
    await c.end();
  }
}

function findPgbench(): string {
  const versions = fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql') : [];
  for (const dir of ['/usr/bin', ...versions.map((v) => `/usr/lib/postgresql/${v}/bin`)]) {
    const candidate = path.join(dir, 'pgbench');
    if (fs.existsSync(candidate)) return candidate;
  }
  return 'pgbench';
}

export interface Pgbench {
  selectTps: number | null;
  writeTps: number | null;
  commands: string[];
  error?: string;
}

/** `pgbench -i -s 10` in the scratch database, then the select-only and the simple-update (-N) runs. */
export function runPgbench(url: string, seconds: number): Pgbench {
  const bin = findPgbench();
  const runs = [
    ['-S', '-c', '16', '-j', '2', '-T', String(seconds)],
    ['-N', '-c', '16', '-j', '2', '-T', String(seconds)],
  ];
  const commands = runs.map((args) => `pgbench ${args.join(' ')} (scale 10)`);
  try {
    execFileSync(bin, ['-i', '-s', '10', '-q', url], { stdio: 'pipe' });
    const [selectTps, writeTps] = runs.map((args) => {
      const out = execFileSync(bin, [...args, url], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const tps = /tps = ([\d.]+)/.exec(out)?.[1];
      return tps ? Math.round(Number(tps)) : null;
    });
    return { selectTps: selectTps ?? null, writeTps: writeTps ?? null, commands };
  } catch (error) {
    return { selectTps: null, writeTps: null, commands, error: (error as Error).message.split('\n')[0] ?? 'failed' };
  }
}

/** Runs the server's migrations on the scratch database (before generating the region into it). */
export async function migrateScratch(url: string): Promise<void> {
  const migrator = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
  });
  await migrate(migrator);
  await migrator.destroy();
}

/**
 * `count` adult citizens of the generated region with a session each, handed out
 * in order by `take(n)` (each phase gets fresh citizens: one active booking each is the rule).
 */
export async function citizensWithSessions(url: string, count: number, persons: number, now: Date) {
  const seeds = adultSeeds(0, count, persons, now);
  const ids = await personIdsFor(url, seeds);
  const citizens = await createSessions(
    url,
    seeds.map((s) => ids.get(s) as string),
  );
  let taken = 0;
  return {
    count: citizens.length,
    take(n: number): Citizen[] {
      taken += n;
      return citizens.slice(taken - n, taken);
    },
  };
}
