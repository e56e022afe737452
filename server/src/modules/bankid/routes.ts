/**
 * Citizen login with BankID — a stable scripting contract. Logging in from a script, no browser
 * (development/test: the embedded simulator plays the person's BankID app; demo person Anna):
 *   B=http://localhost:3000; J='content-type: application/json'; PNR=198804122383
 *   REF=$(curl -s -X POST $B/api/auth/bankid/auth -H "$J" -d "{\"personalNumber\":\"$PNR\"}" | jq -r .orderRef)
 *   curl -s -X POST $B/api/dev/bankid/approve -H "$J" -d "{\"orderRef\":\"$REF\",\"personalNumber\":\"$PNR\"}"
 *   curl -s -c jar -D hdr -X POST $B/api/auth/bankid/collect -H "$J" -d "{\"orderRef\":\"$REF\"}"  # {"status":"complete",…}
 *   CSRF=$(awk 'tolower($1)=="x-csrf-token:"{print $2}' hdr | tr -d '\r')  # also in the ingang_csrf cookie
 *   curl -s -b jar $B/api/me;  curl -s -b jar -H "x-csrf-token: $CSRF" -X POST … # every later request
 * With real BankID the approve step is the person's app (QR from /api/auth/bankid/qr, or autoStartToken);
 * poll collect every 2 s while status is "pending".
 */
import {
  BankIdAuthRequest,
  BankIdAuthResponse,
  BankIdCancelResponse,
  BankIdCollectRequest,
  BankIdCollectResponse,
  BankIdOrderRequest,
  BankIdQrResponse,
  ErrorResponse,
} from '@ingang/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE, setSessionCookies } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import type { Api } from '../../platform/http.js';
import type { BankIdService } from './service.js';

const tags = ['auth'];
// No session exists yet, so there is no CSRF token to check; the orderRef is the proof of possession.
// The caller's session (a re-login's old cookie) is never used here, so it is not looked up either:
// collect reads the cookie itself only to revoke that session at completion.
const open = { public: true, csrf: false, session: false } as const;
/** Orders, QR data and session cookies must never be cached by a proxy or the browser. */
const noStore = async (_request: FastifyRequest, reply: FastifyReply) => {
  reply.header('cache-control', 'no-store');
};
const errors = { 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 502: ErrorResponse, 503: ErrorResponse };

/** Registers the four citizen login endpoints under /api/auth/bankid. */
export function registerBankIdRoutes(api: Api, ctx: Pick<AppContext, 'cookies'>, service: BankIdService) {
  api.post(
    '/auth/bankid/auth',
    {
      // Behind the waiting room while one is live: BankID is never started for someone still queueing.
      config: { ...open, waitingRoom: 'login' },
      onRequest: noStore,
      schema: {
        tags,
        summary: 'Start a BankID login (optionally locked to one personnummer)',
        body: BankIdAuthRequest,
        response: { 200: BankIdAuthResponse, 429: ErrorResponse, ...errors },
      },
    },
    async (request) => service.start({ ip: request.ip, personalNumber: request.body.personalNumber }),
  );

  api.post(
    '/auth/bankid/qr',
    {
      config: open,
      onRequest: noStore,
      schema: {
        tags,
        summary: 'The animated QR payload for this second (poll once a second)',
        body: BankIdOrderRequest,
        response: { 200: BankIdQrResponse, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => service.qr(request.body.orderRef),
  );

  api.post(
    '/auth/bankid/collect',
    {
      config: open,
      onRequest: noStore,
      schema: {
        tags,
        summary: 'Poll the order; on "complete" the session cookies and x-csrf-token header are set',
        body: BankIdCollectRequest,
        response: { 200: BankIdCollectResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { body, login } = await service.collect({
        ...request.body,
        previousSessionToken: request.cookies[SESSION_COOKIE],
      });
      if (login) setSessionCookies(reply, ctx.cookies, login);
      return body;
    },
  );

  api.post(
    '/auth/bankid/cancel',
    {
      config: open,
      onRequest: noStore,
      schema: {
        tags,
        summary: 'Cancel the order (the person chose "Avbryt")',
        body: BankIdOrderRequest,
        response: { 200: BankIdCancelResponse, ...errors },
      },
    },
    async (request) => service.cancel(request.body.orderRef),
  );
}
