/**
 * Errand types: `GET /api/errands` and `POST /api/errands` (citizen), and
 * `GET|PUT /api/admin/units/:unitId/errand-types` (the unit's administrator or the region).
 */
import {
  ErrandTypesQuery,
  ErrandTypesResponse,
  StartErrandRequest,
  StartErrandResponse,
  UnitErrandTypesRequest,
  UnitErrandTypesResponse,
  UnitTriageSettingsParams,
} from '@ingang/contracts';
import { requireCitizen, requireStaff } from '../../platform/auth.js';
import type { Api } from '../../platform/http.js';
import type { ErrandService } from './errand-service.js';
import { errors } from './routes.js';

const tags = ['triage'];

export function errandRoutes(service: ErrandService) {
  return async (api: Api) => {
    api.get(
      '/errands',
      {
        schema: {
          tags,
          summary: "The errand types of my (or my child's) listed unit, with their forms",
          querystring: ErrandTypesQuery,
          response: { 200: ErrandTypesResponse, ...errors },
        },
      },
      async (request) => ({ data: await service.forSubject(requireCitizen(request), request.query.subjectId) }),
    );

    api.post(
      '/errands',
      {
        schema: {
          tags,
          summary: "Start an errand without triage: it lands in the unit's inbox with the answers on top",
          body: StartErrandRequest,
          response: { 201: StartErrandResponse, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send({ data: await service.start(requireCitizen(request), request.body) }),
    );

    api.get(
      '/admin/units/:unitId/errand-types',
      {
        schema: {
          tags,
          summary: "The region's errand templates with this unit's choices",
          params: UnitTriageSettingsParams,
          response: { 200: UnitErrandTypesResponse, ...errors },
        },
      },
      async (request) => ({ data: await service.unitSettings(requireStaff(request), request.params.unitId) }),
    );

    api.put(
      '/admin/units/:unitId/errand-types',
      {
        schema: {
          tags,
          summary: 'Switch errand types on or off for the unit (response-time goal, inbox topic)',
          params: UnitTriageSettingsParams,
          body: UnitErrandTypesRequest,
          response: { 200: UnitErrandTypesResponse, ...errors },
        },
      },
      async (request) => ({
        data: await service.setUnitSettings(requireStaff(request), request.params.unitId, request.body.types),
      }),
    );
  };
}
