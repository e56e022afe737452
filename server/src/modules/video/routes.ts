/**
 * Video meetings (issue 7): REST endpoints and the signalling WebSocket.
 * The contract (paths, messages, how a browser gets in) is documented in
 * @ingang/contracts video.ts.
 */
import {
  BookingMeetingParams,
  CreateVideoInvitationRequest,
  CreateVideoMeetingRequest,
  ErrorResponse,
  GuestJoinRequest,
  GuestLinkResponse,
  GuestTokenParams,
  JoinResponse,
  VideoInvitationResponse,
  VideoInviteeListResponse,
  VideoMeetingListResponse,
  VideoMeetingParams,
  VideoMeetingResponse,
} from '@ingang/contracts';
import { z } from 'zod';
import { requireStaff } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { unauthorized } from '../../platform/errors.js';
import type { Api } from '../../platform/http.js';
import { assertSameOrigin, watchSession } from '../../platform/realtime.js';
import type { MediaRouter } from './media-router.js';
import type { VideoService } from './service.js';
import type { Signalling } from './signalling.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const ListQuery = z.object({ includeEnded: z.stringbool().default(false) });

/** The running signalling of the last app built (tests and the benchmark read its stats). */
export const videoRuntime: { signalling: Signalling | null; router: MediaRouter | null } = {
  signalling: null,
  router: null,
};

export async function videoRoutes(
  api: Api,
  { service, signalling }: { service: VideoService; signalling: Signalling },
  ctx: Pick<AppContext, 'config' | 'sessions' | 'rateLimiter'>,
) {
  const actor = (request: { actor: import('../../platform/auth.js').Actor | null }) => {
    if (!request.actor) throw unauthorized();
    return request.actor;
  };

  api.get(
    '/video/meetings',
    {
      schema: {
        tags: ['video'],
        summary:
          'My video meetings (citizen: own and those I act for, booked video visits included; staff: those I am in)',
        querystring: ListQuery,
        response: { 200: VideoMeetingListResponse, ...errors },
      },
    },
    async (request) => ({ data: await service.list(actor(request), request.query.includeEnded) }),
  );

  api.post(
    '/video/meetings',
    {
      schema: {
        tags: ['video'],
        summary:
          'Start an ad-hoc meeting (staff; the caller hosts it in the active unit; patientId invites the patient)',
        body: CreateVideoMeetingRequest,
        response: { 201: VideoMeetingResponse, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ data: await service.create(requireStaff(request), request.body) }),
  );

  api.get(
    '/video/meetings/:id',
    {
      schema: {
        tags: ['video'],
        summary: 'One meeting (with canJoin and joinOpensAt for "Anslut")',
        params: VideoMeetingParams,
        response: { 200: VideoMeetingResponse, ...errors },
      },
    },
    async (request) => ({ data: await service.get(actor(request), request.params.id) }),
  );

  api.post(
    '/video/bookings/:bookingId/meeting',
    {
      schema: {
        tags: ['video'],
        summary:
          'The meeting of a booked video visit (created on first call): patient, guardian/ombud, or staff of the unit',
        params: BookingMeetingParams,
        response: { 200: VideoMeetingResponse, ...errors },
      },
    },
    async (request) => ({ data: await service.forBooking(actor(request), request.params.bookingId) }),
  );

  api.get(
    '/video/meetings/:id/invitations',
    {
      schema: {
        tags: ['video'],
        summary: 'Who is invited (hosts)',
        params: VideoMeetingParams,
        response: { 200: VideoInviteeListResponse, ...errors },
      },
    },
    async (request) => ({ data: await service.invitations(actor(request), request.params.id) }),
  );

  api.post(
    '/video/meetings/:id/invitations',
    {
      schema: {
        tags: ['video'],
        summary: 'Invite a colleague, a patient (mail) or a guest (one-time link, shown once) — hosts',
        description:
          'A one-to-one meeting becomes multi-party when a third person is invited. Guest links expire (expiresInMinutes, default 24 h, at most 7 days).',
        params: VideoMeetingParams,
        body: CreateVideoInvitationRequest,
        response: { 201: VideoInvitationResponse, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ data: await service.invite(actor(request), request.params.id, request.body) }),
  );

  api.post(
    '/video/meetings/:id/join',
    {
      schema: {
        tags: ['video'],
        summary: 'A join ticket for the signalling socket, with the ICE servers',
        description:
          '403 meeting_locked | removed; 409 too_early (startsAt in the error) | too_late | meeting_ended; 404 when the caller is not in the meeting.',
        params: VideoMeetingParams,
        response: { 200: JoinResponse, ...errors },
      },
    },
    async (request) => ({ data: await service.join(actor(request), request.params.id) }),
  );

  api.post(
    '/video/meetings/:id/end',
    {
      schema: {
        tags: ['video'],
        summary: 'End the meeting for everyone (hosts)',
        params: VideoMeetingParams,
        response: { 200: VideoMeetingResponse, ...errors },
      },
    },
    async (request) => {
      const data = await service.end(actor(request), request.params.id);
      signalling.endRoom(request.params.id);
      return { data };
    },
  );

  api.get(
    '/video/guest/:token',
    {
      config: { public: true },
      schema: {
        tags: ['video'],
        summary: 'What a guest link leads to (public); 404 unknown, 410 expired or ended',
        params: GuestTokenParams,
        response: { 200: GuestLinkResponse, 404: ErrorResponse, 410: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request) => {
      await ctx.rateLimiter.hit(`video-guest-info:${request.ip}`, 60, 'För många försök. Vänta en stund.');
      return { data: await service.guestInfo(request.params.token) };
    },
  );

  api.post(
    '/video/guest/:token/join',
    {
      config: { public: true, csrf: false },
      schema: {
        tags: ['video'],
        summary: 'A guest joins with a name (public, rate limited) → join ticket',
        params: GuestTokenParams,
        body: GuestJoinRequest,
        response: {
          200: JoinResponse,
          400: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
          410: ErrorResponse,
          429: ErrorResponse,
        },
      },
    },
    async (request) => ({
      data: await service.guestJoin(request.params.token, request.body.displayName, request.ip),
    }),
  );

  api.get(
    '/video/ws',
    {
      websocket: true,
      config: { public: true },
      schema: { tags: ['video'], summary: 'Signalling WebSocket: first message { type: "join", ticket }', hide: true },
      preValidation: async (request) => {
        assertSameOrigin(request, ctx);
        await ctx.rateLimiter.hit(`video-ws:${request.ip}`, 120, 'Too many connections.');
      },
    },
    (socket, request) => {
      if (request.actor) watchSession(socket, request, ctx, { keepAlive: true });
      signalling.accept(socket);
    },
  );
}
