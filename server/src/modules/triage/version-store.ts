/** SQL for triage questionnaires and their versions (tables of migration 190). */
import type { Queryable } from '../../platform/db/index.js';

export interface VersionRow {
  id: string;
  questionnaire_id: string;
  version: number;
  status: 'draft' | 'published' | 'superseded';
  document: unknown;
  updated_at: Date;
  published_at: Date | null;
  url: string;
}

const VERSION_COLUMNS = [
  'v.id',
  'v.questionnaire_id',
  'v.version',
  'v.status',
  'v.document',
  'v.updated_at',
  'v.published_at',
  'q.url',
] as const;

export async function listQuestionnaires(q: Queryable) {
  const questionnaires = await q.selectFrom('triage_questionnaires').selectAll().orderBy('created_at').execute();
  const versions = await q
    .selectFrom('triage_versions')
    .select(['id', 'questionnaire_id', 'version', 'status', 'updated_at', 'published_at'])
    .orderBy('version', 'desc')
    .execute();
  return questionnaires.map((x) => ({ ...x, versions: versions.filter((v) => v.questionnaire_id === x.id) }));
}

export async function findQuestionnaireByUrl(q: Queryable, url: string) {
  return q.selectFrom('triage_questionnaires').select(['id']).where('url', '=', url).executeTakeFirst();
}

export async function insertQuestionnaire(
  q: Queryable,
  row: { id: string; url: string; title: string; staffId: string; at: Date },
): Promise<void> {
  await q
    .insertInto('triage_questionnaires')
    .values({ id: row.id, url: row.url, title: row.title, created_by_staff_id: row.staffId, created_at: row.at })
    .execute();
}

/** Locks the questionnaire row: version numbering and publication happen one at a time. */
export async function lockQuestionnaire(q: Queryable, id: string) {
  return q
    .selectFrom('triage_questionnaires')
    .select(['id', 'url'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function insertDraft(
  q: Queryable,
  row: { id: string; questionnaireId: string; version: number; document: unknown; staffId: string; at: Date },
): Promise<void> {
  await q
    .insertInto('triage_versions')
    .values({
      id: row.id,
      questionnaire_id: row.questionnaireId,
      version: row.version,
      status: 'draft',
      document: JSON.stringify(row.document),
      created_by_staff_id: row.staffId,
      created_at: row.at,
      updated_at: row.at,
    })
    .execute();
}

export async function latestVersion(q: Queryable, questionnaireId: string) {
  return q
    .selectFrom('triage_versions')
    .select(['id', 'version', 'status', 'document'])
    .where('questionnaire_id', '=', questionnaireId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function findVersion(q: Queryable, id: string, lock = false): Promise<VersionRow | undefined> {
  let query = q
    .selectFrom('triage_versions as v')
    .innerJoin('triage_questionnaires as q', 'q.id', 'v.questionnaire_id')
    .select(VERSION_COLUMNS)
    .where('v.id', '=', id);
  if (lock) query = query.forUpdate('v');
  return query.executeTakeFirst();
}

export async function updateDraftDocument(q: Queryable, id: string, document: unknown, at: Date): Promise<boolean> {
  const result = await q
    .updateTable('triage_versions')
    .set({ document: JSON.stringify(document), updated_at: at })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Supersedes the published version (if any) and publishes the draft, in the caller's transaction. */
export async function publishDraft(
  q: Queryable,
  row: { id: string; questionnaireId: string; document: unknown; staffId: string; at: Date },
): Promise<void> {
  await q
    .updateTable('triage_versions')
    .set({ status: 'superseded', superseded_at: row.at })
    .where('questionnaire_id', '=', row.questionnaireId)
    .where('status', '=', 'published')
    .execute();
  await q
    .updateTable('triage_versions')
    .set({
      status: 'published',
      document: JSON.stringify(row.document),
      published_at: row.at,
      published_by_staff_id: row.staffId,
      updated_at: row.at,
    })
    .where('id', '=', row.id)
    .where('status', '=', 'draft')
    .execute();
}

/** The version citizens and staff triage with: the published version of the oldest questionnaire. */
export async function activeVersion(q: Queryable): Promise<VersionRow | undefined> {
  return q
    .selectFrom('triage_versions as v')
    .innerJoin('triage_questionnaires as q', 'q.id', 'v.questionnaire_id')
    .select(VERSION_COLUMNS)
    .where('v.status', '=', 'published')
    .orderBy('q.created_at')
    .limit(1)
    .executeTakeFirst();
}
