/**
 * The facts the booking page's "rules up front" need for one person: every
 * self-bookable type with its eligibility columns, its release rules, the
 * person's last dose in the type's dose group, and their active bookings.
 * Three small reads inside the caller's (audited) transaction.
 */
import type { EligibilityTimeType, ReleaseRule } from '@ingang/domain';
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.js';

export interface OutlookType extends EligibilityTimeType {
  id: string;
  nameSv: string;
  lastDoseAt: Date | null;
  releaseRules: ReleaseRule[];
  /** The person's active (booked/arrived) bookings of the type, earliest first. */
  active: { id: string; start: Date }[];
}

interface TypeRow {
  id: string;
  name_sv: string;
  self_bookable: boolean;
  min_age: number | null;
  max_age: number | null;
  one_active_booking: boolean;
  dose_group: string | null;
  min_days_since_dose: number | null;
  last_dose_at: Date | null;
}

const isoDate = (v: string | Date | null) => (v instanceof Date ? v.toISOString().slice(0, 10) : v);

/** The person's outlook facts for every self-bookable, not retired type. */
export async function outlookFacts(q: Queryable, personId: string): Promise<OutlookType[]> {
  const { rows: types } = await sql<TypeRow>`
    select t.id, t.name_sv, t.self_bookable, t.min_age, t.max_age, t.one_active_booking, t.dose_group,
           t.min_days_since_dose,
           (select d.given_at from dose_records d
             where d.person_id = ${personId} and d.dose_group = t.dose_group
             order by d.given_at desc limit 1) as last_dose_at
      from time_types t
     where t.retired_at is null and t.self_bookable
     order by t.name_sv`.execute(q);
  if (types.length === 0) return [];
  const { rows: rules } = await sql<{
    time_type_id: string;
    born_on_or_before: string | Date | null;
    min_age: number | null;
    opens_at: Date;
    paused_at: Date | null;
  }>`select r.time_type_id, r.born_on_or_before, r.min_age, r.opens_at, r.paused_at
       from release_rules r join time_types t on t.id = r.time_type_id
      where t.retired_at is null and t.self_bookable`.execute(q);
  const { rows: active } = await sql<{ id: string; time_type_id: string; starts_at: Date }>`
    select b.id, b.time_type_id, s.starts_at from bookings b join slots s on s.id = b.slot_id
     where b.person_id = ${personId} and b.status in ('booked', 'arrived')
     order by s.starts_at`.execute(q);
  return types.map((t) => ({
    id: t.id,
    nameSv: t.name_sv,
    selfBookable: t.self_bookable,
    minAge: t.min_age,
    maxAge: t.max_age,
    oneActiveBooking: t.one_active_booking,
    doseGroup: t.dose_group,
    minDaysSinceDose: t.min_days_since_dose,
    lastDoseAt: t.last_dose_at,
    releaseRules: rules
      .filter((r) => r.time_type_id === t.id)
      .map((r) => ({
        bornOnOrBefore: isoDate(r.born_on_or_before),
        minAge: r.min_age,
        opensAt: r.opens_at,
        pausedAt: r.paused_at,
      })),
    active: active.filter((b) => b.time_type_id === t.id).map((b) => ({ id: b.id, start: b.starts_at })),
  }));
}
