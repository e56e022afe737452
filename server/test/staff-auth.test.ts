/**
 * Staff login over a real port: the relying party (openid-client) talks HTTP to
 * the embedded oidc-provider in the same server, and the "browser" is fetch
 * with a small cookie jar that follows redirects by hand.
 */
import net from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { createEmbeddedProvider } from '../src/modules/staff-auth/embedded-provider.js';
import { safeReturnTo } from '../src/modules/staff-auth/service.js';
import { CSRF_COOKIE, SESSION_COOKIE } from '../src/platform/auth.js';
import { seedDemo } from '../src/seed/demo.js';
import { DEMO_STAFF, DEMO_UNITS, demoPerson, demoStaff } from '../src/seed/demo-data.js';
import { startTestApp, type TestApp } from './harness.js';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A cookie jar that honours Path and deletion; enough for one origin. */
class Browser {
  private cookies = new Map<string, { value: string; path: string }>();
  constructor(private readonly origin: string) {}

  cookie(name: string): string | undefined {
    return this.cookies.get(name)?.value;
  }

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url, this.origin);
    const header = [...this.cookies]
      .filter(([, c]) => target.pathname.startsWith(c.path))
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
    const headers = new Headers(init.headers);
    if (header) headers.set('cookie', header);
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((p) => p.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const attr = (key: string) =>
        attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const expires = attr('expires');
      const gone = attr('max-age') === '0' || (expires !== undefined && new Date(expires).getTime() < Date.now());
      if (gone || value === '') this.cookies.delete(name);
      else this.cookies.set(name, { value, path: attr('path') ?? '/' });
    }
    return response;
  }

  /** Follows redirects while they stay within the IdP and the login endpoints; returns the last response. */
  async follow(url: string, init: RequestInit = {}): Promise<{ response: Response; url: string; visited: string[] }> {
    let current = url;
    let response = await this.fetch(current, init);
    const visited = [current];
    for (let hops = 0; hops < 15 && response.status >= 300 && response.status < 400; hops++) {
      const next = new URL(response.headers.get('location') ?? '', new URL(current, this.origin));
      if (next.origin !== this.origin || !/^\/(oidc|api\/auth\/staff)(\/|$)/.test(next.pathname)) break;
      current = next.href;
      visited.push(current);
      response = await this.fetch(current);
    }
    return { response, url: current, visited };
  }
}

const subjectOf = (staffId: string) => {
  const staff = demoStaff.find((s) => s.id === staffId);
  if (!staff) throw new Error(`no demo staff ${staffId}`);
  return staff.hsaId;
};

/** Runs the flow up to the demo picker; returns the browser and the picker page. */
async function openPicker(origin: string, returnTo?: string, browser = new Browser(origin)) {
  const query = returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`;
  const start = await browser.fetch(`/api/auth/staff/login${query}`);
  expect(start.status).toBe(302);
  const idp = new URL(start.headers.get('location') ?? '');
  const picker = await browser.follow(idp.href);
  expect(picker.response.status).toBe(200);
  return { browser, idp, pickerUrl: picker.url, html: await picker.response.text() };
}

/** Chooses `subject` on the picker and follows back to the callback; returns the callback's response. */
async function choose(browser: Browser, pickerUrl: string, subject: string) {
  const result = await browser.follow(`${pickerUrl}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ accountId: subject }).toString(),
  });
  expect(new URL(result.url).pathname).toBe('/api/auth/staff/callback');
  return { ...result, callbackUrl: result.url };
}

async function loginAs(origin: string, staffId: string, returnTo?: string, browser?: Browser) {
  const opened = await openPicker(origin, returnTo, browser);
  const done = await choose(opened.browser, opened.pickerUrl, subjectOf(staffId));
  return { ...opened, ...done };
}

/** Asserts the IdP sends the client back with invalid_request (and no code) when PKCE is missing or plain. */
async function expectPkceEnforced(origin: string, clientId: string) {
  const refused = async (extra: Record<string, string>) => {
    const url = new URL(`${origin}/oidc/auth`);
    url.search = new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: `${origin}/api/auth/staff/callback`,
      scope: 'openid',
      state: 'abc',
      ...extra,
    }).toString();
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const back = new URL(res.headers.get('location') ?? '');
    expect(back.pathname).toBe('/api/auth/staff/callback');
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.has('code')).toBe(false);
    return back.searchParams.get('error_description') ?? '';
  };
  expect(await refused({})).toMatch(/PKCE/);
  expect(await refused({ code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' })).toMatch(
    /code_challenge_method/,
  );
}

/** A test app on a real port (openid-client fetches discovery and tokens over HTTP), with the demo region. */
async function startListening(env: Record<string, string> = {}) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const t = await startTestApp({ env: { PORT: String(port), PUBLIC_URL: origin, ...env } });
  await seedDemo(t.ctx.db, t.ctx.clock);
  await t.app.listen({ port, host: '127.0.0.1' });
  return { t, origin };
}

describe('staff login (OIDC code flow + PKCE against the embedded IdP)', () => {
  let t: TestApp;
  let origin: string;

  beforeAll(async () => {
    ({ t, origin } = await startListening());
  });
  afterAll(async () => {
    await t?.close();
  });

  const sessionCount = async () =>
    Number((await sql<{ n: number }>`select count(*)::int as n from sessions`.execute(t.ctx.db)).rows[0]?.n);

  const selectUnit = (browser: Browser, unitId: unknown, csrf = browser.cookie(CSRF_COOKIE)) =>
    browser.fetch('/api/staff/active-unit', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(csrf ? { 'x-csrf-token': csrf } : {}) },
      body: JSON.stringify({ unitId }),
    });

  test('login redirects to the IdP with S256 PKCE, state and nonce, and sets a short-lived login cookie', async () => {
    const browser = new Browser(origin);
    const res = await browser.fetch('/api/auth/staff/login');
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(`${origin}/oidc/auth`);
    const p = location.searchParams;
    expect(p.get('code_challenge_method')).toBe('S256');
    expect(p.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(p.get('state')).toBeTruthy();
    expect(p.get('nonce')).toBeTruthy();
    expect(p.get('client_id')).toBe(t.ctx.config.oidc.clientId);
    expect(p.get('redirect_uri')).toBe(`${origin}/api/auth/staff/callback`);
    expect(p.has('code_verifier')).toBe(false);
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('ingang_staff_login='));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Max-Age=600/i);
  });

  test('the interaction page is our Swedish demo picker listing active staff', async () => {
    const { html, pickerUrl } = await openPicker(origin);
    expect(new URL(pickerUrl).pathname).toMatch(/^\/oidc\/interaction\/[\w-]+$/);
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain('Demo-inloggning för personal (endast utveckling)');
    expect(html).toContain('Nadia Nyström');
    expect(html).toContain('Solberga vårdcentral');
    expect(html).toContain('name="viewport"');
  });

  test('full flow: choosing the nurse logs her in, auto-selects her only unit and returns to returnTo', async () => {
    const before = await sessionCount();
    const { browser, response } = await loginAs(origin, DEMO_STAFF.nurseSolberga, '/staff/inbox?tab=1');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/staff/inbox?tab=1');
    expect(browser.cookie(SESSION_COOKIE)).toBeTruthy();
    expect(browser.cookie(CSRF_COOKIE)).toBeTruthy();
    expect(browser.cookie('ingang_staff_login')).toBeUndefined();
    expect(await sessionCount()).toBe(before + 1);
    const row = await t.ctx.db
      .selectFrom('sessions')
      .select(['kind', 'staff_id', 'active_unit_id', 'idle_seconds'])
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      kind: 'staff',
      staff_id: DEMO_STAFF.nurseSolberga,
      active_unit_id: DEMO_UNITS.vcSolberga,
      idle_seconds: t.ctx.config.session.staffIdleSeconds,
    });

    const own = await selectUnit(browser, DEMO_UNITS.vcSolberga);
    expect(own.status).toBe(200);
    expect(await own.json()).toEqual({ activeUnitId: DEMO_UNITS.vcSolberga });

    const other = await selectUnit(browser, DEMO_UNITS.vcNorrtull);
    expect(other.status).toBe(404);
    expect((await other.json()).error.code).toBe('not_found');

    const noCsrf = await selectUnit(browser, DEMO_UNITS.vcSolberga, '');
    expect(noCsrf.status).toBe(403);
    expect((await noCsrf.json()).error.code).toBe('csrf_invalid');

    const bad = await selectUnit(browser, 'not-a-uuid');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields).toHaveProperty('body.unitId');
  });

  test('a member of two units gets no unit chosen for her and picks one', async () => {
    const { browser } = await loginAs(origin, DEMO_STAFF.doctor);
    const row = await t.ctx.db
      .selectFrom('sessions')
      .select(['staff_id', 'active_unit_id'])
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ staff_id: DEMO_STAFF.doctor, active_unit_id: null });
    const res = await selectUnit(browser, DEMO_UNITS.dermatology);
    expect(res.status).toBe(200);
    const after = await t.ctx.db
      .selectFrom('sessions')
      .select('active_unit_id')
      .where('staff_id', '=', DEMO_STAFF.doctor)
      .where('revoked_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(after.active_unit_id).toBe(DEMO_UNITS.dermatology);
  });

  test('active-unit: 401 without login, 403 for a citizen', async () => {
    const anonymous = await selectUnit(new Browser(origin), DEMO_UNITS.vcSolberga, 'x');
    expect(anonymous.status).toBe(401);

    const person = await t.ctx.db
      .selectFrom('persons')
      .select('id')
      .where('personal_number', '=', demoPerson('anna').personalNumber)
      .executeTakeFirstOrThrow();
    const citizen = await t.ctx.sessions.create(t.ctx.db, { kind: 'citizen', personId: person.id, idleSeconds: 600 });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/staff/active-unit',
      cookies: { [SESSION_COOKIE]: citizen.token },
      headers: { 'x-csrf-token': citizen.csrfToken },
      payload: { unitId: DEMO_UNITS.vcSolberga },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('staff_only');
  });

  test('a replayed callback fails and creates no session', async () => {
    const first = await openPicker(origin);
    const loginCookie = first.browser.cookie('ingang_staff_login');
    const { callbackUrl } = await choose(first.browser, first.pickerUrl, subjectOf(DEMO_STAFF.nurseSolberga));
    const count = await sessionCount();

    // Same code, state and login cookie again.
    const replay = await fetch(callbackUrl, {
      redirect: 'manual',
      headers: { cookie: `ingang_staff_login=${loginCookie}` },
    });
    expect(replay.status).toBe(400);
    expect((await replay.json()).error.code).toBe('login_failed');

    // Same code and state under a fresh login request: state mismatch, and the code is spent anyway.
    const second = await openPicker(origin);
    const cross = await second.browser.fetch(callbackUrl);
    expect(cross.status).toBe(400);
    expect((await cross.json()).error.code).toBe('login_failed');
    expect(await sessionCount()).toBe(count);
  });

  test('a callback without the login cookie, or after the user cancels at the IdP, fails', async () => {
    const count = await sessionCount();
    const bare = await fetch(`${origin}/api/auth/staff/callback?code=abc&state=def`, { redirect: 'manual' });
    expect(bare.status).toBe(400);
    expect((await bare.json()).error.code).toBe('login_failed');

    const { browser, pickerUrl } = await openPicker(origin);
    const cancelled = await browser.follow(`${pickerUrl}/abort`, { method: 'POST' });
    expect(new URL(cancelled.url).pathname).toBe('/api/auth/staff/callback');
    expect(new URL(cancelled.url).searchParams.get('error')).toBe('access_denied');
    expect(cancelled.response.status).toBe(400);
    expect((await cancelled.response.json()).error.code).toBe('login_failed');
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
    expect(await sessionCount()).toBe(count);
  });

  test.each(['//evil.example', 'https://evil.example', '/\\evil.example', 'staff'])(
    'returnTo %s is replaced by /staff',
    async (returnTo) => {
      const { response } = await loginAs(origin, DEMO_STAFF.nurseNorrtull, returnTo);
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('/staff');
    },
  );

  test('safeReturnTo keeps same-site paths only', () => {
    const base = 'http://127.0.0.1:3000';
    expect(safeReturnTo('/staff/units/1?x=2#a', base)).toBe('/staff/units/1?x=2#a');
    expect(safeReturnTo(undefined, base)).toBe('/staff');
    expect(safeReturnTo('/%2F%2Fevil.example', base)).toBe('/%2F%2Fevil.example');
    expect(safeReturnTo('/\tevil', base)).toBe('/staff');
    expect(safeReturnTo('javascript:alert(1)', base)).toBe('/staff');
  });

  test('logging in again revokes the session the browser carried', async () => {
    const { browser } = await loginAs(origin, DEMO_STAFF.midwife);
    const oldToken = browser.cookie(SESSION_COOKIE);
    await loginAs(origin, DEMO_STAFF.midwife, undefined, browser);
    expect(browser.cookie(SESSION_COOKIE)).not.toBe(oldToken);
    expect(await t.ctx.sessions.resolve(oldToken)).toBeNull();
    expect(await t.ctx.sessions.resolve(browser.cookie(SESSION_COOKIE))).not.toBeNull();
  });

  test('a subject the IdP knows but Ingång has deactivated is refused with staff_unknown', async () => {
    await t.ctx.db.updateTable('staff').set({ active: false }).where('id', '=', DEMO_STAFF.dermatologist).execute();
    const count = await sessionCount();
    const { response, browser } = await loginAs(origin, DEMO_STAFF.dermatologist);
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('staff_unknown');
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
    expect(await sessionCount()).toBe(count);
  });

  test('the IdP refuses an authorization request without PKCE or with the plain method', async () => {
    await expectPkceEnforced(origin, t.ctx.config.oidc.clientId);
    const discovery = await (await fetch(`${origin}/oidc/.well-known/openid-configuration`)).json();
    expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
    expect(discovery.issuer).toBe(`${origin}/oidc`);
  });

  test('the login endpoints are documented', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    const paths = res.json().paths;
    expect(paths['/api/auth/staff/login']).toBeDefined();
    expect(paths['/api/auth/staff/callback']).toBeDefined();
    expect(paths['/api/staff/active-unit']).toBeDefined();
  });
});

describe('staff login with a confidential client (OIDC_CLIENT_SECRET set)', () => {
  let t: TestApp;
  let origin: string;
  beforeAll(async () => {
    ({ t, origin } = await startListening({ OIDC_CLIENT_SECRET: 'dev-only-secret-for-tests' }));
  });
  afterAll(async () => {
    await t?.close();
  });

  test('the code flow completes with client_secret_basic and PKCE', async () => {
    const { response, browser } = await loginAs(origin, DEMO_STAFF.bvcNurse);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/staff');
    expect(await t.ctx.sessions.resolve(browser.cookie(SESSION_COOKIE))).toMatchObject({
      kind: 'staff',
      staffId: DEMO_STAFF.bvcNurse,
      activeUnitId: DEMO_UNITS.bvcSolberga,
    });
  });

  test('PKCE is still required of the confidential client', async () => {
    await expectPkceEnforced(origin, t.ctx.config.oidc.clientId);
  });
});

describe('embedded IdP in production mode', () => {
  test('the factory refuses to build it', () => {
    const config = { ...loadConfig({ NODE_ENV: 'test' }), mode: 'production' as const };
    expect(() => createEmbeddedProvider({ config, db: undefined as never, log: console as never })).toThrow(
      /development only/,
    );
  });

  test('the config loader refuses OIDC_EMBEDDED in production', () => {
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        PUBLIC_URL: 'https://ingang.example.se',
        DATABASE_URL: 'postgres://db/ingang',
        BANKID_PFX_PATH: '/etc/rp.p12',
        SMTP_HOST: 'relay.example.se',
        OIDC_EMBEDDED: 'true',
        OIDC_CLIENT_SECRET: 'secret',
      }),
    ).toThrow(ConfigError);
  });
});
