/**
 * Test fixtures for the booking tests: the start-up (test app on a fixed clock, demo
 * seed, a time type), time types, slots, citizens, grants and requests, written
 * straight to the database (independent of the demo timebook).
 */
import { randomUUID } from 'node:crypto';
import { generatePersonnummer } from '@ingang/domain';
import type { SetBooking } from '../src/modules/booking/book-store.js';
import { REMINDER_JOB } from '../src/modules/booking/notify.js';
import type { Clock } from '../src/platform/clock.js';
import { seedDemo } from '../src/seed/demo.js';
import { demoPerson } from '../src/seed/demo-data.js';
import { startTestApp, type TestApp } from './harness.js';
import type { TestSession } from './helpers/sessions.js';

/** The booking tests' "now" (Tuesday 1 September 2026, 10:00 in Stockholm); slots are placed minutes from it. */
export const NOW = '2026-09-01T08:00:00Z';
/** A day in minutes (for `inMinutes`). */
export const DAY = 24 * 60;

export interface TypeOptions {
  code?: string;
  selfBookable?: boolean;
  minAge?: number | null;
  maxAge?: number | null;
  oneActive?: boolean;
  doseGroup?: string | null;
  minDays?: number | null;
  cutoffMinutes?: number;
  formId?: string | null;
  retired?: boolean;
}

/** A time type (on site, 10 minutes); returns its id. */
export async function createTimeType(t: TestApp, o: TypeOptions = {}): Promise<string> {
  const id = randomUUID();
  const now = t.ctx.clock.now();
  await t.ctx.db
    .insertInto('time_types')
    .values({
      id,
      code: o.code ?? `type-${id.slice(0, 8)}`,
      name_sv: 'Influensavaccination',
      name_en: 'Flu vaccination',
      duration_minutes: 10,
      mode: 'on_site',
      places_per_slot: 3,
      self_bookable: o.selfBookable ?? true,
      form_id: o.formId ?? null,
      min_age: o.minAge === undefined ? 18 : o.minAge,
      max_age: o.maxAge ?? null,
      one_active_booking: o.oneActive ?? true,
      dose_group: o.doseGroup ?? null,
      min_days_since_dose: o.minDays ?? null,
      cancel_cutoff_minutes: o.cutoffMinutes ?? 60,
      retired_at: o.retired ? now : null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export interface SlotOptions {
  timeTypeId: string;
  unitId: string;
  /** Minutes after the clock's now. */
  inMinutes: number;
  capacity?: number;
  booked?: number;
  visibleInMinutes?: number;
  reserved?: boolean;
  withdrawn?: boolean;
}

/**
 * A booking test file's start-up: a test app on `clock` (its own database), the demo region
 * seeded, and one time type (`type`: its options). Start-up can be slow on a shared machine:
 * give the hook that calls it a long timeout.
 */
export async function startBookingApp(o: {
  clock: Clock;
  env?: Record<string, string>;
  type?: TypeOptions;
}): Promise<{ t: TestApp; typeId: string }> {
  const t = await startTestApp({ clock: o.clock, env: o.env });
  await seedDemo(t.ctx.db, o.clock);
  return { t, typeId: await createTimeType(t, o.type) };
}

/** A 10-minute time; returns its id. */
export async function createSlot(t: TestApp, o: SlotOptions): Promise<string> {
  const id = randomUUID();
  const now = t.ctx.clock.now();
  const start = new Date(now.getTime() + o.inMinutes * 60_000);
  await t.ctx.db
    .insertInto('slots')
    .values({
      id,
      unit_id: o.unitId,
      time_type_id: o.timeTypeId,
      starts_at: start,
      ends_at: new Date(start.getTime() + 10 * 60_000),
      capacity: o.capacity ?? 3,
      booked: o.booked ?? 0,
      visible_from: new Date(now.getTime() + (o.visibleInMinutes ?? -60) * 60_000),
      reserved_for: o.reserved ? randomUUID() : null,
      withdrawn_at: o.withdrawn ? now : null,
      created_at: now,
    })
    .execute();
  return id;
}

/** The person id of a demo person. */
export async function personIdOf(t: TestApp, key: string): Promise<string> {
  const row = await t.ctx.db
    .selectFrom('persons')
    .select('id')
    .where('personal_number', '=', demoPerson(key).personalNumber)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** `n` adult citizens (born 1970–1989); returns their person ids. */
export async function createCitizens(t: TestApp, n: number, seed = 0): Promise<string[]> {
  const now = t.ctx.clock.now();
  const rows = Array.from({ length: n }, (_, i) => {
    const month = String(1 + (Math.floor(i / 20) % 12)).padStart(2, '0');
    const day = String(1 + (Math.floor(i / 240) % 28)).padStart(2, '0');
    const birthDate = `${1970 + (i % 20)}-${month}-${day}`;
    return {
      id: randomUUID(),
      personal_number: generatePersonnummer({ birthDate, serial: 600 + (seed % 300) }),
      given_name: 'Test',
      family_name: `Person ${seed}-${i}`,
      street: null,
      postal_code: null,
      city: null,
      municipality: null,
      listed_unit_id: null,
      registry_synced_at: now,
      created_at: now,
      updated_at: now,
    };
  });
  await t.ctx.db.insertInto('persons').values(rows).execute();
  return rows.map((r) => r.id);
}

/** Gives a person a verified e-mail address. */
export async function verifyEmail(t: TestApp, personId: string, email: string): Promise<void> {
  await t.ctx.db
    .updateTable('persons')
    .set({ email, email_verified_at: t.ctx.clock.now() })
    .where('id', '=', personId)
    .execute();
}

/** An accepted ombud grant from `grantor` to `ombud`. */
export async function grantOmbud(t: TestApp, grantor: string, ombud: string, scopes: string[]): Promise<void> {
  const now = t.ctx.clock.now();
  await t.ctx.db
    .insertInto('proxy_grants')
    .values({
      id: randomUUID(),
      grantor_person_id: grantor,
      ombud_person_id: ombud,
      scopes,
      expires_at: new Date(now.getTime() + 365 * 24 * 3600_000),
      status: 'active',
      created_at: now,
      accepted_at: now,
    })
    .execute();
}

/** POST /api/bookings with a key (a fresh one by default). */
export function book(t: TestApp, s: TestSession, payload: Record<string, unknown>, key: string | null = randomUUID()) {
  return t.app.inject({
    method: 'POST',
    url: '/api/bookings',
    headers: { ...s.headers, ...(key === null ? {} : { 'idempotency-key': key }) },
    payload,
  });
}

/** POST /api/bookings/:id/rebook with a fresh key. */
export function rebook(t: TestApp, s: TestSession, bookingId: string, slotId: string, key = randomUUID()) {
  return t.app.inject({
    method: 'POST',
    url: `/api/bookings/${bookingId}/rebook`,
    headers: { ...s.headers, 'idempotency-key': key },
    payload: { slotId },
  });
}

/** slots.booked of a slot. */
export async function bookedOf(t: TestApp, slotId: string): Promise<number> {
  const r = await t.ctx.db.selectFrom('slots').select('booked').where('id', '=', slotId).executeTakeFirstOrThrow();
  return r.booked;
}

/**
 * One booking for `bookMany` (the group commit's set statement), built as the service
 * would: `person` books `slotId` for themself as request `ord`, with a key whose stored
 * answer names `ord` and the booking, an audit entry and one reminder job.
 */
export function setBooking(
  o: { ord: number; person: string; slotId: string; timeTypeId: string; unitId: string; now: Date },
  oneActive = true,
): SetBooking {
  const { ord, person, slotId, timeTypeId, unitId, now } = o;
  const id = randomUUID();
  return {
    ord,
    booking: {
      id,
      slotId,
      personId: person,
      timeTypeId,
      unitId,
      activeKey: oneActive ? timeTypeId : null,
      bookedByPersonId: person,
      onBehalfRelation: null,
      formVersionId: null,
      formAnswers: null,
      rebookedFromId: null,
      now,
    },
    audit: {
      actor: { kind: 'citizen', personId: person },
      subjectPersonId: person,
      action: 'create',
      recordType: 'booking',
      recordId: id,
      purpose: 'self_service',
      at: now,
    },
    key: {
      actorKey: `person:${person}`,
      key: randomUUID(),
      requestHash: `h${ord}`,
      now,
      status: 201,
      body: { ord, id },
    },
    jobs: [
      {
        id: randomUUID(),
        kind: REMINDER_JOB,
        payload: JSON.stringify({ bookingId: id }),
        run_at: new Date(now.getTime() + 3600_000),
        max_attempts: 5,
        created_at: now,
      },
    ],
  };
}
