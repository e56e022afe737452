/**
 * Invitations (e-kallelse). Citizens: `/api/invitations` (list, read, confirm,
 * book, decline, ask for another time). Staff (active unit):
 * `/api/staff/units/:unitId/invitations` (send, list, read, cancel, propose a
 * new time) and `/api/staff/units/:unitId/invitation-slots` (free times to hold).
 */
import {
  BookInvitationRequest,
  BookingErrorResponse,
  CancelInvitationRequest,
  CitizenInvitationListResponse,
  CitizenInvitationResponse,
  ConfirmInvitationRequest,
  CreateInvitationRequest,
  DeclineInvitationRequest,
  ErrorResponse,
  InvitationParams,
  OptionalIdempotencyHeaders,
  ProposeInvitationTimeRequest,
  RequestOtherTimeRequest,
  StaffFreeSlotListResponse,
  StaffFreeSlotsQuery,
  StaffInvitationFormListResponse,
  StaffInvitationListQuery,
  StaffInvitationListResponse,
  StaffInvitationParams,
  StaffInvitationResponse,
  UnitParams,
} from '@ingang/contracts';
import { requireCitizen, requireStaff } from '../../platform/auth.js';
import type { Api } from '../../platform/http.js';
import type { InvitationCitizenService } from './citizen-service.js';
import type { InvitationStaffService } from './staff-service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const bookingErrors = { ...errors, 403: BookingErrorResponse, 422: ErrorResponse };
const tags = ['invitations'];

export interface InvitationRouteServices {
  staff: InvitationStaffService;
  citizens: InvitationCitizenService;
}

export async function invitationRoutes(api: Api, { staff, citizens }: InvitationRouteServices) {
  // ---- citizens

  api.get(
    '/invitations',
    {
      schema: {
        tags,
        summary: 'My invitations and those of the people I act for, newest first',
        response: { 200: CitizenInvitationListResponse, ...errors },
      },
    },
    async (request) => ({ data: await citizens.list(requireCitizen(request)) }),
  );

  api.get(
    '/invitations/:id',
    {
      schema: {
        tags,
        summary: 'One invitation with its form and free reserved times',
        params: InvitationParams,
        response: { 200: CitizenInvitationResponse, ...errors },
      },
    },
    async (request) => ({ data: await citizens.get(requireCitizen(request), request.params.id) }),
  );

  api.post(
    '/invitations/:id/confirm',
    {
      schema: {
        tags,
        summary: 'Confirm a fixed-time invitation (proposed → booked); books the held time',
        description:
          '400 names wrong form answers (formAnswers.<id>); 409 invalid_transition when already answered (e.g. on another device); booking refusals as POST /api/bookings.',
        params: InvitationParams,
        headers: OptionalIdempotencyHeaders,
        body: ConfirmInvitationRequest,
        response: { 200: CitizenInvitationResponse, ...bookingErrors },
      },
    },
    async (request) => ({
      data: await citizens.confirm(
        requireCitizen(request),
        request.params.id,
        request.body,
        request.headers['idempotency-key'],
      ),
    }),
  );

  api.post(
    '/invitations/:id/book',
    {
      schema: {
        tags,
        summary: 'Book one of the times reserved for a book-within-period invitation (proposed → booked)',
        params: InvitationParams,
        headers: OptionalIdempotencyHeaders,
        body: BookInvitationRequest,
        response: { 201: CitizenInvitationResponse, ...bookingErrors },
      },
    },
    async (request, reply) => {
      const data = await citizens.book(
        requireCitizen(request),
        request.params.id,
        request.body,
        request.headers['idempotency-key'],
      );
      return reply.status(201).send({ data });
    },
  );

  api.post(
    '/invitations/:id/decline',
    {
      schema: {
        tags,
        summary: 'Decline (proposed|pending → declined); held or reserved times are released',
        params: InvitationParams,
        body: DeclineInvitationRequest,
        response: { 200: CitizenInvitationResponse, ...errors },
      },
    },
    async (request) => ({
      data: await citizens.decline(requireCitizen(request), request.params.id, request.body.reason),
    }),
  );

  api.post(
    '/invitations/:id/request-other-time',
    {
      schema: {
        tags,
        summary: 'Ask for another time (fixed time: proposed → pending); the held time is released',
        params: InvitationParams,
        body: RequestOtherTimeRequest,
        response: { 200: CitizenInvitationResponse, ...errors },
      },
    },
    async (request) => ({
      data: await citizens.requestOtherTime(requireCitizen(request), request.params.id, request.body.message),
    }),
  );

  // ---- staff

  api.post(
    '/staff/units/:unitId/invitations',
    {
      schema: {
        tags,
        summary: 'Send an invitation (fixed time or book within a period) to a patient',
        params: UnitParams,
        body: CreateInvitationRequest,
        response: { 201: StaffInvitationResponse, ...errors },
      },
    },
    async (request, reply) => {
      const data = await staff.create(requireStaff(request), request.params.unitId, request.body);
      return reply.status(201).send({ data });
    },
  );

  api.get(
    '/staff/units/:unitId/invitations',
    {
      schema: {
        tags,
        summary: "The unit's invitations (filters; followUp=true: unanswered past the answer date)",
        params: UnitParams,
        querystring: StaffInvitationListQuery,
        response: { 200: StaffInvitationListResponse, ...errors },
      },
    },
    async (request) => ({ data: await staff.list(requireStaff(request), request.params.unitId, request.query) }),
  );

  api.get(
    '/staff/units/:unitId/invitations/:id',
    {
      schema: {
        tags,
        summary: 'One invitation of the unit',
        params: StaffInvitationParams,
        response: { 200: StaffInvitationResponse, ...errors },
      },
    },
    async (request) => ({
      data: await staff.get(requireStaff(request), request.params.unitId, request.params.id),
    }),
  );

  api.post(
    '/staff/units/:unitId/invitations/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Revoke an invitation; times released, a booking through it cancelled',
        params: StaffInvitationParams,
        body: CancelInvitationRequest,
        response: { 200: StaffInvitationResponse, ...errors },
      },
    },
    async (request) => ({
      data: await staff.cancel(requireStaff(request), request.params.unitId, request.params.id, request.body.reason),
    }),
  );

  api.post(
    '/staff/units/:unitId/invitations/:id/propose-time',
    {
      schema: {
        tags,
        summary: 'After "another time": hold a new time and ask the patient again (pending → proposed)',
        params: StaffInvitationParams,
        body: ProposeInvitationTimeRequest,
        response: { 200: StaffInvitationResponse, ...errors },
      },
    },
    async (request) => ({
      data: await staff.proposeTime(
        requireStaff(request),
        request.params.unitId,
        request.params.id,
        request.body.slotId,
      ),
    }),
  );

  api.get(
    '/staff/units/:unitId/invitation-forms',
    {
      schema: {
        tags,
        summary: 'Forms that can be attached to an invitation (latest versions)',
        params: UnitParams,
        response: { 200: StaffInvitationFormListResponse, ...errors },
      },
    },
    async (request) => ({ data: await staff.forms(requireStaff(request), request.params.unitId) }),
  );

  api.get(
    '/staff/units/:unitId/invitation-slots',
    {
      schema: {
        tags,
        summary: "The unit's free, unreserved times of a type (to hold for an invitation or reserve for an offer)",
        params: UnitParams,
        querystring: StaffFreeSlotsQuery,
        response: { 200: StaffFreeSlotListResponse, ...errors },
      },
    },
    async (request) => ({
      data: await staff.freeSlots(requireStaff(request), request.params.unitId, request.query),
    }),
  );
}
