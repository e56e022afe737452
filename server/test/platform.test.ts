import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ConfigError, checkConsistency, loadConfig } from '../src/config.js';
import { migrate } from '../src/platform/db/migrate.js';
import { startTestApp, type TestApp } from './harness.js';

describe('platform', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  test('health answers ok when the database answers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  test('unknown API route gives a JSON 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });

  test('migrations are idempotent: a second run applies nothing', async () => {
    expect(await migrate(t.ctx.db)).toEqual([]);
  });

  test('API docs are served', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    expect(res.json().paths['/api/health']).toBeDefined();
  });

  test('oversized body is refused with 413 and a JSON error', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/bankid/auth',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('body_too_large');
  });
});

describe('configuration', () => {
  test('production refuses the BankID simulator and the embedded IdP with a clear message', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', BANKID_BACKEND: 'simulator' })).toThrow(ConfigError);
    try {
      loadConfig({ NODE_ENV: 'production', BANKID_BACKEND: 'simulator' });
    } catch (e) {
      const message = (e as Error).message;
      expect(message).toContain('BankID simulator cannot run in production');
      expect(message).toContain('embedded OIDC provider');
    }
  });

  test('production without a BankID certificate is refused', () => {
    const problems = checkConsistency({
      ...loadConfig({ NODE_ENV: 'test' }),
      mode: 'production',
      bankid: { backend: 'rp', rpUrl: 'https://appapi2.bankid.com/rp/v6.0' },
    });
    expect(problems.join('\n')).toContain('BANKID_PFX_PATH');
  });

  test('a fully configured production setup is accepted', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://ingang.example.se',
      DATABASE_URL: 'postgres://db/ingang',
      BANKID_BACKEND: 'rp',
      BANKID_PFX_PATH: '/etc/ingang/rp.p12',
      OIDC_ISSUER: 'https://idp.example.se',
      OIDC_CLIENT_SECRET: 'secret',
      SMTP_HOST: 'relay.example.se',
      SMS_URL: 'https://api.46elks.com/a1/sms',
    });
    expect(config.mode).toBe('production');
    expect(config.seedDemo).toBe(false);
  });

  test('a malformed number names the variable', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT must be/);
  });
});
