/** "4US Admin": unit administration routes (thin: validate, call the service). */
import {
  AdminUnitListResponse,
  ChangeLogResponse,
  CreateUnitRequest,
  ErrorResponse,
  UnitParams,
  UnitResponse,
  UpdateUnitRequest,
} from '@ingang/contracts';
import { requireStaff } from '../../platform/auth.js';
import type { Api } from '../../platform/http.js';
import type { createUnitAdminService } from './unit-service.js';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};

export async function adminUnitRoutes(api: Api, { units }: { units: ReturnType<typeof createUnitAdminService> }) {
  api.get(
    '/admin/units',
    {
      schema: {
        tags: ['admin'],
        summary: 'Units the caller administers (region admins: all, inactive included)',
        response: { 200: AdminUnitListResponse, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request) => ({ data: await units.listUnits(requireStaff(request)) }),
  );

  api.post(
    '/admin/units',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a care unit (region admins)',
        body: CreateUnitRequest,
        response: { 201: UnitResponse, ...errors },
      },
    },
    async (request, reply) => {
      const unit = await units.createUnit(requireStaff(request), request.body);
      return reply.status(201).send({ data: unit });
    },
  );

  api.patch(
    '/admin/units/:unitId',
    {
      schema: {
        tags: ['admin'],
        summary: "Edit a unit's details (hsaId, kind, providerType and active: region admins only)",
        params: UnitParams,
        body: UpdateUnitRequest,
        response: { 200: UnitResponse, ...errors },
      },
    },
    async (request) => ({
      data: await units.updateUnit(requireStaff(request), request.params.unitId, request.body),
    }),
  );

  api.get(
    '/admin/units/:unitId/changes',
    {
      schema: {
        tags: ['admin'],
        summary: "The unit's change log (details, staff, roles), newest first",
        params: UnitParams,
        response: { 200: ChangeLogResponse, ...errors },
      },
    },
    async (request) => ({ data: await units.listChanges(requireStaff(request), request.params.unitId) }),
  );
}
