/**
 * Issue 12, items 2, 4, 5 and 6: body limits and media types decided before the
 * body is read, one error shape (framework errors too) with Retry-After on
 * 429/503, the browser security headers, no-store on API answers, HEAD /, and
 * forwarded headers trusted only from the configured proxies.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { errorAnswer } from '../../src/platform/error-handler.js';
import { startTestApp, type TestApp } from '../harness.js';
import { citizenSession } from '../helpers/sessions.js';
import { type MessagingWorld, startWorld } from '../messaging/fixtures.js';

const ERROR_SHAPE = { error: { code: expect.any(String), message: expect.any(String) } };
const TEN_MB = Buffer.alloc(10 * 1024 * 1024, 0x61);

let w: MessagingWorld;
beforeAll(async () => {
  w = await startWorld({ RATE_LOGIN_PER_IP_PER_MINUTE: '2' });
}, 180_000);
afterAll(async () => {
  await w.t.close();
});

describe('bodies (item 2)', () => {
  test.each([
    ['text/plain', '/api/messaging/conversations'],
    ['application/octet-stream', '/api/messaging/conversations'],
    ['text/plain', '/api/messaging/conversations/00000000-0000-4000-8000-000000000000/messages'],
  ])('10 MB of %s to %s is a 415 before it is read; /api/health still answers', async (type, url) => {
    const margit = await w.citizen('margit');
    const sends = Array.from({ length: 4 }, () =>
      w.t.app.inject({ method: 'POST', url, headers: { ...margit, 'content-type': type }, payload: TEN_MB }),
    );
    const health = w.t.app.inject({ method: 'GET', url: '/api/health' });
    const [answers, healthy] = await Promise.all([Promise.all(sends), health]);
    expect(healthy.statusCode).toBe(200);
    for (const r of answers) {
      expect(r.statusCode).toBe(415);
      expect(r.json()).toEqual({ error: { code: 'unsupported_media_type', message: expect.any(String) } });
    }
  });

  test('a JSON body above the JSON limit is a 413 in the error shape', async () => {
    const margit = await w.citizen('margit');
    const r = await w.t.app.inject({
      method: 'POST',
      url: '/api/messaging/conversations',
      headers: { ...margit, 'content-type': 'application/json' },
      payload: `{"body":"${'a'.repeat(2 * 1024 * 1024)}"}`,
    });
    expect(r.statusCode).toBe(413);
    expect(r.json()).toEqual({ error: { code: 'body_too_large', message: expect.any(String) } });
  });

  test('the upload route still takes a raw picture type, and multipart without a boundary is a 400', async () => {
    const margit = await w.citizen('margit');
    const noBoundary = await w.t.app.inject({
      method: 'POST',
      url: '/api/messaging/attachments',
      headers: { ...margit, 'content-type': 'multipart/form-data' },
      payload: 'x',
    });
    expect(noBoundary.statusCode).toBe(400);
    expect(noBoundary.json().error.fields).toHaveProperty('content-type');
    const text = await w.t.app.inject({
      method: 'POST',
      url: '/api/messaging/attachments?filename=a.txt',
      headers: { ...margit, 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(text.statusCode).toBe(415);
  });
});

describe('one error shape (item 4)', () => {
  test.each([
    ['unknown route', 'GET', '/api/no-such-thing', 404],
    ['malformed URL', 'GET', '/api/units/%E0%A4%A', 400],
    ['bad JSON', 'POST', '/api/auth/bankid/auth', 400],
  ])('%s', async (_name, method, url, status) => {
    const r = await w.t.app.inject({
      method: method as 'GET',
      url,
      headers: { 'content-type': 'application/json' },
      ...(method === 'POST' ? { payload: '{"personalNumber":' } : {}),
    });
    expect(r.statusCode).toBe(status);
    expect(r.json()).toEqual(ERROR_SHAPE);
    expect(JSON.stringify(r.json())).not.toContain('FST_');
  });

  test('a 429 carries Retry-After and the shape', async () => {
    const from = { remoteAddress: '198.51.100.7' };
    let last = await w.t.app.inject({ method: 'POST', url: '/api/auth/bankid/auth', payload: {}, ...from });
    for (let i = 0; i < 3 && last.statusCode !== 429; i++) {
      last = await w.t.app.inject({ method: 'POST', url: '/api/auth/bankid/auth', payload: {}, ...from });
    }
    expect(last.statusCode).toBe(429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    expect(last.json()).toMatchObject({ error: { code: 'rate_limited', message: expect.any(String) } });
  });

  test.each([
    ['22P02', 400],
    ['22007', 400],
    ['22021', 400],
    ['23514', 400],
    ['23503', 404],
    ['23505', 409],
  ])('database error %s answers %i, not 500', (sqlstate, status) => {
    const log = { info() {}, error() {} } as never;
    const answer = errorAnswer(Object.assign(new Error('driver text that may quote input'), { code: sqlstate }), log);
    expect(answer.status).toBe(status);
    expect(answer.body.error.message).not.toContain('quote input');
  });
});

describe('forwarded headers (item 6)', () => {
  test('without TRUSTED_PROXIES a new X-Forwarded-For per request is still limited', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await w.t.app.inject({
        method: 'POST',
        url: '/api/auth/bankid/auth',
        payload: {},
        remoteAddress: '198.51.100.8',
        headers: { 'x-forwarded-for': `203.0.113.${i + 1}` },
      });
      statuses.push(r.statusCode);
    }
    expect(statuses).toContain(429);
  });

  test('from a configured proxy the forwarded address is the client', async () => {
    const t = await startTestApp({ env: { TRUSTED_PROXIES: '10.0.0.1', RATE_LOGIN_PER_IP_PER_MINUTE: '2' } });
    try {
      const hit = (forwarded: string, remoteAddress = '10.0.0.1') =>
        t.app.inject({
          method: 'POST',
          url: '/api/auth/bankid/auth',
          payload: {},
          remoteAddress,
          headers: { 'x-forwarded-for': forwarded },
        });
      // Distinct clients behind the proxy are counted apart …
      for (let i = 0; i < 4; i++) expect((await hit(`203.0.113.${i + 1}`)).statusCode).not.toBe(429);
      // … one client is counted as one, whatever proxy hop it came through.
      const same = [await hit('203.0.113.50'), await hit('203.0.113.50'), await hit('203.0.113.50')];
      expect(same.map((r) => r.statusCode)).toContain(429);
      // A forged header from elsewhere is ignored: the socket address is counted.
      const forged = [];
      for (let i = 0; i < 4; i++) forged.push((await hit(`203.0.113.${100 + i}`, '198.51.100.9')).statusCode);
      expect(forged).toContain(429);
    } finally {
      await t.close();
    }
  });
});

describe('security headers (item 5)', () => {
  let web: TestApp;
  let dist: string;
  beforeAll(async () => {
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'ingang-web-'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>t</title><div id="root"></div>');
    web = await startTestApp({ env: { WEB_DIST: dist, PUBLIC_URL: 'https://ingang.example.se' } });
  });
  afterAll(async () => {
    await web.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  test('a strict CSP without inline script, on pages and API answers', async () => {
    for (const url of ['/', '/api/health']) {
      const csp = String((await web.app.inject({ method: 'GET', url })).headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
    }
  });

  test.each([
    ['x-frame-options', 'DENY'],
    ['x-content-type-options', 'nosniff'],
    ['referrer-policy', 'no-referrer'],
  ])('%s: %s', async (header, value) => {
    const r = await web.app.inject({ method: 'GET', url: '/' });
    expect(r.headers[header]).toBe(value);
  });

  test('HSTS with an https PUBLIC_URL, none on plain http', async () => {
    const https = await web.app.inject({ method: 'GET', url: '/api/health' });
    expect(String(https.headers['strict-transport-security'])).toMatch(/max-age=\d{7,}/);
    const http = await w.t.app.inject({ method: 'GET', url: '/api/health' });
    expect(http.headers['strict-transport-security']).toBeUndefined();
  });

  test('HEAD / answers like GET /', async () => {
    const get = await web.app.inject({ method: 'GET', url: '/' });
    const head = await web.app.inject({ method: 'HEAD', url: '/' });
    expect(get.statusCode).toBe(200);
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toBe(get.headers['content-type']);
    expect(head.body).toBe('');
  });

  test.each(['/api/me', '/api/profile', '/api/messaging/conversations'])(
    'personal-data answer %s is Cache-Control: no-store',
    async (url) => {
      const margit = (await citizenSession(w.t, w.ids.margit as string)).headers;
      const r = await w.t.app.inject({ method: 'GET', url, headers: margit });
      expect(r.statusCode).toBe(200);
      expect(r.headers['cache-control']).toBe('no-store');
    },
  );
});
