/**
 * Triage in the staff portal: a nurse on the phone (`/api/staff/triage/sessions...`,
 * the same steps as the citizen's), a decided triage with its answers, and
 * overrides (`POST /api/staff/triage/decisions/:id/override`). Needs a care
 * relationship with the patient in the active unit.
 */
import {
  AnswerRequest,
  StaffStartTriageRequest,
  StaffTriageViewResponse,
  SubmitRequest,
  TriageIdParams,
  TriageOverrideRequest,
  TriagePhotoParams,
  UnitTriageListResponse,
} from '@ingang/contracts';
import { requireStaff } from '../../platform/auth.js';
import type { Api } from '../../platform/http.js';
import { sendPhoto } from './photos.js';
import { errors } from './routes.js';
import type { createStaffTriageService } from './staff-service.js';

const tags = ['triage'];

export function staffTriageRoutes(service: ReturnType<typeof createStaffTriageService>) {
  return async (api: Api) => {
    api.post(
      '/staff/triage/sessions',
      {
        schema: {
          tags,
          summary: 'Start a phone triage for a patient of the active unit',
          body: StaffStartTriageRequest,
          response: { 201: StaffTriageViewResponse, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send({ data: await service.start(requireStaff(request), request.body.personId) }),
    );

    api.get(
      '/staff/triage/unit',
      {
        schema: {
          tags,
          summary: 'Triaged patients routed to the active unit (last 14 days)',
          response: { 200: UnitTriageListResponse, ...errors },
        },
      },
      async (request) => ({ data: await service.routedToUnit(requireStaff(request)) }),
    );

    api.get(
      '/staff/triage/sessions/:id/photos/:photoId',
      {
        schema: {
          tags,
          summary: 'A photo answer of a decided triage (care relationship; audited; never cached)',
          params: TriagePhotoParams,
          response: errors,
        },
      },
      async (request, reply) =>
        sendPhoto(reply, await service.photo(requireStaff(request), request.params.id, request.params.photoId)),
    );

    api.get(
      '/staff/triage/sessions/:id',
      {
        schema: {
          tags,
          summary: 'A triage with its answers and overrides',
          params: TriageIdParams,
          response: { 200: StaffTriageViewResponse, ...errors },
        },
      },
      async (request) => ({ data: await service.get(requireStaff(request), request.params.id) }),
    );

    api.put(
      '/staff/triage/sessions/:id/answer',
      {
        schema: {
          tags,
          summary: 'Answer one question for the patient',
          params: TriageIdParams,
          body: AnswerRequest,
          response: { 200: StaffTriageViewResponse, ...errors },
        },
      },
      async (request) => ({
        data: await service.answer(requireStaff(request), request.params.id, request.body.linkId, request.body.answer),
      }),
    );

    api.post(
      '/staff/triage/sessions/:id/submit',
      {
        schema: {
          tags,
          summary: 'Decide (idempotent)',
          params: TriageIdParams,
          body: SubmitRequest,
          response: { 200: StaffTriageViewResponse, ...errors },
        },
      },
      async (request) => ({
        data: await service.submit(requireStaff(request), request.params.id, request.body.response),
      }),
    );

    api.post(
      '/staff/triage/sessions/:id/talk',
      {
        schema: {
          tags,
          summary: 'The patient wants to talk to someone',
          params: TriageIdParams,
          response: { 200: StaffTriageViewResponse, ...errors },
        },
      },
      async (request) => ({ data: await service.talk(requireStaff(request), request.params.id) }),
    );

    api.post(
      '/staff/triage/decisions/:id/override',
      {
        schema: {
          tags,
          summary: 'Record a clinical override of a decision',
          params: TriageIdParams,
          body: TriageOverrideRequest,
          response: { 200: StaffTriageViewResponse, ...errors },
        },
      },
      async (request) => ({ data: await service.override(requireStaff(request), request.params.id, request.body) }),
    );
  };
}
