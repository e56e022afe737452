/** Publishing patterns: daylight-saving days give the right wall-clock times; a publication is all or nothing. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_STAFF, DEMO_UNITS } from '../src/seed/demo-data.js';
import { DEMO_TIME_TYPES } from '../src/seed/demo-timebook.js';
import type { TestApp } from './harness.js';
import { staffSession, type TestSession } from './helpers/sessions.js';
import { caller, startTimebookApp } from './timebook-fixtures.js';

const NORR = DEMO_UNITS.vaccNorr;
const FLU = DEMO_TIME_TYPES.influenza;
const COVID = DEMO_TIME_TYPES.covid;

const pattern = (over: object = {}) => ({
  weekdays: [1, 2, 3, 4, 5],
  intervalMinutes: 10,
  skipPublicHolidays: true,
  ...over,
});

const stockholm = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
/** [date, time] in Stockholm, formatted independently of the code under test. */
const local = (at: Date) => {
  const p = Object.fromEntries(stockholm.formatToParts(at).map((x) => [x.type, x.value]));
  return [`${p.year}-${p.month}-${p.day}`, `${p.hour}:${p.minute}`] as const;
};

let t: TestApp;
let call: ReturnType<typeof caller>;
let norrAdmin: TestSession;

beforeAll(async () => {
  ({ t } = await startTimebookApp());
  call = caller(t);
  norrAdmin = await staffSession(t, DEMO_STAFF.vaccinatorNorr, { activeUnitId: NORR });
});
afterAll(async () => {
  await t.close();
});

const slotsOf = (unitId: string, typeId: string, from: string, to: string) =>
  t.ctx.db
    .selectFrom('slots')
    .selectAll()
    .where('unit_id', '=', unitId)
    .where('time_type_id', '=', typeId)
    .where('starts_at', '>=', new Date(from))
    .where('starts_at', '<', new Date(to))
    .orderBy('starts_at')
    .execute();

describe('patterns', () => {
  test('across the March and October DST changes: the right local times, none missing or doubled', async () => {
    const p = pattern({
      startDate: '2026-10-23',
      endDate: '2027-03-30',
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      dayStart: '01:00',
      dayEnd: '04:00',
      intervalMinutes: 30,
      durationMinutes: 30,
      skipPublicHolidays: false,
    });
    const res = await call('POST', `/api/staff/units/${NORR}/slots/publish`, norrAdmin, {
      timeTypeId: COVID,
      pattern: p,
    });
    expect(res.statusCode).toBe(201);
    const rows = await slotsOf(NORR, COVID, '2026-10-22T00:00:00Z', '2027-03-31T00:00:00Z');
    expect(res.json().data.created).toBe(rows.length);
    const byDate = new Map<string, string[]>();
    for (const r of rows) {
      const [date, time] = local(r.starts_at);
      byDate.set(date, [...(byDate.get(date) ?? []), time]);
    }
    const all = ['01:00', '01:30', '02:00', '02:30', '03:00', '03:30'];
    expect(byDate.get('2026-10-24')).toEqual(all);
    expect(byDate.get('2026-10-25')).toEqual(all); // the repeated hour gives one slot per local time
    expect(byDate.get('2026-10-26')).toEqual(all);
    expect(byDate.get('2027-03-27')).toEqual(all);
    expect(byDate.get('2027-03-28')).toEqual(['01:00', '01:30', '03:00', '03:30']); // 02:00–02:59 does not exist
    expect(byDate.get('2027-03-29')).toEqual(all);
    expect([...byDate.values()].every((times) => new Set(times).size === times.length)).toBe(true);
    expect(rows).toHaveLength(159 * 6 - 2);
    // Wall-clock stays put while UTC moves: 01:00 is 23:00Z in summer time, 00:00Z in winter time.
    const oct24 = rows.find((r) => local(r.starts_at).join(' ') === '2026-10-24 01:00');
    const oct26 = rows.find((r) => local(r.starts_at).join(' ') === '2026-10-26 01:00');
    expect(oct24?.starts_at.toISOString()).toBe('2026-10-23T23:00:00.000Z');
    expect(oct26?.starts_at.toISOString()).toBe('2026-10-26T00:00:00.000Z');
    // Duration is elapsed time even across the change.
    expect(rows.every((r) => r.ends_at.getTime() - r.starts_at.getTime() === 30 * 60_000)).toBe(true);
  });

  test('all or nothing: a failure in the second chunk leaves no batch and no times', async () => {
    const p = pattern({ startDate: '2026-11-02', endDate: '2026-11-27', dayStart: '08:00', dayEnd: '16:00' });
    // 20 weekdays × 48 = 960 (< 1 chunk); widen to reach a second chunk.
    const wide = { ...p, endDate: '2026-12-04' };
    const failAt = '2026-12-04T14:50:00Z';
    await sql`create or replace function tb_test_fail() returns trigger language plpgsql as $$
      begin if new.starts_at = ${sql.lit(failAt)}::timestamptz then raise exception 'injected failure'; end if; return new; end $$`.execute(
      t.ctx.db,
    );
    await sql`create trigger tb_test_fail before insert on slots for each row execute function tb_test_fail()`.execute(
      t.ctx.db,
    );
    const batchesBefore = await t.ctx.db.selectFrom('slot_batches').select('id').execute();
    try {
      const res = await call('POST', `/api/staff/units/${NORR}/slots/publish`, norrAdmin, {
        timeTypeId: FLU,
        pattern: wide,
      });
      expect(res.statusCode).toBe(500);
    } finally {
      await sql`drop trigger tb_test_fail on slots`.execute(t.ctx.db);
    }
    expect(await slotsOf(NORR, FLU, '2026-11-01T00:00:00Z', '2026-12-05T00:00:00Z')).toHaveLength(0);
    expect(await t.ctx.db.selectFrom('slot_batches').select('id').execute()).toHaveLength(batchesBefore.length);
    const ok = await call('POST', `/api/staff/units/${NORR}/slots/publish`, norrAdmin, {
      timeTypeId: FLU,
      pattern: wide,
    });
    expect(ok.json().data.created).toBe(25 * 48);
  });
});
