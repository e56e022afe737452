/**
 * The group commit's set statement (`bookMany`, book-store.ts) written by two
 * instances at once: two connection pools (as two processes would have) on one
 * PostgreSQL database (this machine's, a scratch database, also without
 * DATABASE_URL — PGlite has one connection and cannot show the race). Both
 * batches race for the same places and write links into the same patients'
 * audit chains; every place is taken once, every answer matches what was
 * written, the chains verify, and a batch that loses a unique-index race is
 * written not at all.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bookMany, type SetBooking } from '../src/modules/booking/book-store.js';
import { verifyAuditLog } from '../src/platform/audit-verify.js';
import { fixedClock } from '../src/platform/clock.js';
import { type DatabaseHandle, openDatabase } from '../src/platform/db/index.js';
import { migrate } from '../src/platform/db/migrate.js';
import { createScratchDatabase, type ScratchDatabase } from '../src/platform/db/scratch.js';
import { seedDemo } from '../src/seed/demo.js';
import { DEMO_UNITS } from '../src/seed/demo-data.js';
import { bookedOf, createCitizens, createSlot, createTimeType, setBooking } from './booking-fixtures.js';
import type { TestApp } from './harness.js';

const POSTGRES = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const clock = fixedClock('2026-09-01T08:00:00Z');
const DAY = 24 * 60;
const unitId = DEMO_UNITS.vaccCity;
let database: ScratchDatabase;
const handles: DatabaseHandle[] = [];
/** The fixtures need only `ctx.db` and `ctx.clock`. */
let t: TestApp;
let a: DatabaseHandle;
let b: DatabaseHandle;

beforeAll(async () => {
  database = await createScratchDatabase(POSTGRES, 'ingang_t');
  for (let i = 0; i < 2; i++) {
    handles.push(
      await openDatabase({ databaseUrl: database.url, dataDir: '/nonexistent', inMemory: false, poolSize: 4 }),
    );
  }
  [a, b] = handles as [DatabaseHandle, DatabaseHandle];
  await migrate(a.db);
  await seedDemo(a.db, clock);
  t = { ctx: { db: a.db, clock } } as unknown as TestApp;
}, 240_000);
afterAll(async () => {
  for (const h of handles) await h.close();
  await database?.drop();
});

const rows = async (personIds: string[]) =>
  personIds.length === 0
    ? []
    : a.db.selectFrom('bookings').select(['id', 'person_id', 'slot_id']).where('person_id', 'in', personIds).execute();

describe('two instances writing set statements at once', () => {
  test('racing for one time: it is never overbooked, and every answer matches what was written', async () => {
    const typeId = await createTimeType(t, { oneActive: false });
    const now = clock.now();
    for (let round = 0; round < 6; round++) {
      const contended = await createSlot(t, {
        timeTypeId: typeId,
        unitId,
        inMinutes: 2 * DAY + round * 10,
        capacity: 5,
      });
      const people = await createCitizens(t, 40, 110 + round);
      const [shared] = await createCitizens(t, 1, 210 + round);
      const own = await Promise.all(
        people.map((_, k) => createSlot(t, { timeTypeId: typeId, unitId, inMinutes: (10 + round) * DAY + k * 10 })),
      );
      const sharedSlots = [
        await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 2 * DAY + 200 + round * 10 }),
        await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 2 * DAY + 400 + round * 10 }),
      ];
      const batch = (from: number, instance: number): SetBooking[] => [
        ...people.slice(from, from + 20).map((person, k) =>
          setBooking(
            {
              ord: k,
              person,
              slotId: k % 2 === 0 ? contended : (own[from + k] as string),
              timeTypeId: typeId,
              unitId,
              now,
            },
            false,
          ),
        ),
        // One person books on both instances at once: two links into one chain.
        setBooking(
          {
            ord: 20,
            person: shared as string,
            slotId: sharedSlots[instance] as string,
            timeTypeId: typeId,
            unitId,
            now,
          },
          false,
        ),
      ];
      const batches = [batch(0, 0), batch(20, 1)];
      const outcomes = await Promise.all([bookMany(a.db, batches[0] ?? []), bookMany(b.db, batches[1] ?? [])]);

      expect(await bookedOf(t, contended)).toBe(5);
      const written = await rows([...people, shared as string]);
      const byBooking = new Map(written.map((r) => [r.id, r]));
      let contendedWinners = 0;
      for (const [i, items] of batches.entries()) {
        for (const [k, item] of items.entries()) {
          const outcome = outcomes[i]?.[k];
          const row = byBooking.get(item.booking.id);
          if (outcome?.booked) {
            expect(row).toEqual({
              id: item.booking.id,
              person_id: item.booking.personId,
              slot_id: item.booking.slotId,
            });
            if (item.booking.slotId === contended) contendedWinners++;
          } else {
            expect(row).toBeUndefined();
            // Only the contended time can be full; the rest had room.
            expect([item.booking.slotId === contended, outcome?.full]).toEqual([true, true]);
          }
        }
      }
      expect(contendedWinners).toBe(5);
      expect(written.filter((r) => r.person_id === shared)).toHaveLength(2);
    }
    expect(await verifyAuditLog(a.db)).toMatchObject({ ok: true, broken: null });
  });

  test('two batches sharing many patients (chain heads) but no time: both commit, the chains verify', async () => {
    const typeId = await createTimeType(t, { oneActive: false });
    const now = clock.now();
    for (let round = 0; round < 4; round++) {
      const people = await createCitizens(t, 30, 10 + round);
      const slots = await Promise.all(
        [0, 1].map((instance) =>
          Promise.all(
            people.map((_, k) =>
              createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 6 * DAY + (round * 2 + instance) * 400 + k * 10 }),
            ),
          ),
        ),
      );
      // The same patients on both instances, handed over in opposite orders.
      const batch = (instance: number) =>
        (instance === 0 ? people : [...people].reverse()).map((person, k) =>
          setBooking(
            {
              ord: k,
              person,
              slotId: slots[instance]?.[people.indexOf(person)] as string,
              timeTypeId: typeId,
              unitId,
              now,
            },
            false,
          ),
        );
      const outcomes = await Promise.all([bookMany(a.db, batch(0)), bookMany(b.db, batch(1))]);
      expect(outcomes.flat().every((o) => o.booked)).toBe(true);
      const entries = await a.db
        .selectFrom('audit_log')
        .select(['subject_person_id', 'seq'])
        .where('subject_person_id', 'in', people)
        .execute();
      expect(entries.map((e) => Number(e.seq)).sort()).toEqual(people.flatMap(() => [1, 2]).sort());
    }
    expect(await verifyAuditLog(a.db)).toMatchObject({ ok: true, broken: null });
  });

  test('a person booking a one-active type on both instances: one batch commits, the other is written not at all', async () => {
    const typeId = await createTimeType(t, { oneActive: true });
    const now = clock.now();
    const [person, onA, onB] = (await createCitizens(t, 3, 250)) as [string, string, string];
    const slots = await Promise.all(
      [0, 1, 2, 3].map((k) => createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 8 * DAY + k * 10 })),
    );
    const item = (ord: number, p: string, slot: number) =>
      setBooking({ ord, person: p, slotId: slots[slot] as string, timeTypeId: typeId, unitId, now });
    const results = await Promise.allSettled([
      bookMany(a.db, [item(0, person, 0), item(1, onA, 1)]),
      bookMany(b.db, [item(0, person, 2), item(1, onB, 3)]),
    ]);
    const failed = results.findIndex((r) => r.status === 'rejected');
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results[failed] as PromiseRejectedResult).reason).toMatchObject({ code: '23505' });
    const won = 1 - failed;
    expect((results[won] as PromiseFulfilledResult<unknown>).value).toEqual([
      { ord: 0, booked: true, full: false },
      { ord: 1, booked: true, full: false },
    ]);
    const booked = await Promise.all(slots.map((s) => bookedOf(t, s)));
    expect(booked).toEqual(won === 0 ? [1, 1, 0, 0] : [0, 0, 1, 1]);
    const other = won === 0 ? onB : onA;
    expect(await rows([other])).toEqual([]);
    const audited = await a.db.selectFrom('audit_log').select('id').where('subject_person_id', '=', other).execute();
    expect(audited).toEqual([]);
    expect(await rows([person])).toHaveLength(1);
    expect(await verifyAuditLog(a.db)).toMatchObject({ ok: true, broken: null });
  });
});
