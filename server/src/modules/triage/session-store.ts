/** SQL for triage sessions, decisions, overrides and the routing facts of units (migration 190). */
import type { Route, RoutedOutcome, RoutingUnit } from '@ingang/domain';
import type { Queryable } from '../../platform/db/index.js';

export interface SessionRow {
  id: string;
  version_id: string;
  subject_person_id: string;
  channel: 'citizen' | 'staff';
  actor_person_id: string | null;
  actor_staff_id: string | null;
  unit_id: string | null;
  answers: Record<string, unknown[]>;
  status: 'draft' | 'decided';
  expires_at: Date;
}

export async function insertSession(
  q: Queryable,
  row: Omit<SessionRow, 'answers' | 'status'> & { at: Date },
): Promise<void> {
  const { at, ...rest } = row;
  await q
    .insertInto('triage_sessions')
    .values({ ...rest, answers: '{}', status: 'draft', created_at: at, updated_at: at })
    .execute();
}

/** The session, locked for the rest of the transaction when `lock` (answers and submits queue on it). */
export async function findSession(q: Queryable, id: string, lock = false): Promise<SessionRow | undefined> {
  let query = q
    .selectFrom('triage_sessions')
    .select([
      'id',
      'version_id',
      'subject_person_id',
      'channel',
      'actor_person_id',
      'actor_staff_id',
      'unit_id',
      'answers',
      'status',
      'expires_at',
    ])
    .where('id', '=', id);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function saveAnswers(
  q: Queryable,
  id: string,
  answers: Record<string, unknown[]>,
  at: Date,
  expiresAt: Date,
): Promise<void> {
  await q
    .updateTable('triage_sessions')
    .set({ answers: JSON.stringify(answers), updated_at: at, expires_at: expiresAt })
    .where('id', '=', id)
    .execute();
}

export interface DecisionInput {
  id: string;
  session: SessionRow;
  decidedByStaffId: string | null;
  response: unknown;
  kind: 'outcome' | 'red_flag' | 'talk_to_someone';
  ruleId: string | null;
  redFlagId: string | null;
  routed: RoutedOutcome;
  at: Date;
}

/** Stores the decision and closes the session (one statement each, in the caller's transaction). */
export async function insertDecision(q: Queryable, d: DecisionInput): Promise<void> {
  await q
    .insertInto('triage_decisions')
    .values({
      id: d.id,
      session_id: d.session.id,
      version_id: d.session.version_id,
      subject_person_id: d.session.subject_person_id,
      channel: d.session.channel,
      decided_by_staff_id: d.decidedByStaffId,
      response: JSON.stringify(d.response),
      kind: d.kind,
      rule_id: d.ruleId,
      red_flag_id: d.redFlagId,
      urgency: d.routed.urgency,
      visit_form: d.routed.visitForm,
      profession: d.routed.profession,
      competence: d.routed.competence ?? null,
      route: d.routed.route,
      requested_route: d.routed.requestedRoute ?? null,
      unit_id: d.routed.unitId,
      routing_reason: d.routed.reason,
      article_id: d.routed.articleId ?? null,
      booking_type: d.routed.bookingType ?? null,
      decided_at: d.at,
    })
    .execute();
  await q
    .updateTable('triage_sessions')
    .set({ status: 'decided', updated_at: d.at })
    .where('id', '=', d.session.id)
    .execute();
}

export async function decisionOfSession(q: Queryable, sessionId: string) {
  return q
    .selectFrom('triage_decisions as d')
    .leftJoin('units as u', 'u.id', 'd.unit_id')
    .select([
      'd.id',
      'd.kind',
      'd.red_flag_id',
      'd.urgency',
      'd.visit_form',
      'd.profession',
      'd.competence',
      'd.route',
      'd.requested_route',
      'd.routing_reason',
      'd.unit_id',
      'u.name as unit_name',
      'u.phone as unit_phone',
      'd.article_id',
      'd.booking_type',
      'd.decided_at',
      'd.response',
    ])
    .where('d.session_id', '=', sessionId)
    .executeTakeFirst();
}
export type DecisionRow = NonNullable<Awaited<ReturnType<typeof decisionOfSession>>>;

export async function findDecision(q: Queryable, id: string) {
  return q
    .selectFrom('triage_decisions')
    .select(['id', 'session_id', 'subject_person_id'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertOverride(
  q: Queryable,
  row: {
    id: string;
    decisionId: string;
    staffId: string;
    unitId: string;
    route: string;
    urgency: string;
    reason: string;
    at: Date;
  },
): Promise<void> {
  await q
    .insertInto('triage_overrides')
    .values({
      id: row.id,
      decision_id: row.decisionId,
      staff_id: row.staffId,
      unit_id: row.unitId,
      route: row.route,
      urgency: row.urgency,
      reason: row.reason,
      created_at: row.at,
    })
    .execute();
}

export async function overridesOf(q: Queryable, decisionId: string) {
  return q
    .selectFrom('triage_overrides')
    .select(['route', 'urgency', 'reason', 'staff_id', 'created_at'])
    .where('decision_id', '=', decisionId)
    .orderBy('created_at')
    .execute();
}

/** Removes drafts past their day (their answers go with them). Returns their ids. */
export async function deleteExpiredDrafts(q: Queryable, now: Date): Promise<string[]> {
  const rows = await q
    .deleteFrom('triage_sessions')
    .where('status', '=', 'draft')
    .where('expires_at', '<=', now)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Facts about the subject routing needs: birth date is derived by the caller from the personnummer. */
export async function subjectFacts(q: Queryable, personId: string) {
  return q
    .selectFrom('persons')
    .select(['personal_number', 'listed_unit_id'])
    .where('id', '=', personId)
    .executeTakeFirst();
}

/** Every active unit with triage settings, in the routing shape; plus the night unit's id. */
export async function routingUnits(q: Queryable): Promise<{ units: RoutingUnit[]; nightUnitId: string | null }> {
  const rows = await q
    .selectFrom('triage_unit_settings as s')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .select(['u.id', 'u.opening_hours', 's.offers', 's.age_min', 's.age_max', 's.night_unit', 's.open_on_holidays'])
    .where('u.active', '=', true)
    .orderBy('u.name')
    .execute();
  return {
    units: rows.map((r) => ({
      id: r.id,
      openingHours: r.opening_hours,
      offers: r.offers as Route[],
      ageMin: r.age_min,
      ageMax: r.age_max,
      openOnHolidays: r.open_on_holidays,
    })),
    nightUnitId: rows.find((r) => r.night_unit)?.id ?? null,
  };
}

export async function unitSettings(q: Queryable, unitId: string) {
  return q.selectFrom('triage_unit_settings').selectAll().where('unit_id', '=', unitId).executeTakeFirst();
}

export async function upsertUnitSettings(
  q: Queryable,
  row: {
    unitId: string;
    offers: string[];
    ageMin: number | null;
    ageMax: number | null;
    nightUnit: boolean;
    openOnHolidays: boolean;
    at: Date;
  },
): Promise<void> {
  // Only one night unit: taking the role releases it from any other unit first.
  if (row.nightUnit) {
    await q
      .updateTable('triage_unit_settings')
      .set({ night_unit: false })
      .where('night_unit', '=', true)
      .where('unit_id', '!=', row.unitId)
      .execute();
  }
  const values = {
    offers: row.offers,
    age_min: row.ageMin,
    age_max: row.ageMax,
    night_unit: row.nightUnit,
    open_on_holidays: row.openOnHolidays,
    updated_at: row.at,
  };
  await q
    .insertInto('triage_unit_settings')
    .values({ unit_id: row.unitId, ...values })
    .onConflict((oc) => oc.column('unit_id').doUpdateSet(values))
    .execute();
}

/** Decisions and overrides in [from, to) for the weekly report (no answers, no people). */
export async function reportRows(q: Queryable, from: Date, to: Date) {
  const decisions = await q
    .selectFrom('triage_decisions')
    .select(['decided_at', 'route', 'urgency', 'kind'])
    .where('decided_at', '>=', from)
    .where('decided_at', '<', to)
    .execute();
  const overrides = await q
    .selectFrom('triage_overrides')
    .select(['created_at'])
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .execute();
  return { decisions, overrides };
}

/** How long a triage routed to a unit gives that unit a care relationship with the patient. */
export const ROUTED_RELATIONSHIP_DAYS = 14;

/**
 * Care-relationship source: a patient whose triage was routed to the unit in
 * the last 14 days (the unit must be able to read the answers to take them).
 * One stable function, so every app instance in a process registers the same.
 */
export async function triageRoutedSource(
  q: Queryable,
  scope: { unitId: string; at: Date },
  personIds: string[],
): Promise<Set<string>> {
  if (personIds.length === 0) return new Set();
  const since = new Date(scope.at.getTime() - ROUTED_RELATIONSHIP_DAYS * 86_400_000);
  const rows = await q
    .selectFrom('triage_decisions')
    .select('subject_person_id')
    .where('unit_id', '=', scope.unitId)
    .where('decided_at', '>=', since)
    .where('subject_person_id', 'in', personIds)
    .execute();
  return new Set(rows.map((r) => r.subject_person_id));
}

/** Triage decisions routed to the unit since `since`, newest first (no answers). */
export async function decisionsRoutedTo(q: Queryable, unitId: string, since: Date) {
  return q
    .selectFrom('triage_decisions as d')
    .innerJoin('persons as p', 'p.id', 'd.subject_person_id')
    .select([
      'd.id',
      'd.session_id',
      'd.subject_person_id',
      'p.given_name',
      'p.family_name',
      'p.protected_identity',
      'd.route',
      'd.urgency',
      'd.kind',
      'd.decided_at',
    ])
    .where('d.unit_id', '=', unitId)
    .where('d.decided_at', '>=', since)
    .orderBy('d.decided_at', 'desc')
    .limit(200)
    .execute();
}

export async function unitExists(q: Queryable, unitId: string): Promise<boolean> {
  return (await q.selectFrom('units').select('id').where('id', '=', unitId).executeTakeFirst()) !== undefined;
}
