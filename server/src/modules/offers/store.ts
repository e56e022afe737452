/**
 * SQL for targeted offers, their targets, target-list uploads and risk-group
 * flags. Staff reads are scoped to a unit (after the unit check); citizen reads
 * to the patient ids the caller may act for. The target group is selected in
 * one statement at publish (criteria) or copied from a validated upload.
 */
import { sql } from 'kysely';
import type { Queryable, Tx } from '../../platform/db/index.js';

export interface OfferRow {
  id: string;
  unit_id: string;
  unit_name: string;
  unit_address: string;
  time_type_id: string;
  type_name_sv: string;
  type_name_en: string;
  duration_minutes: number;
  type_form_id: string | null;
  title: string;
  description: string;
  status: 'draft' | 'published' | 'closed';
  target_kind: 'criteria' | 'list';
  listed_at_unit: boolean;
  min_age: number | null;
  max_age: number | null;
  risk_group: string | null;
  list_size: number | null;
  has_reserved: boolean;
  valid_until: string | null;
  created_at: Date;
  published_at: Date | null;
  closed_at: Date | null;
}

export interface OfferStatsRow {
  reached: number | string;
  notified: number | string;
  booked: number | string;
  reserved_slots: number | string;
  reserved_places_left: number | string | null;
}

function offers(q: Queryable) {
  return q
    .selectFrom('offers as o')
    .innerJoin('units as u', 'u.id', 'o.unit_id')
    .innerJoin('time_types as t', 't.id', 'o.time_type_id')
    .select([
      'o.id',
      'o.unit_id',
      'u.name as unit_name',
      sql<string>`u.street || ', ' || u.postal_code || ' ' || u.city`.as('unit_address'),
      'o.time_type_id',
      't.name_sv as type_name_sv',
      't.name_en as type_name_en',
      't.duration_minutes',
      't.form_id as type_form_id',
      'o.title',
      'o.description',
      'o.status',
      'o.target_kind',
      'o.listed_at_unit',
      'o.min_age',
      'o.max_age',
      'o.risk_group',
      'o.list_size',
      'o.has_reserved',
      sql<string | null>`to_char(o.valid_until, 'YYYY-MM-DD')`.as('valid_until'),
      'o.created_at',
      'o.published_at',
      'o.closed_at',
    ]);
}

/** One offer of the unit, or undefined. */
export async function findOffer(q: Queryable, unitId: string, id: string): Promise<OfferRow | undefined> {
  return (await offers(q).where('o.id', '=', id).where('o.unit_id', '=', unitId).executeTakeFirst()) as
    | OfferRow
    | undefined;
}

/** One offer by id (citizen paths check the target row), or undefined. */
export async function findOfferById(q: Queryable, id: string): Promise<OfferRow | undefined> {
  return (await offers(q).where('o.id', '=', id).executeTakeFirst()) as OfferRow | undefined;
}

/** The unit's offers, newest first. */
export async function listOffers(q: Queryable, unitId: string): Promise<OfferRow[]> {
  return (await offers(q)
    .where('o.unit_id', '=', unitId)
    .orderBy('o.created_at', 'desc')
    .orderBy('o.id')
    .limit(200)
    .execute()) as OfferRow[];
}

/** Reached / notified / booked and the reserved times of each offer in `ids`. */
export async function offerStats(q: Queryable, ids: string[], now: Date): Promise<Map<string, OfferStatsRow>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql<OfferStatsRow & { id: string }>`
    select o.id,
           (select count(*) from offer_targets ot where ot.offer_id = o.id) as reached,
           (select count(*) from offer_targets ot where ot.offer_id = o.id and ot.notified_at is not null) as notified,
           (select count(*) from offer_targets ot join bookings b on b.id = ot.booking_id
             where ot.offer_id = o.id and b.status in ('booked', 'arrived', 'completed')) as booked,
           (select count(*) from slots s where s.reserved_for = o.id) as reserved_slots,
           (select sum(s.capacity - s.booked) from slots s
             where s.reserved_for = o.id and s.withdrawn_at is null and s.starts_at > ${now}) as reserved_places_left
      from offers o where o.id in (${sql.join(ids)})`.execute(q);
  return new Map(rows.map((r) => [r.id, r]));
}

export interface NewOffer {
  id: string;
  unitId: string;
  timeTypeId: string;
  title: string;
  description: string;
  targetKind: 'criteria' | 'list';
  listedAtUnit: boolean;
  minAge: number | null;
  maxAge: number | null;
  riskGroup: string | null;
  uploadToken: string | null;
  listSize: number | null;
  hasReserved: boolean;
  validUntil: string | null;
  staffId: string;
  now: Date;
}

export async function insertOffer(trx: Tx, n: NewOffer): Promise<void> {
  await trx
    .insertInto('offers')
    .values({
      id: n.id,
      unit_id: n.unitId,
      time_type_id: n.timeTypeId,
      title: n.title,
      description: n.description,
      status: 'draft',
      target_kind: n.targetKind,
      listed_at_unit: n.listedAtUnit,
      min_age: n.minAge,
      max_age: n.maxAge,
      risk_group: n.riskGroup,
      upload_token: n.uploadToken,
      list_size: n.listSize,
      has_reserved: n.hasReserved,
      valid_until: n.validUntil,
      created_by_staff_id: n.staffId,
      created_at: n.now,
    })
    .execute();
}

/** Locks the offer row of the unit. */
export async function lockOffer(trx: Tx, unitId: string, id: string) {
  return trx
    .selectFrom('offers')
    .select(['id', 'status', 'target_kind', 'upload_token'])
    .where('id', '=', id)
    .where('unit_id', '=', unitId)
    .forUpdate()
    .executeTakeFirst();
}

/** The guarded status change; false when the offer was not in `from`. */
export async function setStatus(
  trx: Tx,
  id: string,
  from: ('draft' | 'published')[],
  to: 'published' | 'closed',
  now: Date,
): Promise<boolean> {
  const r = await trx
    .updateTable('offers')
    .set(to === 'published' ? { status: to, published_at: now } : { status: to, closed_at: now })
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The SQL birth date 'YYYY-MM-DD' of a personnummer column (samordningsnummer: day − 60). */
const birthDateOf = sql<string>`substr(p.personal_number, 1, 4) || '-' || substr(p.personal_number, 5, 2) || '-' ||
  lpad((substr(p.personal_number, 7, 2)::int % 60)::text, 2, '0')`;

/**
 * Materialises a criteria target group in one statement (listed at the unit, birth-date
 * bounds from the age range, an active risk flag of the unit); returns the person ids.
 */
export async function insertCriteriaTargets(
  trx: Tx,
  o: {
    offerId: string;
    unitId: string;
    listedAtUnit: boolean;
    riskGroup: string | null;
    bornOnOrBefore: string | null;
    bornAfter: string | null;
    now: Date;
  },
): Promise<string[]> {
  const conditions = [sql`true`];
  if (o.listedAtUnit) conditions.push(sql`p.listed_unit_id = ${o.unitId}`);
  if (o.bornOnOrBefore) conditions.push(sql`${birthDateOf} <= ${o.bornOnOrBefore}`);
  if (o.bornAfter) conditions.push(sql`${birthDateOf} > ${o.bornAfter}`);
  if (o.riskGroup) {
    conditions.push(sql`exists (select 1 from risk_flags f where f.person_id = p.id and f.unit_id = ${o.unitId}
      and f.risk_group = ${o.riskGroup} and f.removed_at is null)`);
  }
  const { rows } = await sql<{ person_id: string }>`
    insert into offer_targets (offer_id, person_id, created_at)
    select ${o.offerId}::uuid, p.id, ${o.now}::timestamptz from persons p
     where ${sql.join(conditions, sql` and `)}
    on conflict do nothing
    returning person_id`.execute(trx);
  return rows.map((r) => r.person_id);
}

/** Materialises a list target group from its upload; returns the person ids. */
export async function insertListTargets(trx: Tx, offerId: string, token: string, now: Date): Promise<string[]> {
  const { rows } = await sql<{ person_id: string }>`
    insert into offer_targets (offer_id, person_id, created_at)
    select ${offerId}::uuid, x.id::uuid, ${now}::timestamptz
      from offer_target_uploads u, jsonb_array_elements_text(u.person_ids) as x(id)
     where u.token = ${token}
    on conflict do nothing
    returning person_id`.execute(trx);
  return rows.map((r) => r.person_id);
}

/** Person ids by personnummer for the given numbers (chunked). */
export async function knownPersons(
  q: Queryable,
  numbers: string[],
): Promise<Map<string, { id: string; protectedIdentity: boolean }>> {
  const result = new Map<string, { id: string; protectedIdentity: boolean }>();
  for (let i = 0; i < numbers.length; i += 1000) {
    const chunk = numbers.slice(i, i + 1000);
    const rows = await q
      .selectFrom('persons')
      .select(['id', 'personal_number', 'protected_identity'])
      .where('personal_number', 'in', chunk)
      .execute();
    for (const r of rows) result.set(r.personal_number, { id: r.id, protectedIdentity: r.protected_identity });
  }
  return result;
}

export async function insertUpload(
  q: Queryable,
  u: { token: string; unitId: string; staffId: string; personIds: string[]; now: Date; expiresAt: Date },
): Promise<void> {
  await q
    .insertInto('offer_target_uploads')
    .values({
      token: u.token,
      unit_id: u.unitId,
      staff_id: u.staffId,
      person_ids: JSON.stringify(u.personIds),
      created_at: u.now,
      expires_at: u.expiresAt,
    })
    .execute();
}

/** Takes an unused, unexpired upload of the unit once; returns its size, or null. */
export async function takeUpload(trx: Tx, token: string, unitId: string, now: Date): Promise<number | null> {
  const r = await trx
    .updateTable('offer_target_uploads')
    .set({ used_at: now })
    .where('token', '=', token)
    .where('unit_id', '=', unitId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(sql<number>`jsonb_array_length(person_ids)`.as('size'))
    .executeTakeFirst();
  return r ? Number(r.size) : null;
}

export interface TargetRow {
  offer_id: string;
  person_id: string;
  given_name: string;
  family_name: string;
  booking_id: string | null;
}

/** The published, open offers targeting `personIds` (one row per offer and person), with active bookings. */
export async function targetsOf(q: Queryable, personIds: string[], today: string) {
  if (personIds.length === 0) return [];
  return q
    .selectFrom('offer_targets as ot')
    .innerJoin('offers as o', 'o.id', 'ot.offer_id')
    .innerJoin('persons as p', 'p.id', 'ot.person_id')
    .leftJoin('bookings as b', (j) =>
      j.onRef('b.id', '=', 'ot.booking_id').on('b.status', 'in', ['booked', 'arrived', 'completed']),
    )
    .select(['ot.offer_id', 'ot.person_id', 'p.given_name', 'p.family_name', 'b.id as booking_id'])
    .where('ot.person_id', 'in', personIds)
    .where('o.status', '=', 'published')
    .where((eb) => eb.or([eb('o.valid_until', 'is', null), eb('o.valid_until', '>=', today)]))
    .orderBy('o.published_at', 'desc')
    .limit(200)
    .execute() as Promise<TargetRow[]>;
}

/** Locks one target row (the booking gate), with its booking's status. */
export async function lockTarget(trx: Tx, offerId: string, personId: string) {
  const row = await trx
    .selectFrom('offer_targets')
    .select(['offer_id', 'person_id', 'booking_id'])
    .where('offer_id', '=', offerId)
    .where('person_id', '=', personId)
    .forUpdate()
    .executeTakeFirst();
  if (!row?.booking_id) return row ? { ...row, bookingActive: false } : undefined;
  const booking = await trx.selectFrom('bookings').select('status').where('id', '=', row.booking_id).executeTakeFirst();
  return { ...row, bookingActive: booking ? ['booked', 'arrived', 'completed'].includes(booking.status) : false };
}

export async function setTargetBooking(trx: Tx, offerId: string, personId: string, bookingId: string): Promise<void> {
  await trx
    .updateTable('offer_targets')
    .set({ booking_id: bookingId })
    .where('offer_id', '=', offerId)
    .where('person_id', '=', personId)
    .execute();
}

/** Targets not yet notified (a batch). */
export async function unnotifiedTargets(q: Queryable, offerId: string, limit: number): Promise<string[]> {
  const rows = await q
    .selectFrom('offer_targets')
    .select('person_id')
    .where('offer_id', '=', offerId)
    .where('notified_at', 'is', null)
    .orderBy('person_id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.person_id);
}

export async function markNotified(q: Queryable, offerId: string, personIds: string[], now: Date): Promise<void> {
  if (personIds.length === 0) return;
  await q
    .updateTable('offer_targets')
    .set({ notified_at: now })
    .where('offer_id', '=', offerId)
    .where('person_id', 'in', personIds)
    .execute();
}

// ---- risk-group flags

export interface RiskFlagRow {
  id: string;
  risk_group: string;
  person_id: string;
  personal_number: string;
  given_name: string;
  family_name: string;
  protected_identity: boolean;
  created_at: Date;
  removed_at: Date | null;
}

const riskFlags = (q: Queryable) =>
  q
    .selectFrom('risk_flags as f')
    .innerJoin('persons as p', 'p.id', 'f.person_id')
    .select([
      'f.id',
      'f.risk_group',
      'f.person_id',
      'p.personal_number',
      'p.given_name',
      'p.family_name',
      'p.protected_identity',
      'f.created_at',
      'f.removed_at',
    ]);

/** A unit's active flags (optionally of one group), by patient name; at most 1000. */
export function listActiveRiskFlags(q: Queryable, unitId: string, riskGroup?: string): Promise<RiskFlagRow[]> {
  let query = riskFlags(q).where('f.unit_id', '=', unitId).where('f.removed_at', 'is', null);
  if (riskGroup) query = query.where('f.risk_group', '=', riskGroup);
  return query.orderBy('p.family_name').orderBy('p.given_name').limit(1000).execute();
}

/** One flag with its patient, optionally only when it belongs to the unit. */
export async function findRiskFlag(q: Queryable, id: string, unitId?: string): Promise<RiskFlagRow | undefined> {
  let query = riskFlags(q).where('f.id', '=', id);
  if (unitId) query = query.where('f.unit_id', '=', unitId);
  return query.executeTakeFirst();
}

/** Inserts a flag (a second active flag of the same group is a unique violation). */
export async function insertRiskFlag(
  q: Queryable,
  flag: { id: string; unitId: string; personId: string; riskGroup: string; staffId: string; now: Date },
): Promise<void> {
  await q
    .insertInto('risk_flags')
    .values({
      id: flag.id,
      unit_id: flag.unitId,
      person_id: flag.personId,
      risk_group: flag.riskGroup,
      created_by_staff_id: flag.staffId,
      created_at: flag.now,
    })
    .execute();
}

/** Marks a flag removed (kept as history); a removed flag stays as it was. */
export async function removeRiskFlag(q: Queryable, id: string, staffId: string, now: Date): Promise<void> {
  await q
    .updateTable('risk_flags')
    .set({ removed_at: now, removed_by_staff_id: staffId })
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .execute();
}
