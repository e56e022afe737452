/**
 * Authentication for every route in the API scope: deny by default. A route
 * that needs no login says so with `config: { public: true }`. State-changing
 * requests from a logged-in session must echo the session's CSRF token in the
 * `x-csrf-token` header (the token is also readable from the `ingang_csrf` cookie).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from './db/index.js';
import type { UnitRole } from './db/schema.js';
import { AppError, forbidden, unauthorized } from './errors.js';
import type { Session, SessionService } from './sessions.js';
import { tokensEqual } from './sessions.js';

export const SESSION_COOKIE = 'ingang_sid';
export const CSRF_COOKIE = 'ingang_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export interface CitizenActor {
  kind: 'citizen';
  personId: string;
  session: Session;
}

export interface StaffActor {
  kind: 'staff';
  staffId: string;
  regionAdmin: boolean;
  supportRole: 'first_line' | 'second_line' | null;
  /** Every unit the member works in, with their roles there. */
  units: { unitId: string; roles: UnitRole[] }[];
  /** The unit the member chose to work in for this session. */
  activeUnitId: string | null;
  session: Session;
}

export type Actor = CitizenActor | StaffActor;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** No login needed. */
    public?: boolean;
    /** Skip the CSRF check (only for requests that carry no session, e.g. the login flow). */
    csrf?: false;
    /**
     * A public route that never uses the caller's session (the login flow): the cookie is
     * not looked up, so a browser polling with an old or expired session cookie costs no read.
     */
    session?: false;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Loads the actor behind a session: staff roles are read per request so a removed role takes effect at once. */
export async function loadActor(db: Db, session: Session): Promise<Actor | null> {
  if (session.kind === 'citizen' && session.personId) {
    return { kind: 'citizen', personId: session.personId, session };
  }
  if (session.kind === 'staff' && session.staffId) {
    const staff = await db
      .selectFrom('staff')
      .select(['id', 'region_admin', 'support_role', 'active'])
      .where('id', '=', session.staffId)
      .executeTakeFirst();
    if (!staff?.active) return null;
    const roles = await db
      .selectFrom('staff_unit_roles')
      .innerJoin('units', 'units.id', 'staff_unit_roles.unit_id')
      .select(['staff_unit_roles.unit_id', 'staff_unit_roles.role'])
      .where('staff_id', '=', staff.id)
      .where('units.active', '=', true)
      .orderBy('staff_unit_roles.unit_id')
      .execute();
    const units = new Map<string, UnitRole[]>();
    for (const r of roles) units.set(r.unit_id, [...(units.get(r.unit_id) ?? []), r.role]);
    const activeUnitId = session.activeUnitId && units.has(session.activeUnitId) ? session.activeUnitId : null;
    return {
      kind: 'staff',
      staffId: staff.id,
      regionAdmin: staff.region_admin,
      supportRole: staff.support_role,
      units: [...units].map(([unitId, unitRoles]) => ({ unitId, roles: unitRoles })),
      activeUnitId,
      session,
    };
  }
  return null;
}

/** Adds the deny-by-default hook to an encapsulated Fastify scope (the /api scope). */
export function installAuth(scope: FastifyInstance, deps: { db: Db; sessions: SessionService }) {
  scope.decorateRequest('actor', null);
  scope.addHook('onRequest', async (request: FastifyRequest) => {
    const config = request.routeOptions.config;
    const token = request.cookies[SESSION_COOKIE];
    const session = token && !(config?.public && config.session === false) ? await deps.sessions.resolve(token) : null;
    request.actor = session ? await loadActor(deps.db, session) : null;
    if (config?.public) return;
    if (!request.actor) throw unauthorized();
    if (!SAFE_METHODS.has(request.method) && config?.csrf !== false) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !tokensEqual(sent, request.actor.session.csrfToken)) {
        throw new AppError(403, 'csrf_invalid', 'The request is missing a valid CSRF token (x-csrf-token header).');
      }
    }
  });
}

export interface CookieOptions {
  secure: boolean;
}

/** Sets the session and CSRF cookies after a successful login. */
export function setSessionCookies(
  reply: FastifyReply,
  cookies: CookieOptions,
  login: { token: string; csrfToken: string },
) {
  reply.setCookie(SESSION_COOKIE, login.token, {
    path: '/',
    httpOnly: true,
    secure: cookies.secure,
    sameSite: 'lax',
  });
  reply.setCookie(CSRF_COOKIE, login.csrfToken, {
    path: '/',
    httpOnly: false,
    secure: cookies.secure,
    sameSite: 'strict',
  });
  reply.header(CSRF_HEADER, login.csrfToken);
}

export function clearSessionCookies(reply: FastifyReply, cookies: CookieOptions) {
  reply.clearCookie(SESSION_COOKIE, { path: '/', secure: cookies.secure });
  reply.clearCookie(CSRF_COOKIE, { path: '/', secure: cookies.secure });
}

export function requireCitizen(request: FastifyRequest): CitizenActor {
  const actor = request.actor;
  if (!actor) throw unauthorized();
  if (actor.kind !== 'citizen') throw forbidden('citizen_only', 'Only citizens can do this.');
  return actor;
}

export function requireStaff(request: FastifyRequest): StaffActor {
  const actor = request.actor;
  if (!actor) throw unauthorized();
  if (actor.kind !== 'staff') throw forbidden('staff_only', 'Only care staff can do this.');
  return actor;
}
