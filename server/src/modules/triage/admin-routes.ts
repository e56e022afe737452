/**
 * Authoring and the region's report (`/api/admin/triage/...`, region
 * administrators), and a unit's routing facts (`/api/admin/units/:unitId/triage`,
 * also the unit administrator).
 */
import {
  CreateQuestionnaireRequest,
  ErrorResponse,
  FhirResource,
  NewVersionRequest,
  TriageIdParams,
  TriageQuestionnaireListResponse,
  TriageReportQuery,
  TriageReportResponse,
  TriageVersionResponse,
  UnitTriageSettings,
  UnitTriageSettingsParams,
  UnitTriageSettingsResponse,
  UpdateVersionRequest,
} from '@ingang/contracts';
import { requireStaff } from '../../platform/auth.js';
import type { Api } from '../../platform/http.js';
import type { createAuthoringService } from './authoring-service.js';
import type { createRegionTriageService } from './region-service.js';

const tags = ['triage admin'];
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

export function adminTriageRoutes(
  authoring: ReturnType<typeof createAuthoringService>,
  region: ReturnType<typeof createRegionTriageService>,
) {
  return async (api: Api) => {
    api.get(
      '/admin/triage/questionnaires',
      {
        schema: {
          tags,
          summary: 'Triage questionnaires and their versions',
          response: { 200: TriageQuestionnaireListResponse, ...errors },
        },
      },
      async (request) => ({ data: await authoring.list(requireStaff(request)) }),
    );

    api.post(
      '/admin/triage/questionnaires',
      {
        schema: {
          tags,
          summary:
            'A new questionnaire: the demo (`{ demo: true }`) or an imported FHIR Questionnaire; version 1 as a draft',
          body: CreateQuestionnaireRequest,
          response: { 201: TriageVersionResponse, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send({ data: await authoring.create(requireStaff(request), request.body) }),
    );

    api.post(
      '/admin/triage/questionnaires/:id/versions',
      {
        schema: {
          tags,
          summary: 'A new draft version (a copy of the latest, or an imported FHIR document)',
          params: TriageIdParams,
          body: NewVersionRequest,
          response: { 201: TriageVersionResponse, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send({ data: await authoring.newVersion(requireStaff(request), request.params.id, request.body.document) }),
    );

    api.get(
      '/admin/triage/versions/:id',
      {
        schema: {
          tags,
          summary: 'A version with its test bench results and what blocks publication',
          params: TriageIdParams,
          response: { 200: TriageVersionResponse, ...errors },
        },
      },
      async (request) => ({ data: await authoring.get(requireStaff(request), request.params.id) }),
    );

    api.put(
      '/admin/triage/versions/:id',
      {
        schema: {
          tags,
          summary: 'Replace a draft (FHIR JSON); published versions never change',
          params: TriageIdParams,
          body: UpdateVersionRequest,
          response: { 200: TriageVersionResponse, ...errors },
        },
      },
      async (request) => ({
        data: await authoring.update(requireStaff(request), request.params.id, request.body.document),
      }),
    );

    api.post(
      '/admin/triage/versions/:id/publish',
      {
        schema: {
          tags,
          summary: 'Publish a draft whose test bench passes (supersedes the published version)',
          params: TriageIdParams,
          response: { 200: TriageVersionResponse, ...errors },
        },
      },
      async (request) => ({ data: await authoring.publish(requireStaff(request), request.params.id) }),
    );

    api.get(
      '/admin/triage/versions/:id/fhir',
      {
        schema: {
          tags,
          summary: 'Export a version as a FHIR Questionnaire',
          params: TriageIdParams,
          response: { 200: FhirResource, ...errors },
        },
      },
      async (request, reply) => {
        const document = await authoring.exportFhir(requireStaff(request), request.params.id);
        return reply
          .header('content-disposition', `attachment; filename="triage-${request.params.id}.json"`)
          .send(document);
      },
    );

    api.get(
      '/admin/triage/report',
      {
        schema: {
          tags,
          summary: 'Outcomes and overrides per week',
          querystring: TriageReportQuery,
          response: { 200: TriageReportResponse, ...errors },
        },
      },
      async (request) => ({ data: await region.report(requireStaff(request), request.query.from, request.query.to) }),
    );

    api.get(
      '/admin/units/:unitId/triage',
      {
        schema: {
          tags,
          summary: "A unit's triage routing facts",
          params: UnitTriageSettingsParams,
          response: { 200: UnitTriageSettingsResponse, ...errors },
        },
      },
      async (request) => ({ data: await region.getUnit(requireStaff(request), request.params.unitId) }),
    );

    api.put(
      '/admin/units/:unitId/triage',
      {
        schema: {
          tags,
          summary: "Set a unit's triage routing facts",
          params: UnitTriageSettingsParams,
          body: UnitTriageSettings,
          response: { 200: UnitTriageSettingsResponse, ...errors },
        },
      },
      async (request) => ({ data: await region.setUnit(requireStaff(request), request.params.unitId, request.body) }),
    );
  };
}
