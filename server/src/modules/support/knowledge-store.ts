/** SQL for the help centre, standard answers, information posts and deviation reports. */
import type { Insertable } from 'kysely';
import type { Queryable, Tx } from '../../platform/db/index.js';
import type { DB } from '../../platform/db/schema.js';

export async function publishedArticles(q: Queryable, locale: 'sv' | 'en') {
  return q
    .selectFrom('support_articles')
    .selectAll()
    .where('status', '=', 'published')
    .where('locale', '=', locale)
    .orderBy('title')
    .limit(500)
    .execute();
}

export async function allArticles(q: Queryable) {
  return q.selectFrom('support_articles').selectAll().orderBy('slug').orderBy('locale').limit(1000).execute();
}

export async function article(q: Queryable, slug: string, locale: 'sv' | 'en') {
  return q
    .selectFrom('support_articles')
    .selectAll()
    .where('slug', '=', slug)
    .where('locale', '=', locale)
    .executeTakeFirst();
}

export async function upsertArticle(q: Queryable, row: Insertable<DB['support_articles']>) {
  return q
    .insertInto('support_articles')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['slug', 'locale']).doUpdateSet((eb) => ({
        title: eb.ref('excluded.title'),
        body: eb.ref('excluded.body'),
        keywords: eb.ref('excluded.keywords'),
        status: eb.ref('excluded.status'),
        published_at: eb.ref('excluded.published_at'),
        updated_by_staff_id: eb.ref('excluded.updated_by_staff_id'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function standardAnswers(q: Queryable) {
  return q
    .selectFrom('support_standard_answers')
    .selectAll()
    .where('retired_at', 'is', null)
    .orderBy('shortcut')
    .limit(1000)
    .execute();
}

export async function standardAnswerByShortcut(q: Queryable, shortcut: string) {
  return q.selectFrom('support_standard_answers').selectAll().where('shortcut', '=', shortcut).executeTakeFirst();
}

export async function infoPosts(q: Queryable, limit = 50) {
  return q
    .selectFrom('support_info_posts as p')
    .innerJoin('staff as s', 's.id', 'p.author_staff_id')
    .select(['p.id', 'p.title', 'p.body', 'p.created_at', 's.given_name', 's.family_name'])
    .orderBy('p.created_at', 'desc')
    .limit(limit)
    .execute();
}

export async function readsOf(q: Queryable, postIds: string[]) {
  if (postIds.length === 0) return [];
  return q.selectFrom('support_info_reads').selectAll().where('post_id', 'in', postIds).execute();
}

/** Everyone with a support role (for the read-status list). */
export async function supportStaff(q: Queryable) {
  return q
    .selectFrom('staff')
    .select(['id', 'given_name', 'family_name', 'support_role'])
    .where('support_role', 'is not', null)
    .where('active', '=', true)
    .orderBy('given_name')
    .execute();
}

export async function deviations(q: Queryable) {
  const rows = await q
    .selectFrom('support_deviations as d')
    .innerJoin('staff as s', 's.id', 'd.reported_by_staff_id')
    .select([
      'd.id',
      'd.category',
      'd.description',
      'd.status',
      'd.forwarded_to',
      'd.created_at',
      's.given_name',
      's.family_name',
    ])
    .orderBy('d.created_at', 'desc')
    .limit(200)
    .execute();
  const ids = rows.map((r) => r.id);
  const links = ids.length
    ? await q
        .selectFrom('support_deviation_cases as l')
        .innerJoin('support_cases as c', 'c.id', 'l.case_id')
        .select(['l.deviation_id', 'c.reference'])
        .where('l.deviation_id', 'in', ids)
        .execute()
    : [];
  return rows.map((r) => ({ ...r, references: links.filter((l) => l.deviation_id === r.id).map((l) => l.reference) }));
}

/** Saves a new version of the standard answer with this shortcut (creating it at version 1). */
export async function saveStandardAnswerVersion(
  trx: Tx,
  body: { shortcut: string; title: string; body: string },
  staffId: string,
  now: Date,
  newId: () => string,
): Promise<{ id: string; version: number }> {
  const existing = await trx
    .selectFrom('support_standard_answers')
    .selectAll()
    .where('shortcut', '=', body.shortcut)
    .forUpdate()
    .executeTakeFirst();
  const id = existing?.id ?? newId();
  const version = (existing?.version ?? 0) + 1;
  const fields = {
    title: body.title,
    body: body.body,
    version,
    last_reviewed_at: now,
    updated_at: now,
    updated_by_staff_id: staffId,
  };
  if (existing)
    await trx
      .updateTable('support_standard_answers')
      .set({ ...fields, retired_at: null })
      .where('id', '=', id)
      .execute();
  else
    await trx
      .insertInto('support_standard_answers')
      .values({ id, shortcut: body.shortcut, created_at: now, ...fields })
      .execute();
  await trx
    .insertInto('support_standard_answer_versions')
    .values({ answer_id: id, version, title: body.title, body: body.body, saved_by_staff_id: staffId, saved_at: now })
    .execute();
  return { id, version };
}

/** A post, read by its author. */
export async function insertInfoPost(trx: Tx, row: Insertable<DB['support_info_posts']>): Promise<void> {
  await trx.insertInto('support_info_posts').values(row).execute();
  await trx
    .insertInto('support_info_reads')
    .values({ post_id: row.id, staff_id: row.author_staff_id, read_at: row.created_at as Date })
    .execute();
}

/** Marks a post read (once); false when there is no such post. */
export async function markPostRead(q: Queryable, postId: string, staffId: string, at: Date): Promise<boolean> {
  const post = await q.selectFrom('support_info_posts').select('id').where('id', '=', postId).executeTakeFirst();
  if (!post) return false;
  await q
    .insertInto('support_info_reads')
    .values({ post_id: postId, staff_id: staffId, read_at: at })
    .onConflict((oc) => oc.columns(['post_id', 'staff_id']).doNothing())
    .execute();
  return true;
}

export async function countCases(q: Queryable, ids: string[]): Promise<number> {
  return (await q.selectFrom('support_cases').select('id').where('id', 'in', ids).execute()).length;
}

export async function insertDeviation(
  trx: Tx,
  row: Insertable<DB['support_deviations']>,
  caseIds: string[],
): Promise<void> {
  await trx.insertInto('support_deviations').values(row).execute();
  if (caseIds.length)
    await trx
      .insertInto('support_deviation_cases')
      .values(caseIds.map((case_id) => ({ deviation_id: row.id, case_id })))
      .execute();
}

export async function lockDeviation(trx: Tx, id: string) {
  return trx.selectFrom('support_deviations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function deviationReferences(q: Queryable, id: string) {
  return q
    .selectFrom('support_deviation_cases as l')
    .innerJoin('support_cases as c', 'c.id', 'l.case_id')
    .select('c.reference')
    .where('l.deviation_id', '=', id)
    .execute();
}

export async function markForwarded(
  trx: Tx,
  id: string,
  f: { acknowledged_by_staff_id: string; acknowledged_at: Date; forwarded_to: string; forwarded_at: Date },
): Promise<void> {
  await trx
    .updateTable('support_deviations')
    .set({ status: 'forwarded', ...f })
    .where('id', '=', id)
    .execute();
}
