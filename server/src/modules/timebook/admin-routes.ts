/** Region administration of the timebook: time types, publishing units, releases, health forms. */
import {
  AdminFormInput,
  AdminFormListResponse,
  AdminFormParams,
  AdminFormResponse,
  AdminFormVersionInput,
  AdminFormVersionResponse,
  AdminReleaseInput,
  AdminReleaseListResponse,
  AdminReleaseParams,
  AdminReleaseResponse,
  AdminTimeTypeInput,
  AdminTimeTypeListResponse,
  AdminTimeTypeParams,
  AdminTimeTypePatch,
  AdminTimeTypeResponse,
  AdminTimeTypeUnitsRequest,
  ErrorResponse,
} from '@ingang/contracts';
import { requireStaff } from '../../platform/auth.js';
import type { Api } from '../../platform/http.js';
import type { createCatalogueService } from './catalogue-service.js';
import type { createFormService } from './form-service.js';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};
const tags = ['timebook-admin'];

export async function timebookAdminRoutes(
  api: Api,
  {
    catalogue,
    forms,
  }: { catalogue: ReturnType<typeof createCatalogueService>; forms: ReturnType<typeof createFormService> },
) {
  api.get(
    '/admin/time-types',
    {
      schema: {
        tags,
        summary: 'Every time type, retired ones included (region admins)',
        response: { 200: AdminTimeTypeListResponse, ...errors },
      },
    },
    async (request) => ({ data: await catalogue.listTimeTypes(requireStaff(request)) }),
  );

  api.post(
    '/admin/time-types',
    {
      schema: {
        tags,
        summary: 'Create a time type (region admins); 409 code_taken',
        body: AdminTimeTypeInput,
        response: { 201: AdminTimeTypeResponse, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ data: await catalogue.createTimeType(requireStaff(request), request.body) }),
  );

  api.patch(
    '/admin/time-types/:id',
    {
      schema: {
        tags,
        summary: 'Change a time type; retired: true retires it (history kept)',
        params: AdminTimeTypeParams,
        body: AdminTimeTypePatch,
        response: { 200: AdminTimeTypeResponse, ...errors },
      },
    },
    async (request) => ({
      data: await catalogue.updateTimeType(requireStaff(request), request.params.id, request.body),
    }),
  );

  api.put(
    '/admin/time-types/:id/units',
    {
      schema: {
        tags,
        summary: 'Set which units may publish the time type',
        params: AdminTimeTypeParams,
        body: AdminTimeTypeUnitsRequest,
        response: { 200: AdminTimeTypeResponse, ...errors },
      },
    },
    async (request) => ({
      data: await catalogue.setUnits(requireStaff(request), request.params.id, request.body.unitIds),
    }),
  );

  api.get(
    '/admin/time-types/:id/releases',
    {
      schema: {
        tags,
        summary: "The time type's age-group release rules",
        params: AdminTimeTypeParams,
        response: { 200: AdminReleaseListResponse, ...errors },
      },
    },
    async (request) => ({ data: await catalogue.listReleases(requireStaff(request), request.params.id) }),
  );

  api.post(
    '/admin/time-types/:id/releases',
    {
      schema: {
        tags,
        summary: 'Schedule a release ("born 1956 or earlier from 3 May 08:00")',
        params: AdminTimeTypeParams,
        body: AdminReleaseInput,
        response: { 201: AdminReleaseResponse, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ data: await catalogue.createRelease(requireStaff(request), request.params.id, request.body) }),
  );

  for (const [path, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    api.post(
      `/admin/releases/:id/${path}`,
      {
        schema: {
          tags,
          summary: paused ? 'Pause a release at once' : 'Resume a paused release',
          params: AdminReleaseParams,
          response: { 200: AdminReleaseResponse, ...errors },
        },
      },
      async (request) => ({
        data: await catalogue.setReleasePaused(requireStaff(request), request.params.id, paused),
      }),
    );
  }

  api.get(
    '/admin/forms',
    {
      schema: {
        tags,
        summary: 'Health-declaration forms with their latest version',
        response: { 200: AdminFormListResponse, ...errors },
      },
    },
    async (request) => ({ data: await forms.listForms(requireStaff(request)) }),
  );

  api.post(
    '/admin/forms',
    {
      schema: {
        tags,
        summary: 'Create a form (a definition given becomes version 1)',
        body: AdminFormInput,
        response: { 201: AdminFormResponse, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ data: await forms.createForm(requireStaff(request), request.body) }),
  );

  api.get(
    '/admin/forms/:id',
    {
      schema: {
        tags,
        summary: 'A form with all its versions',
        params: AdminFormParams,
        response: { 200: AdminFormResponse, ...errors },
      },
    },
    async (request) => ({ data: await forms.getForm(requireStaff(request), request.params.id) }),
  );

  api.post(
    '/admin/forms/:id/versions',
    {
      schema: {
        tags,
        summary: 'Add the next (immutable) version of a form',
        params: AdminFormParams,
        body: AdminFormVersionInput,
        response: { 201: AdminFormVersionResponse, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ data: await forms.addVersion(requireStaff(request), request.params.id, request.body.definition) }),
  );
}
