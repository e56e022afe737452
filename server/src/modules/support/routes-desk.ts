/** Agent routes for the desk's shared knowledge: standard answers, articles, information posts, deviations, the dashboard. */
import {
  AgentArticle,
  AgentArticleList,
  ArticleBody,
  Dashboard,
  DashboardQuery,
  DeviationBody,
  DeviationList,
  DrillList,
  DrillQuery,
  ErrorResponse,
  InfoPostBody,
  InfoPostList,
  KnowledgeKind,
  KnowledgeVersionList,
  NoContent,
  Reviewed,
  StandardAnswer,
  StandardAnswerBody,
  StandardAnswerList,
} from '@ingang/contracts';
import { z } from 'zod';
import { requireStaff } from '../../platform/auth.js';
import type { Api } from '../../platform/http.js';
import type { createDashboard } from './dashboard.js';
import { asAgent } from './deps.js';
import type { KnowledgeService } from './knowledge-service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const tags = ['support'];
const data = <T extends z.ZodType>(s: T) => z.object({ data: s });
const Created = data(z.object({ id: z.uuid() }));
const Params = z.object({ id: z.uuid() });
const agentOf = (request: Parameters<typeof requireStaff>[0]) => asAgent(requireStaff(request));

export function supportDeskRoutes(deps: {
  knowledge: KnowledgeService;
  dashboard: ReturnType<typeof createDashboard>;
}) {
  const { knowledge, dashboard } = deps;
  return async (api: Api) => {
    api.get(
      '/support/agent/standard-answers',
      {
        schema: {
          tags,
          summary: 'Standard answers (insert with ::shortcut)',
          response: { 200: data(StandardAnswerList), ...errors },
        },
      },
      async (request) => ({
        data: { answers: await knowledge.standardAnswers(agentOf(request)) },
      }),
    );
    api.put(
      '/support/agent/standard-answers',
      {
        schema: {
          tags,
          summary: 'Create or revise a standard answer by shortcut (second line; a new version)',
          body: StandardAnswerBody,
          response: { 200: data(StandardAnswer), ...errors },
        },
      },
      async (request) => ({ data: await knowledge.saveStandardAnswer(agentOf(request), request.body) }),
    );
    api.get(
      '/support/agent/articles',
      {
        schema: {
          tags,
          summary: 'All help-centre articles, drafts too',
          response: { 200: data(AgentArticleList), ...errors },
        },
      },
      async (request) => ({
        data: { articles: await knowledge.agentArticles(agentOf(request)) },
      }),
    );
    api.put(
      '/support/agent/articles',
      {
        schema: {
          tags,
          summary: 'Write or publish an article (second line)',
          body: ArticleBody,
          response: { 200: data(AgentArticle), ...errors },
        },
      },
      async (request) => ({ data: await knowledge.saveArticle(agentOf(request), request.body) }),
    );
    const ItemParams = z.object({ kind: KnowledgeKind, id: z.uuid() });
    api.get(
      '/support/agent/:kind/:id/versions',
      {
        schema: {
          tags,
          summary: 'Every saved version of an article or standard answer, newest first',
          params: ItemParams,
          response: { 200: data(KnowledgeVersionList), ...errors },
        },
      },
      async (request) => ({
        data: { versions: await knowledge.versions(agentOf(request), request.params.kind, request.params.id) },
      }),
    );
    api.post(
      '/support/agent/:kind/:id/reviewed',
      {
        schema: {
          tags,
          summary: 'Mark an article or standard answer reviewed today (second line; no new version)',
          params: ItemParams,
          response: { 200: data(Reviewed), ...errors },
        },
      },
      async (request) => ({
        data: await knowledge.markReviewed(agentOf(request), request.params.kind, request.params.id),
      }),
    );
    api.get(
      '/support/agent/info-posts',
      {
        schema: {
          tags,
          summary: 'Information posts with read status',
          response: { 200: data(InfoPostList), ...errors },
        },
      },
      async (request) => ({
        data: { posts: await knowledge.infoPosts(agentOf(request)) },
      }),
    );
    api.post(
      '/support/agent/info-posts',
      {
        schema: {
          tags,
          summary: 'Publish an information post (second line)',
          body: InfoPostBody,
          response: { 201: Created, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send({ data: await knowledge.postInfo(agentOf(request), request.body) }),
    );
    api.post(
      '/support/agent/info-posts/:id/read',
      { schema: { tags, summary: 'Mark a post read', params: Params, response: { 204: NoContent, ...errors } } },
      async (request, reply) => {
        await knowledge.markRead(agentOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
    api.get(
      '/support/agent/deviations',
      {
        schema: { tags, summary: 'Deviation reports, newest first', response: { 200: data(DeviationList), ...errors } },
      },
      async (request) => ({
        data: { deviations: await knowledge.deviations(agentOf(request)) },
      }),
    );
    api.post(
      '/support/agent/deviations',
      {
        schema: {
          tags,
          summary: 'Report a deviation with a category and the cases it concerns',
          body: DeviationBody,
          response: { 201: Created, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send({ data: await knowledge.reportDeviation(agentOf(request), request.body) }),
    );
    api.post(
      '/support/agent/deviations/:id/forward',
      {
        schema: {
          tags,
          summary: "Acknowledge and forward to the category's address (second line)",
          params: Params,
          response: { 204: NoContent, ...errors },
        },
      },
      async (request, reply) => {
        await knowledge.forwardDeviation(agentOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
    api.get(
      '/support/agent/dashboard',
      {
        schema: {
          tags,
          summary: 'Figures for the region',
          querystring: DashboardQuery,
          response: { 200: data(Dashboard), ...errors },
        },
      },
      async (request) => ({
        data: await dashboard.figures(agentOf(request), request.query.weeks),
      }),
    );
    api.get(
      '/support/agent/dashboard/cases',
      {
        schema: {
          tags,
          summary: 'The cases behind a figure',
          querystring: DrillQuery,
          response: { 200: data(DrillList), ...errors },
        },
      },
      async (request) => ({
        data: { cases: await dashboard.drill(agentOf(request), request.query) },
      }),
    );
    api.get(
      '/support/agent/dashboard.csv',
      { schema: { tags, summary: 'The figures as CSV', querystring: DashboardQuery } },
      async (request, reply) =>
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="support-figures.csv"')
          .send(await dashboard.csv(agentOf(request), request.query.weeks)),
    );
  };
}
