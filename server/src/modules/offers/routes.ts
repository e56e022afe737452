/**
 * Targeted offers. Staff (booking/unit administrators): target-list validation,
 * offers (create, list, read, publish, close) under `/api/staff/units/:unitId`,
 * and risk-group flags. Citizens: `/api/offers` (list, read, book).
 */
import {
  BookingErrorResponse,
  BookingResponse,
  BookOfferRequest,
  CitizenOfferListResponse,
  CitizenOfferParams,
  CitizenOfferQuery,
  CitizenOfferResponse,
  CreateOfferRequest,
  CreateRiskFlagRequest,
  ErrorResponse,
  OfferTargetListPreviewResponse,
  OfferTargetListValidateRequest,
  OptionalIdempotencyHeaders,
  RiskFlagListQuery,
  RiskFlagListResponse,
  RiskFlagParams,
  RiskFlagResponse,
  StaffOfferListResponse,
  StaffOfferParams,
  StaffOfferResponse,
  UnitParams,
} from '@ingang/contracts';
import { requireCitizen, requireStaff } from '../../platform/auth.js';
import type { Api } from '../../platform/http.js';
import type { OfferCitizenService } from './citizen-service.js';
import type { RiskFlagService } from './risk-flags.js';
import type { OfferStaffService } from './staff-service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const tags = ['offers'];

export interface OfferRouteServices {
  staff: OfferStaffService;
  citizens: OfferCitizenService;
  flags: RiskFlagService;
}

export async function offerRoutes(api: Api, { staff, citizens, flags }: OfferRouteServices) {
  // ---- staff: offers

  api.post(
    '/staff/units/:unitId/offer-target-lists/validate',
    {
      // A list can be large: up to 2 MB of text.
      bodyLimit: 2_500_000,
      schema: {
        tags,
        summary: 'Validate an uploaded list of personnummer (step 1); a clean list gets an uploadToken',
        params: UnitParams,
        body: OfferTargetListValidateRequest,
        response: { 200: OfferTargetListPreviewResponse, ...errors },
      },
    },
    async (request) => ({
      data: await staff.validateList(requireStaff(request), request.params.unitId, request.body.text),
    }),
  );

  api.post(
    '/staff/units/:unitId/offers',
    {
      schema: {
        tags,
        summary: 'Create a draft offer (target group by criteria or an uploaded list; optional reserved times)',
        params: UnitParams,
        body: CreateOfferRequest,
        response: { 201: StaffOfferResponse, ...errors },
      },
    },
    async (request, reply) => {
      const data = await staff.create(requireStaff(request), request.params.unitId, request.body);
      return reply.status(201).send({ data });
    },
  );

  api.get(
    '/staff/units/:unitId/offers',
    {
      schema: {
        tags,
        summary: "The unit's offers with reached / notified / booked",
        params: UnitParams,
        response: { 200: StaffOfferListResponse, ...errors },
      },
    },
    async (request) => ({ data: await staff.list(requireStaff(request), request.params.unitId) }),
  );

  api.get(
    '/staff/units/:unitId/offers/:id',
    {
      schema: {
        tags,
        summary: 'One offer with stats',
        params: StaffOfferParams,
        response: { 200: StaffOfferResponse, ...errors },
      },
    },
    async (request) => ({ data: await staff.get(requireStaff(request), request.params.unitId, request.params.id) }),
  );

  api.post(
    '/staff/units/:unitId/offers/:id/publish',
    {
      schema: {
        tags,
        summary: 'Publish a draft: the target group is materialised and notified',
        params: StaffOfferParams,
        response: { 200: StaffOfferResponse, ...errors },
      },
    },
    async (request) => ({ data: await staff.publish(requireStaff(request), request.params.unitId, request.params.id) }),
  );

  api.post(
    '/staff/units/:unitId/offers/:id/close',
    {
      schema: {
        tags,
        summary: 'Close an offer; reserved times not booked are released',
        params: StaffOfferParams,
        response: { 200: StaffOfferResponse, ...errors },
      },
    },
    async (request) => ({ data: await staff.close(requireStaff(request), request.params.unitId, request.params.id) }),
  );

  // ---- staff: risk-group flags

  api.get(
    '/staff/units/:unitId/risk-flags',
    {
      schema: {
        tags,
        summary: "The unit's active risk-group flags",
        params: UnitParams,
        querystring: RiskFlagListQuery,
        response: { 200: RiskFlagListResponse, ...errors },
      },
    },
    async (request) => ({
      data: await flags.list(requireStaff(request), request.params.unitId, request.query.riskGroup),
    }),
  );

  api.post(
    '/staff/units/:unitId/risk-flags',
    {
      schema: {
        tags,
        summary: 'Flag a patient in a risk group (care relationship required)',
        params: UnitParams,
        body: CreateRiskFlagRequest,
        response: { 201: RiskFlagResponse, ...errors },
      },
    },
    async (request, reply) => {
      const data = await flags.create(requireStaff(request), request.params.unitId, request.body);
      return reply.status(201).send({ data });
    },
  );

  api.delete(
    '/staff/units/:unitId/risk-flags/:id',
    {
      schema: {
        tags,
        summary: 'Remove a risk-group flag (kept as history)',
        params: RiskFlagParams,
        response: { 200: RiskFlagResponse, ...errors },
      },
    },
    async (request) => ({
      data: await flags.remove(requireStaff(request), request.params.unitId, request.params.id),
    }),
  );

  // ---- citizens

  api.get(
    '/offers',
    {
      schema: {
        tags,
        summary: 'Open offers for me and those I act for',
        response: { 200: CitizenOfferListResponse, ...errors },
      },
    },
    async (request) => ({ data: await citizens.list(requireCitizen(request)) }),
  );

  api.get(
    '/offers/:id',
    {
      schema: {
        tags,
        summary: 'One offer for a patient (default me) with its bookable times',
        params: CitizenOfferParams,
        querystring: CitizenOfferQuery,
        response: { 200: CitizenOfferResponse, ...errors },
      },
    },
    async (request) => ({
      data: await citizens.get(requireCitizen(request), request.params.id, request.query.patientId),
    }),
  );

  api.post(
    '/offers/:id/book',
    {
      schema: {
        tags,
        summary: 'Book a time of the offer for a target (me or someone I act for)',
        description:
          '404 when not a target (or the offer is closed); 409 already_booked, slot_full; booking refusals as POST /api/bookings.',
        params: CitizenOfferParams,
        headers: OptionalIdempotencyHeaders,
        body: BookOfferRequest,
        response: { 201: BookingResponse, ...errors, 403: BookingErrorResponse, 422: ErrorResponse },
      },
    },
    async (request, reply) => {
      const answer = await citizens.book(
        requireCitizen(request),
        request.params.id,
        request.body,
        request.headers['idempotency-key'],
      );
      return reply.status(answer.status).send(answer.body);
    },
  );
}
