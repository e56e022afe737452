/** The logged-in citizen's support chat: own cases only. */
import {
  CitizenCase,
  CitizenCaseBody,
  CitizenCaseCreated,
  CitizenCaseList,
  ErrorResponse,
  MessageBody,
  RatingBody,
} from '@ingang/contracts';
import { z } from 'zod';
import { requireCitizen } from '../../platform/auth.js';
import type { Api } from '../../platform/http.js';
import type { CitizenService } from './citizen-service.js';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  429: ErrorResponse,
};
const tags = ['support'];
const data = <T extends z.ZodType>(s: T) => z.object({ data: s });
const Params = z.object({ id: z.uuid() });

export function supportCitizenRoutes(citizen: CitizenService) {
  return async (api: Api) => {
    api.get(
      '/support/my/cases',
      {
        schema: {
          tags,
          summary: 'My support cases, newest first',
          response: { 200: data(CitizenCaseList), ...errors },
        },
      },
      async (request) => ({
        data: { cases: await citizen.list(requireCitizen(request)) },
      }),
    );
    api.post(
      '/support/my/cases',
      {
        schema: {
          tags,
          summary: 'Write to support from the app (a chat that becomes a case)',
          body: CitizenCaseBody,
          response: { 201: data(CitizenCaseCreated), ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send({ data: await citizen.open(requireCitizen(request), request.body) }),
    );
    api.get(
      '/support/my/cases/:id',
      {
        schema: {
          tags,
          summary: 'One of my cases with its messages',
          params: Params,
          response: { 200: data(CitizenCase), ...errors },
        },
      },
      async (request) => ({
        data: await citizen.get(requireCitizen(request), request.params.id),
      }),
    );
    api.post(
      '/support/my/cases/:id/messages',
      {
        schema: {
          tags,
          summary: 'Write more in my case (a closed case opens again)',
          params: Params,
          body: MessageBody,
          response: { 200: data(CitizenCase), ...errors },
        },
      },
      async (request) => ({ data: await citizen.reply(requireCitizen(request), request.params.id, request.body.body) }),
    );
    api.post(
      '/support/my/cases/:id/rating',
      {
        schema: {
          tags,
          summary: 'Rate the answer of a closed case (once)',
          params: Params,
          body: RatingBody,
          response: { 200: data(CitizenCase), ...errors },
        },
      },
      async (request) => ({ data: await citizen.rate(requireCitizen(request), request.params.id, request.body) }),
    );
  };
}
