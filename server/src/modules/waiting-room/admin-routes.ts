/** Region administrators' waiting-room endpoints: open or schedule, tune, pause/resume/end, and the dashboard. */
import {
  CreateRoomRequest,
  ErrorResponse,
  RoomDashboardResponse,
  RoomListResponse,
  RoomParams,
  RoomResponse,
  UpdateRoomRequest,
} from '@ingang/contracts';
import { requireStaff } from '../../platform/auth.js';
import type { Api } from '../../platform/http.js';
import type { RoomAdminService } from './admin-service.js';

const tags = ['waiting-room'];
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

export function registerRoomAdminRoutes(api: Api, admin: RoomAdminService) {
  api.get(
    '/admin/waiting-rooms',
    {
      schema: {
        tags,
        summary: 'Open and scheduled rooms (region admins)',
        response: { 200: RoomListResponse, ...errors },
      },
    },
    async (request) => ({ data: await admin.list(requireStaff(request)) }),
  );

  api.post(
    '/admin/waiting-rooms',
    {
      schema: {
        tags,
        summary: 'Open a room now, or schedule one for a release moment with a prequeue',
        description:
          'scope app: in front of login and every booking; scope time_type: in front of booking that type (and login while it runs). 409 room_exists when one is already open for the scope.',
        body: CreateRoomRequest,
        response: { 201: RoomResponse, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send({ data: await admin.create(requireStaff(request), request.body) }),
  );

  api.patch(
    '/admin/waiting-rooms/:roomId',
    {
      schema: {
        tags,
        summary: 'pause | resume | end | set (ratePerMinute, capacity) — takes effect at once on every instance',
        params: RoomParams,
        body: UpdateRoomRequest,
        response: { 200: RoomResponse, ...errors },
      },
    },
    async (request) => ({
      data: await admin.update(requireStaff(request), request.params.roomId, request.body),
    }),
  );

  api.get(
    '/admin/waiting-rooms/:roomId/dashboard',
    {
      schema: {
        tags,
        summary:
          'Queue length, serving number, admitted per minute, estimated wait, abandonment, and samples over time',
        params: RoomParams,
        response: { 200: RoomDashboardResponse, ...errors },
      },
    },
    async (request) => ({ data: await admin.dashboard(requireStaff(request), request.params.roomId) }),
  );
}
