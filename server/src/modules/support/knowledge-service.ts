/**
 * The help centre (public articles, suggestions before a case is opened), standard answers
 * (second line owns them, versioned, with a last-reviewed date), information posts with read
 * status, and deviation reports forwarded by mail per category.
 */
import type {
  AgentArticle,
  Article,
  ArticleBody,
  ArticleSummary,
  Deviation,
  DeviationBody,
  InfoPost,
  InfoPostBody,
  StandardAnswer,
  StandardAnswerBody,
} from '@ingang/contracts';
import type { z } from 'zod';
import { uuid } from '../../platform/db/helpers.js';
import type { Queryable } from '../../platform/db/index.js';
import { conflict, notFound } from '../../platform/errors.js';
import { type Agent, asSecondLine, type SupportDeps } from './deps.js';
import * as k from './knowledge-store.js';

type ArticleRow = Awaited<ReturnType<typeof k.publishedArticles>>[number];

const summary = (a: ArticleRow): ArticleSummary => ({
  slug: a.slug,
  locale: a.locale,
  title: a.title,
  excerpt: a.body.length > 160 ? `${a.body.slice(0, 157).trimEnd()}…` : a.body,
});

const agentArticle = (a: ArticleRow): AgentArticle => ({
  ...summary(a),
  id: a.id,
  body: a.body,
  keywords: a.keywords,
  published: a.status === 'published',
  publishedAt: a.published_at?.toISOString() ?? null,
  version: a.version,
  lastReviewedAt: a.last_reviewed_at?.toISOString() ?? null,
});

const words = (text: string) => [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]{4,}/gu) ?? [])].slice(0, 40);

/** Articles scored by shared words (title and keywords weigh more); the best few. */
function rank(articles: ArticleRow[], text: string, max: number): ArticleRow[] {
  const wanted = words(text);
  if (wanted.length === 0) return [];
  return articles
    .map((a) => {
      const head = `${a.title} ${a.keywords}`.toLowerCase();
      const body = a.body.toLowerCase();
      const score = wanted.reduce((n, w) => n + (head.includes(w) ? 3 : 0) + (body.includes(w) ? 1 : 0), 0);
      return { a, score };
    })
    .filter((x) => x.score > 0)
    .sort((x, y) => y.score - x.score)
    .slice(0, max)
    .map((x) => x.a);
}

export function createKnowledgeService(deps: SupportDeps) {
  const { db, clock, mailer } = deps;

  const answerView = (r: Awaited<ReturnType<typeof k.standardAnswers>>[number]): StandardAnswer => ({
    id: r.id,
    shortcut: r.shortcut,
    title: r.title,
    body: r.body,
    version: r.version,
    lastReviewedAt: r.last_reviewed_at.toISOString(),
  });

  return {
    /** Published articles, optionally filtered by a search text. */
    async articles(locale: 'sv' | 'en', q?: string): Promise<ArticleSummary[]> {
      const all = await k.publishedArticles(db, locale);
      return (q ? rank(all, q, 20) : all).map(summary);
    },

    async article(slug: string, locale: 'sv' | 'en'): Promise<Article> {
      const a = await k.article(db, slug, locale);
      if (a?.status !== 'published') throw notFound('article');
      return { ...summary(a), body: a.body, publishedAt: a.published_at?.toISOString() ?? null };
    },

    /** The articles that match a citizen's question (shown before a case is opened, and in auto answers). */
    async suggest(text: string, locale: 'sv' | 'en', max = 3, q: Queryable = db): Promise<ArticleSummary[]> {
      return rank(await k.publishedArticles(q, locale), text, max).map(summary);
    },

    async agentArticles(_agent: Agent): Promise<AgentArticle[]> {
      return (await k.allArticles(db)).map(agentArticle);
    },

    /** Second line writes and publishes articles (keyed by slug + language); each save is a new version. */
    async saveArticle(agent: Agent, body: z.infer<typeof ArticleBody>): Promise<AgentArticle> {
      asSecondLine(agent);
      const now = clock.now();
      const a = await db.transaction().execute((trx) =>
        k.saveArticleVersion(trx, {
          id: uuid(),
          slug: body.slug,
          locale: body.locale,
          title: body.title,
          body: body.body,
          keywords: body.keywords,
          status: body.published ? 'published' : 'draft',
          published_at: body.published ? now : null,
          updated_by_staff_id: agent.staffId,
          updated_at: now,
        }),
      );
      return agentArticle(a);
    },

    /** The saved versions of an article or standard answer, newest first (any agent may read them). */
    async versions(_agent: Agent, kind: 'articles' | 'standard-answers', id: string) {
      const rows = await k.versionsOf(db, kind, id);
      if (!rows) throw notFound(kind === 'articles' ? 'article' : 'standard answer');
      return rows.map((v) => ({
        version: v.version,
        title: v.title,
        body: v.body,
        savedBy: v.given_name ? `${v.given_name} ${v.family_name}` : null,
        savedAt: v.saved_at.toISOString(),
      }));
    },

    /** Second line confirms an article or standard answer is still right: a new "last reviewed" date, no new version. */
    async markReviewed(agent: Agent, kind: 'articles' | 'standard-answers', id: string) {
      asSecondLine(agent);
      const now = clock.now();
      if (!(await k.markReviewed(db, kind, id, now)))
        throw notFound(kind === 'articles' ? 'article' : 'standard answer');
      return { lastReviewedAt: now.toISOString() };
    },

    async standardAnswers(_agent: Agent): Promise<StandardAnswer[]> {
      return (await k.standardAnswers(db)).map(answerView);
    },

    /** Creates a standard answer, or a new version of the one with that shortcut (second line). */
    async saveStandardAnswer(agent: Agent, body: z.infer<typeof StandardAnswerBody>): Promise<StandardAnswer> {
      asSecondLine(agent);
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        const { id, version } = await k.saveStandardAnswerVersion(trx, body, agent.staffId, now, uuid);
        return {
          id,
          shortcut: body.shortcut,
          title: body.title,
          body: body.body,
          version,
          lastReviewedAt: now.toISOString(),
        };
      });
    },

    /** Posts, newest first, with my read time; second line also sees everyone's. */
    async infoPosts(agent: Agent): Promise<InfoPost[]> {
      const posts = await k.infoPosts(db);
      const reads = await k.readsOf(
        db,
        posts.map((p) => p.id),
      );
      const staff = agent.supportRole === 'second_line' ? await k.supportStaff(db) : [];
      return posts.map((p) => {
        const mine = reads.find((r) => r.post_id === p.id && r.staff_id === agent.staffId);
        return {
          id: p.id,
          title: p.title,
          body: p.body,
          authorName: `${p.given_name} ${p.family_name}`,
          createdAt: p.created_at.toISOString(),
          readAt: mine?.read_at.toISOString() ?? null,
          ...(agent.supportRole === 'second_line'
            ? {
                reads: staff
                  .filter((s) => s.support_role === 'first_line')
                  .map((s) => ({
                    staffId: s.id,
                    name: `${s.given_name} ${s.family_name}`,
                    readAt: reads.find((r) => r.post_id === p.id && r.staff_id === s.id)?.read_at.toISOString() ?? null,
                  })),
              }
            : {}),
        };
      });
    },

    /** The newest post the agent has not read (shown before the next case is taken), or null. */
    async newestUnread(agent: Agent): Promise<InfoPost | null> {
      const [newest] = await k.infoPosts(db, 1);
      if (!newest) return null;
      const [read] = await k.readsOf(db, [newest.id]).then((rs) => rs.filter((r) => r.staff_id === agent.staffId));
      if (read) return null;
      return {
        id: newest.id,
        title: newest.title,
        body: newest.body,
        authorName: `${newest.given_name} ${newest.family_name}`,
        createdAt: newest.created_at.toISOString(),
        readAt: null,
      };
    },

    async postInfo(agent: Agent, body: z.infer<typeof InfoPostBody>): Promise<{ id: string }> {
      asSecondLine(agent);
      const id = uuid();
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await k.insertInfoPost(trx, {
          id,
          title: body.title,
          body: body.body,
          author_staff_id: agent.staffId,
          created_at: now,
        });
      });
      // Agents' desks refresh "me" on a queue frame: the new post shows before their next case.
      await deps.events.deskChanged();
      return { id };
    },

    async markRead(agent: Agent, postId: string): Promise<void> {
      if (!(await k.markPostRead(db, postId, agent.staffId, clock.now()))) throw notFound('post');
    },

    async deviations(_agent: Agent): Promise<Deviation[]> {
      return (await k.deviations(db)).map((d) => ({
        id: d.id,
        category: d.category,
        description: d.description,
        status: d.status,
        reportedBy: `${d.given_name} ${d.family_name}`,
        caseReferences: d.references,
        forwardedTo: d.forwarded_to,
        createdAt: d.created_at.toISOString(),
      }));
    },

    /** Any agent flags a deviation with a category and the cases it concerns. */
    async reportDeviation(agent: Agent, body: z.infer<typeof DeviationBody>): Promise<{ id: string }> {
      const id = uuid();
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const caseIds = [...new Set(body.caseIds)];
        if (caseIds.length && (await k.countCases(trx, caseIds)) !== caseIds.length) throw notFound('case');
        await k.insertDeviation(
          trx,
          {
            id,
            category: body.category,
            description: body.description,
            reported_by_staff_id: agent.staffId,
            status: 'new',
            created_at: now,
          },
          caseIds,
        );
      });
      return { id };
    },

    /** Second line acknowledges a deviation and forwards it to the category's address (once). */
    async forwardDeviation(agent: Agent, id: string): Promise<void> {
      asSecondLine(agent);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const d = await k.lockDeviation(trx, id);
        if (!d) throw notFound('deviation');
        if (d.status === 'forwarded') throw conflict('already_forwarded', 'The deviation has already been forwarded.');
        const to = deps.config.deviationRecipients[d.category];
        const refs = await k.deviationReferences(trx, id);
        await k.markForwarded(trx, id, {
          acknowledged_by_staff_id: agent.staffId,
          acknowledged_at: d.acknowledged_at ?? now,
          forwarded_to: to,
          forwarded_at: now,
        });
        // Case references only: the cases' content stays in the support tool.
        await mailer.queue(trx, {
          to,
          from: `Ingång invånarsupport <${deps.config.address}>`,
          subject: `Avvikelse (${d.category}) från invånarsupporten`,
          text: `${d.description}\n\nBerörda ärenden: ${refs.map((r) => r.reference).join(', ') || '–'}\nRapporterad: ${d.created_at.toISOString()}\n`,
        });
      });
    },
  };
}

export type KnowledgeService = ReturnType<typeof createKnowledgeService>;
