/** "4US Admin": a unit's staff and their roles, and the region-wide staff search. */
import {
  AddStaffRequest,
  ErrorResponse,
  SetRolesRequest,
  StaffMemberParams,
  StaffMemberResponse,
  StaffSearchQuery,
  StaffSearchResponse,
  UnitParams,
  UnitStaffResponse,
} from '@ingang/contracts';
import { requireStaff } from '../../platform/auth.js';
import type { Api } from '../../platform/http.js';
import type { createStaffAdminService } from './staff-service.js';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};

export async function adminStaffRoutes(api: Api, { staff }: { staff: ReturnType<typeof createStaffAdminService> }) {
  api.get(
    '/admin/units/:unitId/staff',
    {
      schema: {
        tags: ['admin'],
        summary: "The unit's staff with their roles",
        params: UnitParams,
        response: { 200: UnitStaffResponse, ...errors },
      },
    },
    async (request) => staff.listStaff(requireStaff(request), request.params.unitId),
  );

  api.post(
    '/admin/units/:unitId/staff',
    {
      schema: {
        tags: ['admin'],
        summary: 'Add a person to the unit (creates the staff user when the HSA-id is new)',
        params: UnitParams,
        body: AddStaffRequest,
        response: { 201: StaffMemberResponse, ...errors },
      },
    },
    async (request, reply) => {
      const member = await staff.addStaff(requireStaff(request), request.params.unitId, request.body);
      return reply.status(201).send({ data: member });
    },
  );

  api.put(
    '/admin/units/:unitId/staff/:staffId/roles',
    {
      schema: {
        tags: ['admin'],
        summary: "Set a member's roles in the unit; an empty list removes them from it",
        params: StaffMemberParams,
        body: SetRolesRequest,
        response: { 200: StaffMemberResponse, ...errors },
      },
    },
    async (request) => ({
      data: await staff.setRoles(
        requireStaff(request),
        request.params.unitId,
        request.params.staffId,
        request.body.roles,
      ),
    }),
  );

  api.get(
    '/admin/staff',
    {
      schema: {
        tags: ['admin'],
        summary: 'Search staff by name or HSA-id (region admins, at most 50)',
        querystring: StaffSearchQuery,
        response: { 200: StaffSearchResponse, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request) => ({ data: await staff.searchStaff(requireStaff(request), request.query.q) }),
  );
}
