/**
 * Logged-in sessions for tests without going through BankID or OIDC: the
 * session row is created directly, and the returned headers carry the cookie
 * and the CSRF token as a browser would.
 */
import { SESSION_COOKIE } from '../../src/platform/auth.js';
import type { TestApp } from '../harness.js';

export interface TestSession {
  token: string;
  csrfToken: string;
  idHash: string;
  /** Cookie + CSRF header, ready for `app.inject({ headers })`. */
  headers: { cookie: string; 'x-csrf-token': string };
}

async function create(
  t: TestApp,
  input: { kind: 'staff'; staffId: string } | { kind: 'citizen'; personId: string },
  idleSeconds: number,
): Promise<TestSession> {
  const { token, csrfToken, session } = await t.ctx.sessions.create(t.ctx.db, { ...input, idleSeconds });
  return {
    token,
    csrfToken,
    idHash: session.idHash,
    headers: { cookie: `${SESSION_COOKIE}=${token}`, 'x-csrf-token': csrfToken },
  };
}

/** A staff session; `activeUnitId` sets the unit chosen for the session. */
export async function staffSession(
  t: TestApp,
  staffId: string,
  options: { activeUnitId?: string; idleSeconds?: number } = {},
): Promise<TestSession> {
  const s = await create(t, { kind: 'staff', staffId }, options.idleSeconds ?? 3600);
  if (options.activeUnitId) await t.ctx.sessions.setActiveUnit(s.idHash, options.activeUnitId);
  return s;
}

/** A citizen session for a person already in `persons` (e.g. a demo person after seedDemo). */
export async function citizenSession(t: TestApp, personId: string, idleSeconds = 900): Promise<TestSession> {
  return create(t, { kind: 'citizen', personId }, idleSeconds);
}
