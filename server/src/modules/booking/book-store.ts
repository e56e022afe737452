/**
 * The booking path in as few statements as the guarantees allow. A booking
 * used to be ~17 sequential statements, each an event-loop turn on a busy
 * core while the transaction stayed open:
 *
 * - `bookingFacts`: slot + type + unit, the patient, the release rules, the
 *   last dose, the count of active bookings and the current health
 *   declaration in ONE read;
 * - `bookAtOnce` (booking for oneself, the release-rush path): everything the
 *   booking writes in ONE statement that is its own transaction — two round
 *   trips per booking in all;
 * - `bookMany` (a group commit's batch of bookings for oneself, group-commit.ts): the
 *   `bookAtOnce` of every booking of the batch as ONE set statement — the batch costs
 *   two statements (`bookingFactsMany` + `bookMany`) whatever its size;
 * - `takePlaceAndInsert` (on someone's behalf, through an invitation or offer,
 *   inside the transaction that checked the right to do so): the audit entry (chain head + entry), the guarded
 *   place-taking update, the booking insert and the stored idempotent answer
 *   in ONE statement of data-modifying CTEs. Every guarantee is still the
 *   database's: the guarded update and CHECK (booked <= capacity), the unique
 *   index bookings_one_active (a violation fails the whole statement), the
 *   audit row in the same transaction. When no place was taken nothing is
 *   inserted and the caller throws, rolling back the audit and answer rows.
 */
import { type RawBuilder, sql } from 'kysely';
import { type AuditEntry, auditedQuery, guardedAuditCtes, guardedAuditSetCtes } from '../../platform/audit.js';
import type { Queryable, Tx } from '../../platform/db/index.js';
import type { NewJobRow } from '../../platform/jobs.js';
import { type NewBooking, type SlotFacts, type SlotFactsRow, toSlotFacts } from './store.js';

/** The patient's facts the booking needs (eligibility, mail, the answer). */
export interface PatientFacts {
  id: string;
  personal_number: string;
  given_name: string;
  family_name: string;
  email: string | null;
  email_verified_at: Date | null;
  notify_email: boolean;
  protected_identity: boolean;
  phone: string | null;
  notify_sms: boolean;
  locale: 'sv' | 'en';
}

export interface BookingFacts {
  slot: SlotFacts;
  patient: PatientFacts | null;
  releaseRules: { bornOnOrBefore: string | null; minAge: number | null; opensAt: Date; pausedAt: Date | null }[];
  lastDoseAt: Date | null;
  activeBookingsOfType: number;
  /** Whether `idempotency` named a key already stored (false when not asked). */
  keyUsed: boolean;
  /** The newest version of the type's health declaration; null when it needs none. */
  formVersion: { id: string; definition: unknown } | null;
}

/** A slot-facts row plus the unit's address, the patient, one release rule and the key check. */
interface FactsRow extends SlotFactsRow {
  unit_address: string;
  p_id: string | null;
  personal_number: string | null;
  given_name: string | null;
  family_name: string | null;
  email: string | null;
  email_verified_at: Date | null;
  notify_email: boolean | null;
  protected_identity: boolean | null;
  phone: string | null;
  notify_sms: boolean | null;
  locale: 'sv' | 'en' | null;
  last_dose_at: Date | null;
  active_bookings: number | string;
  r_born_on_or_before: string | Date | null;
  r_min_age: number | null;
  r_opens_at: Date | null;
  r_paused_at: Date | null;
  key_used: boolean | null;
  form_version_id: string | null;
  form_definition: unknown;
}

/** ISO date of a `date` column, whatever the driver made of it. */
const isoDate = (v: string | Date | null) => (v instanceof Date ? v.toISOString().slice(0, 10) : v);

/**
 * Everything eligibility needs, in one statement: one row per release rule of
 * the type (one row with null rule columns when it has none), or null when
 * there is no such slot. `exceptBookingId` is the booking a rebook replaces.
 */
export async function bookingFacts(
  q: Queryable,
  slotId: string,
  patientId: string,
  exceptBookingId: string | null,
  idempotency?: { actorKey: string; key: string },
): Promise<BookingFacts | null> {
  const [facts] = await bookingFactsMany(q, [{ slotId, patientId, exceptBookingId, idempotency }]);
  return facts ?? null;
}

/** What `bookingFactsMany` reads for one booking. */
export interface FactsRequest {
  slotId: string;
  patientId: string;
  exceptBookingId: string | null;
  /** Ask whether this key is stored already (`keyUsed`). */
  idempotency?: { actorKey: string; key: string };
}

/**
 * `bookingFacts` for several bookings in ONE statement (a batch of bookings,
 * see group-commit.ts): the facts of each request, in order, null where its slot
 * does not exist.
 */
export async function bookingFactsMany(q: Queryable, requests: FactsRequest[]): Promise<(BookingFacts | null)[]> {
  if (requests.length === 0) return [];
  // One JSON parameter, not a VALUES list: the statement's text is the same for every batch
  // size, so each connection parses and plans it once (prepared.ts) instead of once per size —
  // planning was ~1 ms of a 32-booking batch's ~1.5 ms (docs/performance.md).
  const req = JSON.stringify(
    requests.map((r, i) => ({
      ord: i,
      slot_id: r.slotId,
      patient_id: r.patientId,
      except_id: r.exceptBookingId,
      actor_key: r.idempotency?.actorKey ?? null,
      key: r.idempotency?.key ?? null,
    })),
  );
  const { rows } = await sql<FactsRow & { ord: number }>`
    select req.ord, s.id, s.unit_id, s.time_type_id, s.starts_at, s.ends_at, s.capacity, s.booked, s.visible_from,
           s.reserved_for, s.withdrawn_at, t.code, t.name_sv, t.name_en, t.retired_at, t.self_bookable, t.min_age, t.max_age,
           t.one_active_booking, t.dose_group, t.min_days_since_dose, t.cancel_cutoff_minutes, t.form_id,
           u.name as unit_name, u.street || ', ' || u.postal_code || ' ' || u.city as unit_address,
           p.id as p_id, p.personal_number, p.given_name, p.family_name, p.email, p.email_verified_at,
           p.notify_email, p.protected_identity, p.phone, p.notify_sms, p.locale,
           (select d.given_at from dose_records d
             where d.person_id = req.patient_id and d.dose_group = t.dose_group
             order by d.given_at desc limit 1) as last_dose_at,
           (select count(*) from bookings b
             where b.person_id = req.patient_id and b.time_type_id = s.time_type_id
               and b.status in ('booked', 'arrived')
               and (req.except_id is null or b.id <> req.except_id)) as active_bookings,
           r.born_on_or_before as r_born_on_or_before, r.min_age as r_min_age, r.opens_at as r_opens_at,
           r.paused_at as r_paused_at,
           case when req.key is null then null::boolean
                else exists (select 1 from idempotency_keys k where k.actor_key = req.actor_key and k.key = req.key)
           end as key_used,
           fv.id as form_version_id, fv.definition as form_definition
      from jsonb_to_recordset(${req}::jsonb)
           as req(ord int, slot_id uuid, patient_id uuid, except_id uuid, actor_key text, key text)
      join slots s on s.id = req.slot_id
      join time_types t on t.id = s.time_type_id
      join units u on u.id = s.unit_id
      left join lateral (select v.id, v.definition from health_form_versions v
                          where v.form_id = t.form_id order by v.version desc limit 1) fv on true
      left join persons p on p.id = req.patient_id
      left join release_rules r on r.time_type_id = s.time_type_id`.execute(q);
  const byRequest = new Map<number, (FactsRow & { ord: number })[]>();
  for (const row of rows) {
    const ord = Number(row.ord);
    const list = byRequest.get(ord);
    if (list) list.push(row);
    else byRequest.set(ord, [row]);
  }
  return requests.map((_, i) => {
    const mine = byRequest.get(i);
    return mine ? toBookingFacts(mine) : null;
  });
}

/** The facts of one request from its rows (one per release rule). */
function toBookingFacts(rows: FactsRow[]): BookingFacts {
  const r = rows[0] as FactsRow;
  return {
    slot: toSlotFacts(r, r.unit_address),
    patient: r.p_id
      ? {
          id: r.p_id,
          personal_number: r.personal_number ?? '',
          given_name: r.given_name ?? '',
          family_name: r.family_name ?? '',
          email: r.email,
          email_verified_at: r.email_verified_at,
          notify_email: r.notify_email ?? false,
          protected_identity: r.protected_identity ?? false,
          phone: r.phone,
          notify_sms: r.notify_sms ?? false,
          locale: r.locale ?? 'sv',
        }
      : null,
    releaseRules: rows
      .filter((x) => x.r_opens_at !== null)
      .map((x) => ({
        bornOnOrBefore: isoDate(x.r_born_on_or_before),
        minAge: x.r_min_age,
        opensAt: x.r_opens_at as Date,
        pausedAt: x.r_paused_at,
      })),
    lastDoseAt: r.last_dose_at,
    activeBookingsOfType: Number(r.active_bookings),
    keyUsed: r.key_used === true,
    formVersion: r.form_version_id ? { id: r.form_version_id, definition: r.form_definition } : null,
  };
}

/**
 * The guarded place-taking update (the CTE `taken` of both booking statements): a
 * place on a time that is not full, withdrawn, hidden or started, and open (or
 * reserved for the invitation/offer booking through it).
 */
const takePlace = (b: NewBooking, reserved: RawBuilder<unknown>) =>
  sql`update slots set booked = booked + 1
       where id = ${b.slotId} and booked < capacity and withdrawn_at is null and ${reserved}
         and visible_from <= ${b.now} and starts_at > ${b.now}
      returning id`;

/** The booking row on the place `taken` took (none when it took none), returning its id. */
function insertBookingFromTaken(b: NewBooking) {
  const formAnswers = b.formAnswers === null || b.formAnswers === undefined ? null : JSON.stringify(b.formAnswers);
  return sql`insert into bookings (id, slot_id, person_id, time_type_id, unit_id, status, active_key,
                                   booked_by_person_id, on_behalf_relation, form_version_id, form_answers,
                                   rebooked_from_id, created_at, updated_at)
    select ${b.id}::uuid, taken.id, ${b.personId}::uuid, ${b.timeTypeId}::uuid, ${b.unitId}::uuid, 'booked',
           ${b.activeKey}::uuid, ${b.bookedByPersonId}::uuid, ${b.onBehalfRelation}::text,
           ${b.formVersionId}::uuid, ${formAnswers}::jsonb, ${b.rebookedFromId}::uuid,
           ${b.now}::timestamptz, ${b.now}::timestamptz
      from taken
    returning id`;
}

/** The idempotent answer to store with the booking (same statement). */
export interface StoredAnswer {
  actorKey: string;
  key: string;
  status: number;
  body: unknown;
}

/**
 * Takes a place on `b.slotId` (the guarded update) and inserts the booking,
 * with its audit entry and the stored idempotent answer, in one statement.
 * Returns false when no place was taken (full, withdrawn, not visible,
 * started, reserved for another): then no booking row exists, and the caller must throw so the
 * transaction — with the audit and answer rows of this statement — rolls
 * back. A second active booking raises the unique violation (23505).
 */
export async function takePlaceAndInsert(
  trx: Tx,
  b: NewBooking,
  audit: AuditEntry,
  answer: StoredAnswer,
  /** The invitation/offer the slot must be reserved for; null (the common case): an open time. */
  reservation: string | null = null,
): Promise<boolean> {
  const reserved = reservation === null ? sql`reserved_for is null` : sql`reserved_for = ${reservation}::uuid`;
  const rows = await auditedQuery(trx, audit, (qc) =>
    qc
      .with('taken', () => sql`(${takePlace(b, reserved)})`)
      .with(
        'answer',
        () => sql`(update idempotency_keys set status_code = ${answer.status},
            response = ${JSON.stringify(answer.body)}::jsonb
          where actor_key = ${answer.actorKey} and key = ${answer.key})`,
      )
      .with('booking(id)', () => sql`(${insertBookingFromTaken(b)})`)
      .selectFrom('booking')
      .select('id'),
  );
  return rows.length === 1;
}

/** The idempotency key row a one-statement booking writes, answer included. */
export interface KeyRow {
  actorKey: string;
  key: string;
  requestHash: string;
  now: Date;
  status: number;
  body: unknown;
}

/**
 * A whole booking in ONE statement outside any transaction (a statement is its
 * own transaction): the guarded place-taking update, then — only if it took a
 * place — the idempotency key with its answer, the audit entry, the booking
 * row and its jobs (the confirmation's mail and SMS; the reminder is derived,
 * reminders.ts). Nothing else runs between taking the place and committing, so
 * the time's row lock is held for one statement instead of across round trips, and the booking costs one round
 * trip instead of BEGIN … COMMIT. Returns false when no place was taken (full,
 * withdrawn, not visible, started, reserved): then nothing at all was written.
 * A unique violation (23505) fails the whole statement: the key is already
 * stored (a repeat — read its answer) or the person has an active booking of
 * the type (bookings_one_active).
 */
export async function bookAtOnce(q: Queryable, b: NewBooking, audit: AuditEntry, key: KeyRow, jobs: NewJobRow[]) {
  const jobValues = sql.join(
    jobs.map(
      (j) =>
        sql`(${j.id}::uuid, ${j.kind}::text, ${j.payload}::jsonb, ${j.run_at}::timestamptz, ${j.max_attempts}::int, ${j.created_at}::timestamptz)`,
    ),
  );
  const jobCte = jobs.length
    ? sql`, job as (insert into jobs (id, kind, payload, run_at, max_attempts, created_at)
          select v.* from (values ${jobValues}) v where exists (select 1 from booking))`
    : sql``;
  const { rows } = await sql<{ id: string }>`
    with taken as (${takePlace(b, sql`reserved_for is null`)}),
      answer as (insert into idempotency_keys (actor_key, key, request_hash, created_at, status_code, response)
          select ${key.actorKey}::text, ${key.key}::text, ${key.requestHash}::text, ${key.now}::timestamptz,
                 ${key.status}::int, ${JSON.stringify(key.body)}::jsonb
            from taken)
      ${guardedAuditCtes(audit, 'taken')},
      booking as (${insertBookingFromTaken(b)})
      ${jobCte}
    select id from booking`.execute(q);
  return rows.length === 1;
}

/** One booking of a set statement (`bookMany`): what `bookAtOnce` takes, named by `ord`. */
export interface SetBooking {
  /** The caller's ordinal: the place's order among the batch's requests for one time (arrival order). */
  ord: number;
  booking: NewBooking;
  audit: AuditEntry;
  key: KeyRow;
  jobs: NewJobRow[];
}

/** What `bookMany` decided for one booking. */
export interface SetOutcome {
  ord: number;
  /** The place was taken and everything written. */
  booked: boolean;
  /** Not booked, and the time is full (not withdrawn): 409 slot_full; else slot_unavailable. */
  full: boolean;
}

/**
 * A whole batch of bookings for oneself in ONE statement (its own transaction): the
 * `bookAtOnce` of each, set-based. Its parts, as CTEs:
 *
 * - `req`: the bookings (one JSON parameter → rows; a second one carries their jobs);
 * - `locked`: their times, locked FOR UPDATE in id order (the order every batch and every
 *   single booking's guarded update locks times in, so they cannot deadlock over times). In
 *   read committed a locked row is the newest committed version: the counts below are
 *   current, and no one changes them before this statement commits;
 * - `decided`: per time, the requests the guard lets in (not withdrawn, not reserved, visible
 *   and not started at the request's own `now`) are ranked by `ord`; the first
 *   `capacity - booked` win — the rest were too late (`full`, as `noPlace` would say);
 * - `taken`: `booked + winners` on each time (the CHECK booked <= capacity still backs it);
 * - only for the winners: the idempotency key with its answer, the audit entry linked into the
 *   patient's chain (`guardedAuditSetCtes`, one per patient: a batch has one booking per
 *   person), the booking row and its jobs.
 *
 * Returns one outcome per booking. A refusal is an outcome, not an error: nothing of a
 * booking that did not win is written. A unique violation (a concurrent repeat of a key or a
 * second active booking made elsewhere meanwhile) or a deadlock fails the whole statement —
 * nothing at all is written — and the caller re-runs the batch on fresh facts.
 */
export async function bookMany(q: Queryable, items: SetBooking[]): Promise<SetOutcome[]> {
  if (items.length === 0) return [];
  const req = items.map(({ ord, booking: b, key }) => ({
    ord,
    slot_id: b.slotId,
    now: b.now.toISOString(),
    id: b.id,
    person_id: b.personId,
    time_type_id: b.timeTypeId,
    unit_id: b.unitId,
    active_key: b.activeKey,
    booked_by_person_id: b.bookedByPersonId,
    on_behalf_relation: b.onBehalfRelation,
    form_version_id: b.formVersionId,
    form_answers: b.formAnswers ?? null,
    rebooked_from_id: b.rebookedFromId,
    actor_key: key.actorKey,
    key: key.key,
    request_hash: key.requestHash,
    key_at: key.now.toISOString(),
    status: key.status,
    response: key.body,
  }));
  const jobs = items.flatMap(({ ord, jobs }) =>
    jobs.map((j) => ({
      ord,
      id: j.id,
      kind: j.kind,
      payload: j.payload,
      run_at: j.run_at.toISOString(),
      max_attempts: j.max_attempts,
      created_at: j.created_at.toISOString(),
    })),
  );
  // No jobs (no one to tell by mail or SMS, as most in a rush): no CTE to plan.
  const jobCte = jobs.length
    ? sql`, job as (
      insert into jobs (id, kind, payload, run_at, max_attempts, created_at)
      select j.id, j.kind, j.payload::jsonb, j.run_at, j.max_attempts, j.created_at
        from jsonb_to_recordset(${JSON.stringify(jobs)}::jsonb) as j(
               ord int, id uuid, kind text, payload text, run_at timestamptz, max_attempts int, created_at timestamptz)
       where j.ord in (select ord from winners))`
    : sql``;
  const audits = items.map(({ ord, audit }) => ({ ord, entry: audit }));
  const { rows } = await sql<{ ord: number; booked: boolean; full: boolean }>`
    with req as materialized (
      select r.* from jsonb_to_recordset(${JSON.stringify(req)}::jsonb) as r(
        ord int, slot_id uuid, now timestamptz, id uuid, person_id uuid, time_type_id uuid, unit_id uuid,
        active_key uuid, booked_by_person_id uuid, on_behalf_relation text, form_version_id uuid,
        form_answers jsonb, rebooked_from_id uuid, actor_key text, key text, request_hash text,
        key_at timestamptz, status int, response jsonb)),
    locked as materialized (
      select s.id, s.capacity, s.booked, s.withdrawn_at, s.reserved_for, s.visible_from, s.starts_at
        from slots s where s.id in (select slot_id from req)
       order by s.id
         for update),
    judged as materialized (
      select req.ord, req.slot_id, l.capacity, l.booked, l.withdrawn_at,
             coalesce(l.withdrawn_at is null and l.reserved_for is null
                      and l.visible_from <= req.now and l.starts_at > req.now, false) as bookable
        from req left join locked l on l.id = req.slot_id),
    decided as materialized (
      select j.*, j.bookable and row_number() over (partition by j.slot_id, j.bookable order by j.ord)
                                 <= j.capacity - j.booked as won
        from judged j),
    winners as materialized (select req.* from req join decided d on d.ord = req.ord and d.won),
    taken as (
      update slots s set booked = s.booked + g.n
        from (select slot_id, count(*)::int as n from decided where won group by slot_id) g
       where s.id = g.slot_id
      returning s.id, s.booked),
    answer as (
      insert into idempotency_keys (actor_key, key, request_hash, created_at, status_code, response)
      select w.actor_key, w.key, w.request_hash, w.key_at, w.status, w.response from winners w)
    ${guardedAuditSetCtes(audits, 'winners')},
    booking as (
      insert into bookings (id, slot_id, person_id, time_type_id, unit_id, status, active_key,
                            booked_by_person_id, on_behalf_relation, form_version_id, form_answers,
                            rebooked_from_id, created_at, updated_at)
      select w.id, w.slot_id, w.person_id, w.time_type_id, w.unit_id, 'booked', w.active_key,
             w.booked_by_person_id, w.on_behalf_relation, w.form_version_id, w.form_answers,
             w.rebooked_from_id, w.now, w.now
        from winners w
      returning id)
    ${jobCte}
    select d.ord, d.won as booked,
           not d.won and d.withdrawn_at is null and d.capacity is not null
             and coalesce(t.booked, d.booked) >= d.capacity as full
      from decided d left join taken t on t.id = d.slot_id`.execute(q);
  const byOrd = new Map(rows.map((r) => [Number(r.ord), r]));
  return items.map(({ ord }) => {
    const r = byOrd.get(ord);
    if (!r) throw new Error(`bookMany: no outcome for ${ord}`);
    return { ord, booked: r.booked === true, full: r.full === true };
  });
}
