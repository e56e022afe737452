/**
 * Citizen booking — the stable scripting contract. Public: the catalogue
 * (`GET /api/time-types`) and free times (`GET /api/slots`). Logged-in
 * citizens: book (`POST /api/bookings`, Idempotency-Key required), list, read,
 * cancel (`DELETE`) and rebook (`POST /api/bookings/:id/rebook`, Idempotency-Key).
 */
import {
  BookingErrorResponse,
  BookingListResponse,
  BookingOutlookQuery,
  BookingOutlookResponse,
  BookingParams,
  BookingResponse,
  CreateBookingRequest,
  CreateBookingResponse,
  ErrorResponse,
  FreeSlotListResponse,
  IdempotencyHeaders,
  PublicTimeTypeListResponse,
  RebookRequest,
  SlotSearchQuery,
  TimeTypeFormResponse,
  TimeTypeParams,
} from '@ingang/contracts';
import type { FastifyReply } from 'fastify';
import { requireCitizen } from '../../platform/auth.js';
import type { Api } from '../../platform/http.js';
import type { CatalogueService } from './catalogue-service.js';
import type { MyBookingsService } from './my-bookings.js';
import type { OutlookService } from './outlook-service.js';
import type { BookingService } from './service.js';

const errors = { 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };
const bookingErrors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: BookingErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
};

/** Sends a service answer with the status it chose (201 for a new booking, 200 for a replay). */
async function answering<T>(reply: FastifyReply, work: () => Promise<{ status: number; body: T }>) {
  const answer = await work();
  return reply.status(answer.status).send(answer.body);
}

export interface BookingRouteServices {
  catalogue: CatalogueService;
  bookings: BookingService;
  mine: MyBookingsService;
  outlook: OutlookService;
}

export async function bookingRoutes(api: Api, { catalogue, bookings, mine, outlook }: BookingRouteServices) {
  api.get(
    '/time-types',
    {
      config: { public: true },
      schema: {
        tags: ['booking'],
        summary: 'The catalogue of time types (not retired), with ids',
        response: { 200: PublicTimeTypeListResponse },
      },
    },
    async () => ({ data: await catalogue.timeTypes() }),
  );

  api.get(
    '/time-types/:id/form',
    {
      config: { public: true },
      schema: {
        tags: ['booking'],
        summary: "The time type's health declaration (current version), filled in when booking",
        params: TimeTypeParams,
        response: { 200: TimeTypeFormResponse, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => ({ data: await catalogue.form(request.params.id) }),
  );

  api.get(
    '/slots',
    {
      config: { public: true },
      schema: {
        tags: ['booking'],
        summary: 'Free times of a type, earliest first (keyset-paginated: pass nextCursor as cursor)',
        description:
          'Only published, open, not full, future times. `from`/`to` default to now … +30 days (at most 92 days). `near` is a Swedish postal code or "lat,lng" and keeps units within 25 km (postal codes are placed by their first three digits, approximately). `limit` ≤ 100, default 20.',
        querystring: SlotSearchQuery,
        response: { 200: FreeSlotListResponse, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => catalogue.search(request.query),
  );

  api.post(
    '/bookings',
    {
      // A new booking passes the waiting room while one is live for it; cancel and rebook never queue.
      config: { waitingRoom: 'booking' },
      schema: {
        tags: ['booking'],
        summary: 'Book a time for myself or someone I act for (Idempotency-Key header required)',
        description:
          'A repeat with the same Idempotency-Key and body returns the first answer; the same key with another body is 422 idempotency_key_reused. 409 slot_full | already_booked | slot_unavailable; 403 with a reason code when not eligible (not_released carries opensAt) or when acting for the patient is not allowed; 400 names the health-declaration questions answered wrongly (formAnswers.<id>). `ifTaken: "next_free_same_day"`: when the picked time is full by the time the booking lands, the first free time of the same unit and time type on the same Stockholm day is booked instead — the closest at or after the picked time first, then earlier ones still ahead, closest first; never a time reserved for an invitation or offer, withdrawn, unpublished or started — with the same eligibility checks; the 201 then says `requestedSlotId` and `substituted` (data.slotId is the time booked), and a repeat of the key replays it. 409 slot_full when no other time that day at that unit is free. Without ifTaken a full time is 409 slot_full as before.',
        headers: IdempotencyHeaders,
        body: CreateBookingRequest,
        response: { 201: CreateBookingResponse, ...bookingErrors },
      },
    },
    async (request, reply) => {
      const actor = requireCitizen(request);
      return answering(reply, () => bookings.book(actor, request.body, request.headers['idempotency-key']));
    },
  );

  api.get(
    '/bookings',
    {
      schema: {
        tags: ['booking'],
        summary: 'My bookings and those of the people I may book for (children, ombud with booking scope)',
        response: { 200: BookingListResponse, ...errors },
      },
    },
    async (request) => ({ data: await mine.list(requireCitizen(request)) }),
  );

  api.get(
    '/booking-outlook',
    {
      schema: {
        tags: ['booking'],
        summary:
          'What I (or the one I act for) may book now, from when, and existing bookings — per self-bookable type',
        description:
          'Decided by the same rule as POST /api/bookings (which still checks everything). `reason` is an eligibility code; not_released carries opensAt, too_young and too_soon_since_dose carry earliestDate.',
        querystring: BookingOutlookQuery,
        response: { 200: BookingOutlookResponse, 400: ErrorResponse, ...errors },
      },
    },
    async (request) => ({ data: await outlook.outlook(requireCitizen(request), request.query.patientId) }),
  );

  api.get(
    '/bookings/:id',
    {
      schema: {
        tags: ['booking'],
        summary: 'One booking (mine or of someone I may book for)',
        params: BookingParams,
        response: { 200: BookingResponse, 400: ErrorResponse, ...errors },
      },
    },
    async (request) => ({ data: await mine.get(requireCitizen(request), request.params.id) }),
  );

  api.delete(
    '/bookings/:id',
    {
      schema: {
        tags: ['booking'],
        summary: 'Cancel a booking (until the time type’s cut-off)',
        params: BookingParams,
        response: { 200: BookingResponse, 400: ErrorResponse, 409: ErrorResponse, ...errors },
      },
    },
    async (request) => ({ data: await mine.cancel(requireCitizen(request), request.params.id) }),
  );

  api.post(
    '/bookings/:id/rebook',
    {
      schema: {
        tags: ['booking'],
        summary: 'Move a booking to another time of the same type, atomically (Idempotency-Key header required)',
        description:
          'The new time is taken first and only then the old one released, in one transaction: if the new time is full (409 slot_full) the old booking is untouched. Answers 201 with the new booking (rebookedFromId = the old one).',
        headers: IdempotencyHeaders,
        params: BookingParams,
        body: RebookRequest,
        response: { 201: BookingResponse, ...bookingErrors },
      },
    },
    async (request, reply) => {
      const actor = requireCitizen(request);
      const key = request.headers['idempotency-key'];
      return answering(reply, () => bookings.rebook(actor, request.params.id, request.body, key));
    },
  );
}
