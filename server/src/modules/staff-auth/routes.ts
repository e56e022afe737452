/**
 * Staff login routes (OpenID Connect relying party) and the active-unit choice.
 * The login and callback are browser navigations; errors come back as the
 * usual JSON error body (400 `login_failed`, 403 `staff_unknown`).
 */
import {
  ErrorResponse,
  SelectUnitRequest,
  SelectUnitResponse,
  StaffCallbackQuery,
  StaffLoginQuery,
} from '@ingang/contracts';
import { z } from 'zod';
import { requireStaff, SESSION_COOKIE, setSessionCookies } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import type { Api } from '../../platform/http.js';
import { type createStaffAuthService, LOGIN_REQUEST_TTL_SECONDS } from './service.js';

/** Holds the id of the pending login between the redirect to the IdP and its callback. */
export const STAFF_LOGIN_COOKIE = 'ingang_staff_login';
const LOGIN_COOKIE_PATH = '/api/auth/staff';

const Redirect = z.null().describe('302 redirect; see the Location header');

export async function staffAuthRoutes(
  api: Api,
  { service }: { service: ReturnType<typeof createStaffAuthService> },
  ctx: Pick<AppContext, 'config' | 'cookies' | 'rateLimiter'>,
) {
  const loginCookie = { path: LOGIN_COOKIE_PATH, httpOnly: true, secure: ctx.cookies.secure, sameSite: 'lax' as const };

  api.get(
    '/auth/staff/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Start staff login: redirects to the OpenID Connect IdP (code flow, PKCE S256)',
        querystring: StaffLoginQuery,
        response: { 302: Redirect, 400: ErrorResponse, 429: ErrorResponse, 503: ErrorResponse },
      },
    },
    async (request, reply) => {
      await ctx.rateLimiter.hit(
        `staff-login:${request.ip}`,
        ctx.config.rateLimit.loginPerIpPerMinute,
        'Too many login attempts. Wait a minute and try again.',
      );
      const { redirectTo, requestId } = await service.startLogin({ returnTo: request.query.returnTo });
      reply.setCookie(STAFF_LOGIN_COOKIE, requestId, { ...loginCookie, maxAge: LOGIN_REQUEST_TTL_SECONDS });
      reply.header('cache-control', 'no-store');
      return reply.redirect(redirectTo, 302);
    },
  );

  api.get(
    '/auth/staff/callback',
    {
      config: { public: true, csrf: false },
      schema: {
        tags: ['auth'],
        summary: 'OpenID Connect redirect URI: opens a staff session and redirects to returnTo',
        querystring: StaffCallbackQuery,
        response: { 302: Redirect, 400: ErrorResponse, 403: ErrorResponse, 503: ErrorResponse },
      },
    },
    async (request, reply) => {
      // The login cookie is single use whatever happens next.
      reply.clearCookie(STAFF_LOGIN_COOKIE, loginCookie);
      reply.header('cache-control', 'no-store');
      const queryStart = request.url.indexOf('?');
      const { login, returnTo } = await service.finishLogin({
        requestId: request.cookies[STAFF_LOGIN_COOKIE],
        search: queryStart === -1 ? '' : request.url.slice(queryStart),
        previousSessionToken: request.cookies[SESSION_COOKIE],
      });
      setSessionCookies(reply, ctx.cookies, login);
      return reply.redirect(returnTo, 302);
    },
  );

  api.post(
    '/staff/active-unit',
    {
      schema: {
        tags: ['auth'],
        summary: 'Choose the unit to work in for this session (staff who work there)',
        body: SelectUnitRequest,
        response: {
          200: SelectUnitResponse,
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (request) => {
      const actor = requireStaff(request);
      return service.selectActiveUnit(actor, request.body.unitId);
    },
  );
}
