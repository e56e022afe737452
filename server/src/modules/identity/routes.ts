/**
 * `GET /api/me`, `POST /api/auth/logout`, `POST /api/auth/logout-everywhere`,
 * `POST /api/auth/keepalive`. All need a session; the POSTs need the CSRF header.
 */
import { ErrorResponse, KeepAliveResponse, LogoutEverywhereResponse, MeResponse, NoContent } from '@ingang/contracts';
import { type Actor, clearSessionCookies } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { unauthorized } from '../../platform/errors.js';
import type { Api } from '../../platform/http.js';
import type { createIdentityService } from './service.js';

const errors = { 401: ErrorResponse, 403: ErrorResponse };

export async function identityRoutes(
  api: Api,
  { identity }: { identity: ReturnType<typeof createIdentityService> },
  ctx: Pick<AppContext, 'cookies'>,
) {
  const actorOf = (actor: Actor | null): Actor => {
    if (!actor) throw unauthorized();
    return actor;
  };

  api.get(
    '/me',
    {
      schema: {
        tags: ['identity'],
        summary: 'Who is logged in, their roles and whom they may act for',
        response: { 200: MeResponse, ...errors },
      },
    },
    async (request) => identity.me(actorOf(request.actor)),
  );

  api.post(
    '/auth/logout',
    {
      // A logout uses up the browser's admitted queue ticket (a capacity-mode waiting room frees its place).
      config: { waitingRoom: 'done' },
      schema: {
        tags: ['identity'],
        summary: 'Log out: ends this session and clears its cookies',
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      await identity.logout(actorOf(request.actor));
      clearSessionCookies(reply, ctx.cookies);
      return reply.status(204).send(null);
    },
  );

  api.post(
    '/auth/logout-everywhere',
    {
      schema: {
        tags: ['identity'],
        summary: 'Log out on every device: ends all sessions of this citizen or staff member',
        response: { 200: LogoutEverywhereResponse, ...errors },
      },
    },
    async (request, reply) => {
      const revokedSessions = await identity.logoutEverywhere(actorOf(request.actor));
      clearSessionCookies(reply, ctx.cookies);
      return { revokedSessions };
    },
  );

  api.post(
    '/auth/keepalive',
    {
      schema: {
        tags: ['identity'],
        summary: 'Keep the session alive ("Fortsätt vara inloggad"): restarts the idle timer',
        response: { 200: KeepAliveResponse, ...errors },
      },
    },
    async (request) => identity.keepAlive(actorOf(request.actor)),
  );
}
