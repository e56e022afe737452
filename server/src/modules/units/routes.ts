/** Care units: the public directory citizens pick their vårdcentral from, and the staff unit page. */
import {
  ErrorResponse,
  StaffUnitResponse,
  UnitListQuery,
  UnitListResponse,
  UnitParams,
  UnitResponse,
} from '@ingang/contracts';
import { requireStaff } from '../../platform/auth.js';
import type { Api } from '../../platform/http.js';
import type { createUnitService } from './service.js';

export async function unitRoutes(api: Api, { units }: { units: ReturnType<typeof createUnitService> }) {
  api.get(
    '/units',
    {
      config: { public: true },
      schema: {
        tags: ['units'],
        summary: 'Active care units, sorted by name (public directory)',
        querystring: UnitListQuery,
        response: { 200: UnitListResponse, 400: ErrorResponse },
      },
    },
    async (request) => ({ data: await units.listPublic(request.query) }),
  );

  api.get(
    '/units/:unitId',
    {
      config: { public: true },
      schema: {
        tags: ['units'],
        summary: 'One active care unit (public)',
        params: UnitParams,
        response: { 200: UnitResponse, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => ({ data: await units.getPublic(request.params.unitId) }),
  );

  api.get(
    '/staff/units/:unitId',
    {
      schema: {
        tags: ['units'],
        summary: "The staff portal's unit page: details, colleagues and the caller's abilities",
        params: UnitParams,
        response: {
          200: StaffUnitResponse,
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (request) => units.getStaffView(requireStaff(request), request.params.unitId),
  );
}
