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

/** Saves a new version of the article with this slug and language (creating it at version 1); reviewed now. */
export async function saveArticleVersion(trx: Tx, row: Insertable<DB['support_articles']> & { id: string }) {
  const existing = await trx
    .selectFrom('support_articles')
    .select(['id', 'version'])
    .where('slug', '=', row.slug)
    .where('locale', '=', row.locale)
    .forUpdate()
    .executeTakeFirst();
  const version = (existing?.version ?? 0) + 1;
  const fields = { ...row, id: existing?.id ?? row.id, version, last_reviewed_at: row.updated_at };
  const saved = existing
    ? await trx
        .updateTable('support_articles')
        .set({ ...fields, id: existing.id })
        .where('id', '=', existing.id)
        .returningAll()
        .executeTakeFirstOrThrow()
    : await trx.insertInto('support_articles').values(fields).returningAll().executeTakeFirstOrThrow();
  await trx
    .insertInto('support_article_versions')
    .values({
      article_id: saved.id,
      version,
      title: saved.title,
      body: saved.body,
      keywords: saved.keywords,
      status: saved.status,
      saved_by_staff_id: saved.updated_by_staff_id,
      saved_at: saved.updated_at,
    })
    .execute();
  return saved;
}

/** Every saved version of an article or a standard answer, newest first, with the saver's name; null if no such item. */
export async function versionsOf(q: Queryable, kind: 'articles' | 'standard-answers', id: string) {
  if (kind === 'articles') {
    const exists = await q.selectFrom('support_articles').select('id').where('id', '=', id).executeTakeFirst();
    if (!exists) return null;
    return q
      .selectFrom('support_article_versions as v')
      .leftJoin('staff as s', 's.id', 'v.saved_by_staff_id')
      .select(['v.version', 'v.title', 'v.body', 'v.saved_at', 's.given_name', 's.family_name'])
      .where('v.article_id', '=', id)
      .orderBy('v.version', 'desc')
      .limit(500)
      .execute();
  }
  const exists = await q.selectFrom('support_standard_answers').select('id').where('id', '=', id).executeTakeFirst();
  if (!exists) return null;
  return q
    .selectFrom('support_standard_answer_versions as v')
    .leftJoin('staff as s', 's.id', 'v.saved_by_staff_id')
    .select(['v.version', 'v.title', 'v.body', 'v.saved_at', 's.given_name', 's.family_name'])
    .where('v.answer_id', '=', id)
    .orderBy('v.version', 'desc')
    .limit(500)
    .execute();
}

/** Marks an article or standard answer reviewed (no new version); false if there is no such item. */
export async function markReviewed(q: Queryable, kind: 'articles' | 'standard-answers', id: string, at: Date) {
  const table = kind === 'articles' ? 'support_articles' : 'support_standard_answers';
  const r = await q.updateTable(table).set({ last_reviewed_at: at }).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
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
