/** SQL for a unit's messaging settings, topics and templates (settings-service.ts holds the rules). */

import { uuid } from '../../platform/db/helpers.js';
import type { Queryable, Tx } from '../../platform/db/index.js';

/** The ids of the unit's active topics, locked for the rest of the transaction. */
export async function lockActiveTopicIds(trx: Tx, unitId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('messaging_topics')
    .select('id')
    .where('unit_id', '=', unitId)
    .where('retired_at', 'is', null)
    .forUpdate()
    .execute();
  return rows.map((r) => r.id);
}

/** Stores the unit's settings (insert or replace). */
export async function upsertSettings(
  q: Queryable,
  s: { unitId: string; patientMode: 'start' | 'reply' | 'none'; targetWorkingDays: number; staffId: string; now: Date },
): Promise<void> {
  const values = {
    patient_mode: s.patientMode,
    target_working_days: s.targetWorkingDays,
    updated_by_staff_id: s.staffId,
    updated_at: s.now,
  };
  await q
    .insertInto('messaging_settings')
    .values({ unit_id: s.unitId, ...values })
    .onConflict((oc) => oc.column('unit_id').doUpdateSet(values))
    .execute();
}

/** Retires topics (kept for the conversations that name them). */
export async function retireTopics(q: Queryable, ids: string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await q.updateTable('messaging_topics').set({ retired_at: now }).where('id', 'in', ids).execute();
}

/** Renames and places a topic. */
export async function updateTopic(
  q: Queryable,
  id: string,
  t: { labelSv: string; labelEn: string; position: number },
): Promise<void> {
  await q
    .updateTable('messaging_topics')
    .set({ label_sv: t.labelSv, label_en: t.labelEn, position: t.position })
    .where('id', '=', id)
    .execute();
}

/** Adds a topic to the unit. */
export async function insertTopic(
  q: Queryable,
  t: { unitId: string; labelSv: string; labelEn: string; position: number; now: Date },
): Promise<void> {
  await q
    .insertInto('messaging_topics')
    .values({
      id: uuid(),
      unit_id: t.unitId,
      label_sv: t.labelSv,
      label_en: t.labelEn,
      position: t.position,
      created_at: t.now,
    })
    .execute();
}

export interface TemplateRow {
  id: string;
  title: string;
  body: string;
  updated_at: Date;
}

/** The unit's templates (not deleted), by title. */
export function listTemplates(q: Queryable, unitId: string): Promise<TemplateRow[]> {
  return q
    .selectFrom('messaging_templates')
    .select(['id', 'title', 'body', 'updated_at'])
    .where('unit_id', '=', unitId)
    .where('deleted_at', 'is', null)
    .orderBy('title')
    .execute();
}

/** Stores a new template. */
export async function insertTemplate(
  q: Queryable,
  row: {
    id: string;
    unit_id: string;
    title: string;
    body: string;
    created_by_staff_id: string;
    created_at: Date;
    updated_at: Date;
  },
): Promise<void> {
  await q.insertInto('messaging_templates').values(row).execute();
}

/** Changes one of the unit's templates; undefined when it is not there (or deleted). */
export function updateTemplate(
  q: Queryable,
  unitId: string,
  id: string,
  t: { title: string; body: string; now: Date },
): Promise<TemplateRow | undefined> {
  return q
    .updateTable('messaging_templates')
    .set({ title: t.title, body: t.body, updated_at: t.now })
    .where('id', '=', id)
    .where('unit_id', '=', unitId)
    .where('deleted_at', 'is', null)
    .returning(['id', 'title', 'body', 'updated_at'])
    .executeTakeFirst();
}

/** Marks one of the unit's templates deleted; false when it was not there. */
export async function deleteTemplate(q: Queryable, unitId: string, id: string, now: Date): Promise<boolean> {
  const result = await q
    .updateTable('messaging_templates')
    .set({ deleted_at: now })
    .where('id', '=', id)
    .where('unit_id', '=', unitId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
