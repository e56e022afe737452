/**
 * Continuity: `POST|GET /api/staff/care-episodes`, `POST /api/staff/care-episodes/:id/end`
 * (staff of the active unit), `GET /api/care-contacts`, `POST /api/care-contacts/:id/messages` (citizen).
 */
import {
  CareContactsQuery,
  CareEpisodeIdParams,
  CareEpisodesQuery,
  CareEpisodesResponse,
  RegisterCareEpisodeRequest,
  WriteCareContactRequest,
  WriteCareContactResponse,
} from '@ingang/contracts';
import { requireCitizen, requireStaff } from '../../platform/auth.js';
import type { Api } from '../../platform/http.js';
import type { EpisodeService } from './episode-service.js';
import { errors } from './routes.js';

const tags = ['triage'];

export function episodeRoutes(service: EpisodeService) {
  return async (api: Api) => {
    api.post(
      '/staff/care-episodes',
      {
        schema: {
          tags,
          summary: 'Register an ongoing care episode with a named care contact at the active unit',
          body: RegisterCareEpisodeRequest,
          response: { 201: CareEpisodesResponse, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send({ data: await service.register(requireStaff(request), request.body) }),
    );

    api.get(
      '/staff/care-episodes',
      {
        schema: {
          tags,
          summary: "The patient's active care episodes at the active unit",
          querystring: CareEpisodesQuery,
          response: { 200: CareEpisodesResponse, ...errors },
        },
      },
      async (request) => ({ data: await service.ofPatient(requireStaff(request), request.query.personId) }),
    );

    api.post(
      '/staff/care-episodes/:id/end',
      {
        schema: {
          tags,
          summary: 'End a care episode',
          params: CareEpisodeIdParams,
          response: { 200: CareEpisodesResponse, ...errors },
        },
      },
      async (request) => ({ data: await service.end(requireStaff(request), request.params.id) }),
    );

    api.get(
      '/care-contacts',
      {
        schema: {
          tags,
          summary: 'Din vårdkontakt: my (or my child’s) ongoing care episodes and their contacts',
          querystring: CareContactsQuery,
          response: { 200: CareEpisodesResponse, ...errors },
        },
      },
      async (request) => ({ data: await service.contacts(requireCitizen(request), request.query.subjectId) }),
    );

    api.post(
      '/care-contacts/:id/messages',
      {
        schema: {
          tags,
          summary: 'Write to the care contact without triage (a conversation in the unit inbox)',
          params: CareEpisodeIdParams,
          body: WriteCareContactRequest,
          response: { 201: WriteCareContactResponse, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send({ data: await service.write(requireCitizen(request), request.params.id, request.body) }),
    );
  };
}
