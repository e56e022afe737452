/** Public support routes (no login): opening status, the help centre, the contact form. */
import {
  Article,
  ArticleList,
  ArticleQuery,
  ErrorResponse,
  Locale,
  NoContent,
  PublicCaseBody,
  PublicCaseCreated,
  RatingLinkBody,
  RatingLinkCase,
  RatingLinkQuery,
  SuggestBody,
  SupportStatus,
} from '@ingang/contracts';
import { z } from 'zod';
import type { Api } from '../../platform/http.js';
import type { CitizenService } from './citizen-service.js';
import type { KnowledgeService } from './knowledge-service.js';
import type { Ratings } from './rating.js';

const errors = { 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 410: ErrorResponse, 429: ErrorResponse };
const tags = ['support'];
const data = <T extends z.ZodType>(s: T) => z.object({ data: s });

export function supportPublicRoutes(deps: { citizen: CitizenService; knowledge: KnowledgeService; ratings: Ratings }) {
  const { citizen, knowledge, ratings } = deps;
  return async (api: Api) => {
    api.get(
      '/support/status',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'Open now, next opening, whether "chat now" shows, the typical answer time',
          response: { 200: data(SupportStatus) },
        },
      },
      async () => ({ data: await citizen.status() }),
    );
    api.get(
      '/support/articles',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'Published help-centre articles (optionally searched)',
          querystring: ArticleQuery,
          response: { 200: data(ArticleList), ...errors },
        },
      },
      async (request) => ({ data: { articles: await knowledge.articles(request.query.locale, request.query.q) } }),
    );
    api.get(
      '/support/articles/:slug',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'One published article',
          params: z.object({ slug: z.string().max(80) }),
          querystring: z.object({ locale: Locale.default('sv') }),
          response: { 200: data(Article), ...errors },
        },
      },
      async (request) => ({ data: await knowledge.article(request.params.slug, request.query.locale) }),
    );
    api.post(
      '/support/suggestions',
      {
        config: { public: true, csrf: false },
        schema: {
          tags,
          summary: 'Articles matching a question, shown before a case is opened',
          body: SuggestBody,
          response: { 200: data(ArticleList), ...errors },
        },
      },
      async (request) => ({ data: { articles: await knowledge.suggest(request.body.text, request.body.locale) } }),
    );
    api.post(
      '/support/public/cases',
      {
        config: { public: true, csrf: false },
        schema: {
          tags,
          summary: 'Contact support without logging in (name + e-mail); the answer comes by e-mail',
          body: PublicCaseBody,
          response: { 201: data(PublicCaseCreated), ...errors },
        },
      },
      async (request, reply) => reply.status(201).send({ data: await citizen.openPublic(request.body, request.ip) }),
    );
    api.get(
      '/support/rating',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'The case a rating link is for (400 invalid_token, 410 token_expired, 409 token_used)',
          querystring: RatingLinkQuery,
          response: { 200: data(RatingLinkCase), ...errors },
        },
      },
      async (request) => ({ data: await ratings.peek(request.query.t) }),
    );
    api.post(
      '/support/rating',
      {
        config: { public: true, csrf: false },
        schema: {
          tags,
          summary: 'Rate a closed e-mail or public-form case through its link (once, no login)',
          body: RatingLinkBody,
          response: { 204: NoContent, ...errors },
        },
      },
      async (request, reply) => {
        const { token, ...rating } = request.body;
        await ratings.rate(token, rating);
        return reply.status(204).send(null);
      },
    );
  };
}
