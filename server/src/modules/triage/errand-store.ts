/** SQL for errand types per unit (migration 261). */
import type { Queryable } from '../../platform/db/index.js';

export async function unitErrandTypes(q: Queryable, unitId: string) {
  return q
    .selectFrom('unit_errand_types')
    .select(['kind', 'enabled', 'response_days', 'topic_id'])
    .where('unit_id', '=', unitId)
    .execute();
}

export async function upsertUnitErrandType(
  q: Queryable,
  row: {
    unitId: string;
    kind: string;
    enabled: boolean;
    responseDays: number | null;
    topicId: string | null;
    staffId: string;
    at: Date;
  },
): Promise<void> {
  const values = {
    enabled: row.enabled,
    response_days: row.responseDays,
    topic_id: row.topicId,
    updated_by_staff_id: row.staffId,
    updated_at: row.at,
  };
  await q
    .insertInto('unit_errand_types')
    .values({ unit_id: row.unitId, kind: row.kind, ...values })
    .onConflict((oc) => oc.columns(['unit_id', 'kind']).doUpdateSet(values))
    .execute();
}

/** The unit's live topics (an errand type may name one for its inbox). */
export async function unitTopicIds(q: Queryable, unitId: string): Promise<string[]> {
  const rows = await q
    .selectFrom('messaging_topics')
    .select('id')
    .where('unit_id', '=', unitId)
    .where('retired_at', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

export async function unitName(q: Queryable, unitId: string) {
  return q.selectFrom('units').select(['id', 'name']).where('id', '=', unitId).executeTakeFirst();
}
