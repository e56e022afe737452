/**
 * The booking benchmark's data, generated in SQL (generate_series) straight
 * into a migrated scratch database: 580 units spread over the Stockholm
 * region, one vaccination time type open to everyone 18+, 90 days of times at
 * every unit (08:00–16:00 Stockholm time every 10 minutes, 3 places each) and
 * a million citizens whose personnummer are `syntheticPersonnummer(seed)`,
 * computed by a SQL function that mirrors it (checked against it on a sample).
 * Ids are derived from numbers (valid v4-shaped uuids) so the load generator
 * can address any unit, slot or citizen without reading them back.
 */
import { ageOn, parsePersonnummer, syntheticPersonnummer, syntheticPersonnummerCapacity } from '@ingang/domain';
import pg from 'pg';
import { UNITS, units } from './region.js';

export { prng, UNITS, type UnitRow, unitId, units } from './region.js';
export const DAYS = 90;
/** 08:00–15:50 every 10 minutes. */
export const TIMES_PER_DAY = 48;
export const PLACES = 3;
export const TIME_TYPE_ID = 'b7000000-0000-4000-8000-000000000001';
/** Fixed, so a seed is the same person on every run. */
export const PNR_TODAY = new Date('2026-06-15T10:00:00Z');

const idFrom = (prefix: string, n: number) => `${prefix}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
/** Slot number (unit × DAYS × TIMES_PER_DAY + day × TIMES_PER_DAY + time) → id. */
export const slotId = (n: number) => idFrom('b7200000', n);
export const slotNumber = (unit: number, day: number, time: number) => (unit * DAYS + day) * TIMES_PER_DAY + time;

/** The parameters of syntheticPersonnummer's seed → (birth date, serial) bijection for PNR_TODAY. */
function syntheticRange() {
  const days = syntheticPersonnummerCapacity({ today: PNR_TODAY }) / 999;
  // Seed 0 is the earliest birth date with serial 001.
  const first = parsePersonnummer(syntheticPersonnummer(0, { today: PNR_TODAY }), PNR_TODAY);
  if (!first.ok) throw new Error('syntheticPersonnummer(0) does not parse');
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let multiplier = 7919;
  while (gcd(multiplier, days) !== 1) multiplier += 1;
  return { earliest: first.value.birthDate, days, multiplier };
}

// Luhn over the nine digits YYMMDDNNN, unrolled: weights 2,1,2,… from the left, a doubled digit adds its digits.
const PNR_FUNCTIONS = [
  `create function bench_luhn(x bigint) returns int language sql immutable parallel safe as $$
     select ((10 - ((2 * (x / 100000000 % 10)) / 10 + (2 * (x / 100000000 % 10)) % 10 + x / 10000000 % 10
                  + (2 * (x / 1000000 % 10)) / 10 + (2 * (x / 1000000 % 10)) % 10 + x / 100000 % 10
                  + (2 * (x / 10000 % 10)) / 10 + (2 * (x / 10000 % 10)) % 10 + x / 1000 % 10
                  + (2 * (x / 100 % 10)) / 10 + (2 * (x / 100 % 10)) % 10 + x / 10 % 10
                  + (2 * (x % 10)) / 10 + (2 * (x % 10)) % 10) % 10) % 10)::int
   $$`,
];

export interface Generated {
  seconds: { timebook: number; persons: number; vacuum: number; total: number };
  slots: number;
  places: number;
  persons: number;
  pnrSampleChecked: number;
}

async function client(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  // One big statement per table: nothing to gain from waiting for each commit's flush.
  await c.query(`set synchronous_commit = off; set maintenance_work_mem = '256MB'; set work_mem = '64MB'`);
  return c;
}

/** Units, the time type (publishable at every unit, open to everyone 18+ since yesterday). */
export async function catalogue(url: string): Promise<void> {
  const c = await client(url);
  try {
    const rows = units();
    await c.query(
      `insert into units (id, hsa_id, name, kind, provider_type, street, postal_code, city, municipality, latitude, longitude)
       select id, 'SE2321000016-BV' || lpad(ord::text, 4, '0'), name, 'vaccinator',
              case when ord % 3 = 0 then 'private' else 'public' end,
              'Vaccinvägen ' || ord, (100 + ord % 90)::text || ' ' || lpad((ord % 100)::text, 2, '0'),
              municipality, municipality, lat, lng
       from unnest($1::uuid[], $2::text[], $3::text[], $4::float8[], $5::float8[]) with ordinality
            as u(id, name, municipality, lat, lng, ord)`,
      [
        rows.map((u) => u.id),
        rows.map((u) => u.name),
        rows.map((u) => u.municipality),
        rows.map((u) => u.latitude),
        rows.map((u) => u.longitude),
      ],
    );
    await c.query(
      `insert into time_types (id, code, name_sv, name_en, duration_minutes, mode, places_per_slot, self_bookable,
                               min_age, one_active_booking, dose_group, min_days_since_dose, cancel_cutoff_minutes)
       values ($1, 'bench-covid-19', 'Covid-19-vaccination', 'Covid-19 vaccination', 10, 'on_site', $2, true,
               18, true, 'covid-19', 90, 60)`,
      [TIME_TYPE_ID, PLACES],
    );
    await c.query('insert into time_type_units (time_type_id, unit_id) select $1, id from units', [TIME_TYPE_ID]);
    await c.query(
      `insert into release_rules (id, time_type_id, min_age, opens_at)
       values (gen_random_uuid(), $1, 18, now() - interval '1 day')`,
      [TIME_TYPE_ID],
    );
  } finally {
    await c.end();
  }
}

/** The times of units [from, to): every day from `firstDay`, 08:00–15:50 Stockholm time every 10 minutes. */
async function slots(url: string, firstDay: string, from: number, to: number): Promise<void> {
  const c = await client(url);
  try {
    await c.query(
      `insert into slots (id, unit_id, time_type_id, starts_at, ends_at, capacity, visible_from)
       select ('b7200000-0000-4000-8000-' || lpad(to_hex((u * $2 + d) * $3 + k), 12, '0'))::uuid,
              ('b7100000-0000-4000-8000-' || lpad(to_hex(u), 12, '0'))::uuid, $1,
              t, t + interval '10 minutes', $4, now() - interval '1 day'
       from generate_series($6::int, $7::int - 1) u, generate_series(0, $2 - 1) d, generate_series(0, $3 - 1) k,
            lateral (select (($5::date + d) + time '08:00' + k * interval '10 minutes')
                            at time zone 'Europe/Stockholm' as t) x`,
      [TIME_TYPE_ID, DAYS, TIMES_PER_DAY, PLACES, firstDay, from, to],
    );
  } finally {
    await c.end();
  }
}

/**
 * Drops the slots' plain (non-constraint) indexes and returns their exact definitions from
 * pg_indexes, so they are rebuilt as the migration wrote them: one sort instead of 2.5 million inserts.
 */
async function dropPlainSlotIndexes(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ name: string; def: string }>(
      `select indexname as name, indexdef as def from pg_indexes i
       where tablename = 'slots' and not exists (select 1 from pg_constraint k where k.conname = i.indexname)`,
    );
    for (const r of rows) await c.query(`drop index ${r.name}`);
    return rows.map((r) => r.def);
  } finally {
    await c.end();
  }
}

async function runEach(url: string, statements: string[]): Promise<void> {
  await Promise.all(
    statements.map(async (statement) => {
      const c = await client(url);
      try {
        await c.query(statement);
      } finally {
        await c.end();
      }
    }),
  );
}

const GIVEN = ['Anna', 'Erik', 'Maria', 'Lars', 'Karin', 'Anders', 'Eva', 'Johan', 'Sara', 'Mohammed', 'Elsa', 'Ali'];
const FAMILY = ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Hassan'];

async function persons(url: string, count: number): Promise<void> {
  const c = await client(url);
  const r = syntheticRange();
  try {
    for (const statement of PNR_FUNCTIONS) await c.query(statement);
    // syntheticPersonnummer's bijection: q = seed mod days, r = seed div days; birth date index q × mult mod
    // days, serial (r + q) mod 999 + 1. Rows go in personnummer order and ids are numbered in that order,
    // so both unique indexes grow at their right edge.
    await c.query(
      `insert into persons (id, personal_number, given_name, family_name, street, postal_code, city, municipality)
       select ('b7300000-0000-4000-8000-' || lpad(to_hex(row_number() over (order by pnr)), 12, '0'))::uuid, pnr,
              ($5::text[])[1 + i % $7], ($6::text[])[1 + (i / 7) % $8], 'Testgatan ' || (1 + i % 150),
              '1' || lpad((i % 9999)::text, 4, '0'), 'Stockholm', 'Stockholm'
       from (select i, to_char(b, 'YYYYMMDD') || lpad(s::text, 3, '0') || bench_luhn(x)::text as pnr
             from generate_series(0, $1::bigint - 1) i,
                  lateral (select b, s, to_char(b, 'YYMMDD')::bigint * 1000 + s as x
                           from (select $2::date + ((i % $3) * $4 % $3)::int as b,
                                        ((i / $3) + (i % $3)) % 999 + 1 as s) d
                           offset 0) p) g
       order by pnr`,
      [count, r.earliest, r.days, r.multiplier, GIVEN, FAMILY, GIVEN.length, FAMILY.length],
    );
  } finally {
    await c.end();
  }
}

/**
 * SQL's personnummer against syntheticPersonnummer for `sample` seeds spread over the range: each
 * expected number is in the table and parses with parsePersonnummer. Throws on the first miss.
 */
async function checkPnrSample(url: string, count: number, sample: number): Promise<number> {
  const seeds = Array.from({ length: sample }, (_, i) => Math.floor((i * (count - 1)) / (sample - 1)));
  const found = await personIdsFor(url, seeds);
  for (const seed of seeds) {
    const expected = syntheticPersonnummer(seed, { today: PNR_TODAY });
    if (!found.has(seed)) throw new Error(`seed ${seed}: ${expected} was not generated by the SQL function`);
    if (!parsePersonnummer(expected, PNR_TODAY).ok) throw new Error(`seed ${seed}: the number does not parse`);
  }
  return seeds.length;
}

/** Person ids of citizen seeds, found by their personnummer (seed → id). */
export async function personIdsFor(url: string, seeds: number[]): Promise<Map<number, string>> {
  const bySeed = new Map<string, number>(
    seeds.map((seed) => [syntheticPersonnummer(seed, { today: PNR_TODAY }), seed]),
  );
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ id: string; personal_number: string }>(
      'select id, personal_number from persons where personal_number = any($1::text[])',
      [[...bySeed.keys()]],
    );
    return new Map(rows.map((r) => [bySeed.get(r.personal_number) ?? -1, r.id]));
  } finally {
    await c.end();
  }
}

/** Catalogue, then persons and the times (two halves) in parallel, plain slot indexes rebuilt; VACUUM ANALYZE. */
export async function generate(url: string, options: { persons: number; firstDay: string }): Promise<Generated> {
  const t0 = performance.now();
  await catalogue(url);
  const indexes = await dropPlainSlotIndexes(url);
  let timebookSeconds = 0;
  const timed = async (work: Promise<void>) => {
    await work;
    return (performance.now() - t0) / 1000;
  };
  const half = Math.floor(UNITS / 2);
  const [personsSeconds] = await Promise.all([
    timed(persons(url, options.persons)),
    (async () => {
      await Promise.all([slots(url, options.firstDay, 0, half), slots(url, options.firstDay, half, UNITS)]);
      await runEach(url, indexes);
      timebookSeconds = (performance.now() - t0) / 1000;
    })(),
  ]);
  const pnrSampleChecked = await checkPnrSample(url, options.persons, 2000);
  const t1 = performance.now();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    // Hint bits and the visibility map set now, as on a table that has lived a while, not during the first searches.
    await c.query('vacuum (analyze) slots');
    await c.query('vacuum (analyze) persons');
    await c.query('analyze');
    const { rows } = await c.query<{ slots: string; places: string; persons: string }>(
      `select (select count(*) from slots)::text as slots, (select sum(capacity) from slots)::text as places,
              (select count(*) from persons)::text as persons`,
    );
    const r = rows[0];
    const round = (n: number) => Number(n.toFixed(1));
    return {
      seconds: {
        timebook: round(timebookSeconds),
        persons: round(personsSeconds),
        vacuum: round((performance.now() - t1) / 1000),
        total: round((performance.now() - t0) / 1000),
      },
      slots: Number(r?.slots),
      places: Number(r?.places),
      persons: Number(r?.persons),
      pnrSampleChecked,
    };
  } finally {
    await c.end();
  }
}

/** Seeds of adults (18+ at `now`), from `from` upwards: the citizens who may book the vaccination. */
export function adultSeeds(from: number, count: number, limit: number, now: Date): number[] {
  const out: number[] = [];
  for (let seed = from; out.length < count && seed < limit; seed++) {
    const parsed = parsePersonnummer(syntheticPersonnummer(seed, { today: PNR_TODAY }), PNR_TODAY);
    if (parsed.ok && ageOn(parsed.value.birthDate, now) >= 18) out.push(seed);
  }
  if (out.length < count) throw new Error(`only ${out.length} adults among seeds ${from}–${limit - 1}`);
  return out;
}

/** Release r's times: `count` times on day 5 + r at distinct units (random bookings use days 20–89, never a release's). */
export function releaseSlotIds(r: number, count: number): string[] {
  return Array.from({ length: count }, (_, j) =>
    slotId(slotNumber((j * 3 + r * 101) % UNITS, 5 + r, (j * 7) % TIMES_PER_DAY)),
  );
}

/** A random time on days 20–89 (never a release's), drawn from `random`. */
export function randomSlotId(random: () => number): string {
  return slotId(
    slotNumber(
      Math.floor(random() * UNITS),
      20 + Math.floor(random() * (DAYS - 20)),
      Math.floor(random() * TIMES_PER_DAY),
    ),
  );
}
