/** SQL for the help centre, standard answers, information posts and deviation reports. */
import type { Insertable } from 'kysely';
import type { Queryable } from '../../platform/db/index.js';
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
