/**
 * Load shedding: over the in-flight cap new requests get a fast 503 with
 * Retry-After in the standard error shape, while the waiting room's own
 * endpoints stay open; a request that runs past the request timeout is
 * answered 503 instead of hanging.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isOverloadError } from '../../src/platform/load.js';
import { startTestApp, type TestApp } from '../harness.js';

// Building the app on PGlite can take minutes on a shared, loaded machine.
const START_TIMEOUT = 240_000;

describe('shedding over the in-flight cap', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { LOAD_MAX_IN_FLIGHT: '1' } });
  }, START_TIMEOUT);
  afterAll(() => t?.close());

  test('503 overloaded with Retry-After for new requests; the queue endpoints are never shed; nothing else fails', async () => {
    const app = t.app;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => app.inject({ method: 'GET', url: '/api/time-types' })),
    );
    const codes = answers.map((r) => r.statusCode);
    expect(codes).toContain(200);
    expect(codes).toContain(503);
    expect(codes.every((c) => c === 200 || c === 503)).toBe(true);
    const shed = answers.find((r) => r.statusCode === 503);
    expect(shed?.headers['retry-after']).toBe('5');
    expect(shed?.json()).toEqual({
      error: { code: 'overloaded', message: expect.any(String), retryAfter: 5 },
    });
    expect(t.ctx.load.shedCount()).toBeGreaterThan(0);

    const polls = await Promise.all([
      app.inject({ method: 'GET', url: '/api/time-types' }),
      ...Array.from({ length: 10 }, () => app.inject({ method: 'GET', url: '/api/queue/rooms' })),
    ]);
    for (const poll of polls.slice(1)) expect(poll.statusCode).toBe(200);
    // Once the burst is over, nothing stays counted in flight.
    await expect.poll(() => t.ctx.load.reading().inFlight).toBe(0);
  });
});

describe('request timeout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { REQUEST_TIMEOUT_MS: '50' } });
    // A handler slower than the timeout (added before the app is ready, as a slow part would be).
    t.app.get('/slow-for-test', async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { late: true };
    });
  }, START_TIMEOUT);
  afterAll(() => t?.close());

  test('a request not answered in time gets 503 timeout with Retry-After', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/slow-for-test' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json().error.code).toBe('timeout');
    // The slow handler finishing later does not break the server.
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await t.app.inject({ method: 'GET', url: '/api/queue/rooms' })).statusCode).toBe(200);
  });
});

describe('database overload errors', () => {
  test.each([
    [{ code: '57014', message: 'canceling statement due to statement timeout' }, true],
    [{ message: 'timeout exceeded when trying to connect' }, true],
    [{ code: '23505', message: 'duplicate key' }, false],
    [null, false],
  ])('%j is an overload error: %s', (error, expected) => {
    expect(isOverloadError(error)).toBe(expected);
  });
});
