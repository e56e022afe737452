/**
 * Staff login as an OpenID Connect relying party (openid-client v6):
 * authorization code flow with PKCE (S256), state and nonce. The verifier,
 * state and nonce stay in the database behind a random cookie id; the browser
 * only ever sees the code challenge.
 */
import { canSelectUnit } from '@ingang/domain';
import * as oidc from 'openid-client';
import type { StaffActor } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { AppError, badRequest, forbidden, notFound } from '../../platform/errors.js';
import { hashToken, type NewSession, newToken } from '../../platform/sessions.js';
import { consumeLoginRequest, findActiveStaffBySubject, insertLoginRequest } from './store.js';

/** How long a started login may take before its callback is refused. */
export const LOGIN_REQUEST_TTL_SECONDS = 10 * 60;
export const DEFAULT_RETURN_TO = '/staff';
export const CALLBACK_PATH = '/api/auth/staff/callback';
const SCOPE = 'openid profile email';

export interface StaffAuthService {
  /** Builds the IdP redirect and records the pending login; `requestId` goes in the login cookie. */
  startLogin(input: { returnTo?: string }): Promise<{ redirectTo: string; requestId: string }>;
  /**
   * Completes a login from the IdP's redirect: consumes the pending login (single use),
   * exchanges the code, maps `sub` to an active staff member and opens a staff session.
   * Throws 400 `login_failed` for any protocol failure and 403 `staff_unknown` for an unknown subject.
   */
  finishLogin(input: {
    requestId: string | undefined;
    search: string;
    previousSessionToken: string | undefined;
  }): Promise<{ login: NewSession; returnTo: string; activeUnitId: string | null }>;
  /** Sets the unit the member works in for this session; 404 unless they work there. */
  selectActiveUnit(actor: StaffActor, unitId: string): Promise<{ activeUnitId: string }>;
}

/**
 * Accepts only a path on this site: it starts with one '/', has no backslash or
 * control character, and resolves to our own origin. Anything else gives '/staff'.
 */
export function safeReturnTo(raw: string | undefined, publicUrl: string): string {
  if (!raw?.startsWith('/') || raw.startsWith('//')) return DEFAULT_RETURN_TO;
  // Browsers read '\' as '/', so '/\evil.example' would leave the site.
  if (raw.includes('\\') || [...raw].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) {
    return DEFAULT_RETURN_TO;
  }
  try {
    const base = new URL(publicUrl);
    const target = new URL(raw, base);
    if (target.origin !== base.origin) return DEFAULT_RETURN_TO;
    return `${target.pathname}${target.search}${target.hash}`;
  } catch {
    return DEFAULT_RETURN_TO;
  }
}

const loginFailed = () =>
  badRequest('login_failed', 'The login could not be completed. Start again from the staff login page.');

export function createStaffAuthService(
  ctx: Pick<AppContext, 'config' | 'db' | 'clock' | 'log' | 'sessions'>,
): StaffAuthService {
  const { config, db, clock, log } = ctx;
  const redirectUri = `${config.publicUrl}${CALLBACK_PATH}`;
  let discovered: Promise<oidc.Configuration> | undefined;

  /**
   * Discovery runs on first use, not at start: the embedded IdP is this very
   * server, which answers only after listen(). A failure is not cached.
   */
  function configuration(): Promise<oidc.Configuration> {
    if (!discovered) {
      const issuer = new URL(config.oidc.issuer);
      const insecure = issuer.protocol === 'http:' && config.mode !== 'production';
      const auth = config.oidc.clientSecret ? oidc.ClientSecretBasic(config.oidc.clientSecret) : oidc.None();
      discovered = oidc
        .discovery(
          issuer,
          config.oidc.clientId,
          undefined,
          auth,
          insecure ? { execute: [oidc.allowInsecureRequests] } : {},
        )
        .catch((error: unknown) => {
          discovered = undefined;
          log.error({ err: error, issuer: issuer.href }, 'OIDC discovery failed');
          throw new AppError(503, 'idp_unavailable', 'The staff identity provider does not answer. Try again shortly.');
        });
    }
    return discovered;
  }

  return {
    async startLogin(input) {
      const returnTo = safeReturnTo(input.returnTo, config.publicUrl);
      const server = await configuration();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const codeChallenge = await oidc.calculatePKCECodeChallenge(codeVerifier);
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const redirectTo = oidc.buildAuthorizationUrl(server, {
        redirect_uri: redirectUri,
        scope: SCOPE,
        code_challenge: codeChallenge,
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      const requestId = newToken();
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + LOGIN_REQUEST_TTL_SECONDS * 1000);
      await insertLoginRequest(db, hashToken(requestId), { codeVerifier, state, nonce, returnTo }, now, expiresAt);
      return { redirectTo: redirectTo.href, requestId };
    },

    async finishLogin(input) {
      if (!input.requestId || input.requestId.length > 100) throw loginFailed();
      // Consumed before the exchange: a replayed callback finds nothing, even if the exchange fails.
      const pending = await consumeLoginRequest(db, hashToken(input.requestId), clock.now());
      if (!pending) throw loginFailed();
      const server = await configuration();
      // Built from the configured public URL, so a proxy in front cannot change what is compared.
      const currentUrl = new URL(`${redirectUri}${input.search}`);
      let subject: string;
      try {
        const tokens = await oidc.authorizationCodeGrant(server, currentUrl, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
        const claims = tokens.claims();
        if (!claims?.sub) throw new Error('no sub claim');
        subject = claims.sub;
      } catch (error) {
        // The error names the failed check (state, nonce, code); it carries no personal data.
        log.warn({ reason: error instanceof Error ? error.message : 'unknown' }, 'staff OIDC callback refused');
        throw loginFailed();
      }
      const staff = await findActiveStaffBySubject(db, subject);
      if (!staff) {
        throw forbidden('staff_unknown', 'This account is not an active member of staff in the region.');
      }
      if (input.previousSessionToken) await ctx.sessions.revoke(hashToken(input.previousSessionToken));
      const login = await ctx.sessions.create(db, {
        kind: 'staff',
        staffId: staff.id,
        idleSeconds: config.session.staffIdleSeconds,
      });
      const only = staff.units.length === 1 ? staff.units[0] : undefined;
      if (only) {
        try {
          await ctx.sessions.setActiveUnit(login.session.idHash, only.id);
        } catch (error) {
          await ctx.sessions.revoke(login.session.idHash);
          throw error;
        }
      }
      log.info({ staffId: staff.id }, 'staff logged in');
      return { login, returnTo: pending.returnTo, activeUnitId: only?.id ?? null };
    },

    async selectActiveUnit(actor, unitId) {
      if (!canSelectUnit(actor, unitId)) throw notFound('unit');
      await ctx.sessions.setActiveUnit(actor.session.idHash, unitId);
      return { activeUnitId: unitId };
    },
  };
}
