/**
 * Citizen triage: `POST /api/triage/sessions` (start, for oneself or `subjectId`),
 * `GET /api/triage/sessions/:id`, `PUT /api/triage/sessions/:id/answer` (one
 * question), `POST /api/triage/sessions/:id/submit` (idempotent),
 * `POST /api/triage/sessions/:id/talk` ("I want to talk to someone"),
 * `GET /api/triage/sessions/:id/photos/:photoId` (a photo answer: upload it with
 * `POST /api/messaging/attachments`, answer with `{ attachmentId }`).
 */
import {
  AnswerRequest,
  ErrorResponse,
  StartTriageRequest,
  SubmitRequest,
  TriageIdParams,
  TriagePhotoParams,
  TriageSessionResponse,
} from '@ingang/contracts';
import { requireCitizen } from '../../platform/auth.js';
import type { Api } from '../../platform/http.js';
import type { createCitizenTriageService } from './citizen-service.js';
import { sendPhoto } from './photos.js';

const tags = ['triage'];
/** The error answers every triage route may give (shared by the triage route files). */
export const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  410: ErrorResponse,
};

export function citizenTriageRoutes(service: ReturnType<typeof createCitizenTriageService>) {
  return async (api: Api) => {
    api.post(
      '/triage/sessions',
      {
        schema: {
          tags,
          summary: 'Start a triage (pinned to the published questionnaire version in use now)',
          body: StartTriageRequest,
          response: { 201: TriageSessionResponse, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send({ data: await service.start(requireCitizen(request), request.body.subjectId) }),
    );

    api.get(
      '/triage/sessions/:id',
      {
        schema: {
          tags,
          summary: 'My triage: the questions, my answers, the next question or the decision',
          params: TriageIdParams,
          response: { 200: TriageSessionResponse, ...errors },
        },
      },
      async (request) => ({ data: await service.get(requireCitizen(request), request.params.id) }),
    );

    api.get(
      '/triage/sessions/:id/photos/:photoId',
      {
        schema: {
          tags,
          summary: 'A photo answer of my triage (audited; never cached)',
          params: TriagePhotoParams,
          response: errors,
        },
      },
      async (request, reply) =>
        sendPhoto(reply, await service.photo(requireCitizen(request), request.params.id, request.params.photoId)),
    );

    api.put(
      '/triage/sessions/:id/answer',
      {
        schema: {
          tags,
          summary: 'Answer one question (a red flag decides at once)',
          params: TriageIdParams,
          body: AnswerRequest,
          response: { 200: TriageSessionResponse, ...errors },
        },
      },
      async (request) => ({
        data: await service.answer(
          requireCitizen(request),
          request.params.id,
          request.body.linkId,
          request.body.answer,
        ),
      }),
    );

    api.post(
      '/triage/sessions/:id/submit',
      {
        schema: {
          tags,
          summary: 'Decide: the outcome and where to go (a second submit answers with the same decision)',
          params: TriageIdParams,
          body: SubmitRequest,
          response: { 200: TriageSessionResponse, ...errors },
        },
      },
      async (request) => ({
        data: await service.submit(requireCitizen(request), request.params.id, request.body.response),
      }),
    );

    api.post(
      '/triage/sessions/:id/talk',
      {
        schema: {
          tags,
          summary: 'I want to talk to someone (always possible)',
          params: TriageIdParams,
          response: { 200: TriageSessionResponse, ...errors },
        },
      },
      async (request) => ({ data: await service.talk(requireCitizen(request), request.params.id) }),
    );
  };
}
