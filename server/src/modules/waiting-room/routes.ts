/**
 * The public face of the waiting room (no login): the live rooms, joining one,
 * polling one's place, leaving, and the release weather. All answered from
 * the instance's memory (no database statement per poll) and never shed.
 */

import type { TicketStatusResponse as TicketStatus } from '@ingang/contracts';
import {
  ErrorResponse,
  JoinQueueRequest,
  NoContent,
  QueueChallengeResponse,
  QueueNonceHeaders,
  ReleaseWeatherParams,
  ReleaseWeatherResponse,
  RoomListResponse,
  RoomParams,
  RoomResponse,
  TicketStatusResponse,
} from '@ingang/contracts';
import { pollSeconds, releaseSpreadSeconds } from '@ingang/domain';
import { checkBodyType } from '../../platform/body-limits.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, badRequest, notFound } from '../../platform/errors.js';
import type { Api } from '../../platform/http.js';
import { ticketCookieOptions } from './gate.js';
import { POW_ALGORITHM } from './pow.js';
import type { RoomCache } from './rooms.js';
import type { QueueService } from './service.js';
import { isNonce, NONCE_HEADER, TICKET_COOKIE } from './ticket.js';
import { roomView } from './view.js';
import type { createReleaseWeather } from './weather.js';

const tags = ['waiting-room'];
// Public, never shed, and no session is needed (so no CSRF token to check).
const open = { public: true, alwaysOpen: true, csrf: false } as const;

export interface QueueRouteDeps {
  clock: Clock;
  rooms: RoomCache;
  queue: QueueService;
  weather: ReturnType<typeof createReleaseWeather>;
  secureCookies: boolean;
  ticketTtlSeconds: number;
}

export function registerQueueRoutes(api: Api, deps: QueueRouteDeps) {
  const { rooms, queue } = deps;

  api.get(
    '/queue/rooms',
    {
      config: open,
      schema: { tags, summary: 'The live waiting rooms (public, cached 2 s)', response: { 200: RoomListResponse } },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=2');
      const now = deps.clock.now();
      return { data: rooms.all().map((r) => ({ ...roomView(r, rooms, now), pow: queue.epochChallenge(r) })) };
    },
  );

  api.get(
    '/queue/rooms/:roomId',
    {
      config: open,
      schema: {
        tags,
        summary: 'One room: phase, queue length, serving number, the shuffle commitment (and seed after the release)',
        params: RoomParams,
        response: { 200: RoomResponse, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      const room = rooms.get(request.params.roomId);
      if (!room) throw notFound('waiting room');
      reply.header('cache-control', 'public, max-age=2');
      // This minute's proof-of-work prefix comes along: a new arrival needs no challenge request of its own.
      return { data: { ...roomView(room, rooms, deps.clock.now()), pow: queue.epochChallenge(room) } };
    },
  );

  api.get(
    '/queue/rooms/:roomId/challenge',
    {
      config: open,
      schema: {
        tags,
        summary:
          "A proof-of-work challenge of one's own (older flow; the room's answer carries this minute's prefix, which needs no request)",
        description:
          'Find a solution (1–64 base64url characters) such that SHA-256 of `challenge + ":" + solution` starts with `bits` zero bits; send both in the join body within five minutes. The difficulty rises under load.',
        params: RoomParams,
        response: { 200: QueueChallengeResponse, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return { ...queue.challenge(request.params.roomId), algorithm: POW_ALGORITHM };
    },
  );

  api.delete(
    '/queue/rooms/:roomId/ticket',
    {
      config: open,
      schema: {
        tags,
        summary: 'Leave the queue, or say "done" once admitted (frees the place at once in capacity mode)',
        params: RoomParams,
        headers: QueueNonceHeaders,
        response: { 204: NoContent, 400: ErrorResponse },
      },
    },
    async (request, reply) => {
      await queue.leave(request.params.roomId, request.headers['x-queue-nonce'], request.cookies[TICKET_COOKIE]);
      reply.clearCookie(TICKET_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  api.get(
    '/public/release-weather/:timeTypeId',
    {
      config: { public: true },
      schema: {
        tags,
        summary:
          'Release weather: which age groups may book now and next, free places by area, the live queue (cached 10 s)',
        params: ReleaseWeatherParams,
        response: { 200: ReleaseWeatherResponse, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=10');
      return { data: await deps.weather.get(request.params.timeTypeId) };
    },
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The status poll: the hottest route on a release day (every waiting browser, every few seconds),
 * so it is registered at the root, outside the /api scope (no session lookup, CSRF, body-limit or
 * gate hooks — it needs none of them), checks its two inputs by hand instead of through the zod
 * compilers, and sends its answer as a ready JSON string. The zod schemas stay for the API
 * document; the answers are the same as they would be through them (a test holds both to it).
 */
export function registerStatusRoute(app: Api, deps: QueueRouteDeps) {
  const { rooms, queue } = deps;
  app.get(
    '/api/queue/rooms/:roomId/status',
    {
      config: open,
      schema: {
        tags,
        summary:
          "This browser's place, people ahead, estimated wait and progress; admits the ticket when its turn has come",
        description:
          '404 no_ticket when this browser holds no valid ticket for the room (join again). Poll again after pollSeconds (half the estimated wait: 2 s near the front, up to 60 s far back). In a room with a fixed admission rate `dueAt` is the moment this ticket is let through: the browser may then go straight to the gated request (login or booking) instead of asking again; a 503 queue_required there (the room was paused or slowed) sends it back here.',
        params: RoomParams,
        headers: QueueNonceHeaders,
        response: { 200: TicketStatusResponse, 400: ErrorResponse, 404: ErrorResponse },
      },
      // Inputs are checked in the handler; answers are plain objects or a ready string.
      validatorCompiler: () => (value: unknown) => ({ value }),
      serializerCompiler: () => (data: unknown) => JSON.stringify(data),
    },
    async (request, reply) => {
      const { roomId } = request.params as { roomId: string };
      if (!UUID.test(roomId)) {
        throw badRequest('invalid_input', 'Invalid input: params.roomId', { 'params.roomId': 'Invalid UUID' });
      }
      const nonce = request.headers[NONCE_HEADER];
      if (!isNonce(nonce)) {
        throw badRequest('invalid_input', `Invalid input: headers.${NONCE_HEADER}`, {
          [`headers.${NONCE_HEADER}`]: NONCE_MESSAGE,
        });
      }
      const result = await queue.status(roomId, nonce, request.cookies[TICKET_COOKIE]);
      if (!result) throw new AppError(404, 'no_ticket', 'Du har ingen plats i den här kön. Ställ dig i kön igen.');
      if (result.token) {
        const room = rooms.get(roomId);
        reply.setCookie(
          TICKET_COOKIE,
          result.token,
          ticketCookieOptions(deps.secureCookies, room ? room.admitted_valid_seconds : deps.ticketTtlSeconds),
        );
      }
      // Private: the answer is this browser's; a short max-age lets the browser absorb double polls.
      reply.header('cache-control', STATUS_CACHE_CONTROL).type('application/json; charset=utf-8');
      // A ready string (sent as is, the content type being JSON); typed as the contract it serialises.
      return JSON.stringify({
        ...result.status,
        ...pollFor(rooms, result.status, deps.clock.now()),
      }) as unknown as TicketStatus;
    },
  );
}

/**
 * When to ask again (in a capacity room: its capacity, and whether its freeing pace is seen; in a rate
 * room: whether its rate is fixed) and, in a fixed-rate room, the moment the gate lets this ticket
 * through without asking (`dueAt`): the browser may go straight to the gated request then.
 */
function pollFor(
  rooms: RoomCache,
  status: Omit<TicketStatus, 'pollSeconds' | 'dueAt'>,
  now: Date,
): Pick<TicketStatus, 'pollSeconds' | 'dueAt'> {
  const room = rooms.get(status.roomId);
  const capacity =
    room?.admission === 'capacity'
      ? { capacity: room.capacity, paced: rooms.freedPerMinute(status.roomId) !== null }
      : undefined;
  const spread = status.phase === 'prequeue' ? releaseSpreadSeconds(rooms.counters(status.roomId).arrivals) : 0;
  // A fixed rate makes the estimate exact: ask when due (see pollSeconds' exactEta).
  const exactEta = room?.admission === 'rate' && !room.pace_auto;
  // The serving number reaches the place by now + eta (queue.ts `standing`); the gate admits a due
  // ticket on the gated request itself (service.pass → admitIfDue), which saves the last poll.
  const dueAt =
    exactEta && status.phase === 'waiting' && !status.paused && status.etaSeconds !== null
      ? new Date(now.getTime() + status.etaSeconds * 1000).toISOString()
      : null;
  return { pollSeconds: pollSeconds(status, now, capacity, spread, exactEta), dueAt };
}

const NONCE_MESSAGE = 'must be 16–128 base64url characters held by this browser';
const BODY_FIELDS = { challenge: 2000, clientNonce: 64, solution: 64 } as const;

/** The join body checked by hand (the same 400 invalid_input naming the field as the zod schema gave). */
function joinBody(body: unknown): { challenge?: unknown; clientNonce?: unknown; solution?: unknown } {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('invalid_input', 'Invalid input: body', { body: 'Invalid input: expected object' });
  }
  const b = body as Record<string, unknown>;
  for (const [name, max] of Object.entries(BODY_FIELDS)) {
    const value = b[name];
    if (value === undefined) continue;
    if (typeof value !== 'string') {
      throw badRequest('invalid_input', `Invalid input: body.${name}`, {
        [`body.${name}`]: `Invalid input: expected string, received ${value === null ? 'null' : typeof value}`,
      });
    }
    if (value.length > max) {
      throw badRequest('invalid_input', `Invalid input: body.${name}`, {
        [`body.${name}`]: `Too big: expected string to have <=${max} characters`,
      });
    }
  }
  return b;
}

/**
 * The join: every arrival's one request (with this minute's prefix from the room's cacheable
 * answer, solved in the browser). Like the status poll it is registered at the root, outside the
 * /api scope (no session lookup — the queue needs none — and no CSRF/gate hooks), checks its inputs
 * by hand and sends a ready JSON string; the per-address ticket limit and the proof of work are the
 * service's, as before. The zod schemas stay for the API document.
 */
export function registerJoinRoute(app: Api, deps: QueueRouteDeps) {
  const { queue } = deps;
  app.post(
    '/api/queue/rooms/:roomId/join',
    {
      config: open,
      bodyLimit: 4096,
      // JSON or nothing, refused before a byte is read (what the /api scope's hook does for its routes).
      onRequest: checkBodyType,
      schema: {
        tags,
        summary: 'Take a place (or keep the one this browser holds); sets the HttpOnly ticket cookie',
        description:
          "Send a random value this browser keeps (x-queue-nonce) here and on every later poll, login start and booking: the ticket is bound to it. A new place needs a solved proof of work in the body: the room's `pow.prefix` as `challenge`, a random `clientNonce` (16–64 base64url characters) and a `solution` such that SHA-256(prefix:clientNonce:solution) starts with `pow.bits` zero bits (or an older challenge from …/challenge with its solution). 400 pow_required / pow_invalid / pow_expired / pow_wrong naming the field, 409 pow_used when that solution already gave a place; keeping a place this browser holds needs no proof. 429 when one address takes too many places a minute.",
        params: RoomParams,
        headers: QueueNonceHeaders,
        body: JoinQueueRequest,
        response: {
          200: TicketStatusResponse,
          400: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
          429: ErrorResponse,
        },
      },
      validatorCompiler: () => (value: unknown) => ({ value }),
      serializerCompiler: () => (data: unknown) => JSON.stringify(data),
    },
    async (request, reply) => {
      const { roomId } = request.params as { roomId: string };
      if (!UUID.test(roomId)) {
        throw badRequest('invalid_input', 'Invalid input: params.roomId', { 'params.roomId': 'Invalid UUID' });
      }
      const nonce = request.headers[NONCE_HEADER];
      if (!isNonce(nonce)) {
        throw badRequest('invalid_input', `Invalid input: headers.${NONCE_HEADER}`, {
          [`headers.${NONCE_HEADER}`]: NONCE_MESSAGE,
        });
      }
      const joined = await queue.join(
        roomId,
        nonce,
        request.cookies[TICKET_COOKIE],
        request.ip,
        joinBody(request.body),
      );
      reply.setCookie(TICKET_COOKIE, joined.token, ticketCookieOptions(deps.secureCookies, deps.ticketTtlSeconds));
      reply.header('cache-control', 'no-store').type('application/json; charset=utf-8');
      return JSON.stringify({
        ...joined.status,
        ...pollFor(deps.rooms, joined.status, deps.clock.now()),
      }) as unknown as TicketStatus;
    },
  );
}

// One second: absorbs a double poll, never answers the next 2-second poll from the cache.
const STATUS_CACHE_CONTROL = 'private, max-age=1';
