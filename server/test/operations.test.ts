/**
 * Operations over HTTP: liveness and readiness, Prometheus metrics, and the
 * graceful drain (readiness fails first, in-flight requests finish, sockets get
 * the reconnect hint, then the listener is gone).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { shutdown } from '../src/platform/shutdown.js';
import { seedDemo } from '../src/seed/demo.js';
import { DEMO_STAFF } from '../src/seed/demo-data.js';
import { startTestApp, type TestApp } from './harness.js';
import { staffSession } from './helpers/sessions.js';

describe('health and metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.ctx.db, t.ctx.clock);
  });
  afterAll(async () => t?.close());

  test('liveness answers; readiness checks the database and names the instance', async () => {
    const live = await t.app.inject({ method: 'GET', url: '/api/health/live' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ method: 'GET', url: '/api/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      status: 'ready',
      instance: t.ctx.cluster.instanceId,
      checks: { database: 'ok', redis: 'not_configured', draining: false },
    });
  });

  test('/metrics speaks Prometheus: requests per route pattern, latency, in flight, loop delay, logins, sockets, video rooms', async () => {
    await t.app.inject({ method: 'GET', url: '/api/health/live' });
    await t.app.inject({ method: 'GET', url: '/api/video/meetings/00000000-0000-4000-8000-000000000000' });
    await staffSession(t, DEMO_STAFF.nurseSolberga);
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    expect(text).toContain('http_requests_total{method="GET",route="/api/health/live",status="200"}');
    // The route's pattern, not the id in the URL.
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/api\/video\/meetings\/:id",status="\d+"\}/);
    expect(text).not.toContain('00000000-0000-4000-8000-000000000000');
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/api\/health\/live"\}/);
    for (const name of [
      'http_requests_in_flight',
      'ingang_event_loop_delay_p99_seconds',
      'ingang_process_cpu_share',
      'ingang_event_loop_utilization',
      'nodejs_eventloop_lag_p99_seconds',
      'ingang_websocket_connections 0',
      'ingang_video_rooms 0',
      'ingang_logins_total{kind="staff"} 1',
      'ingang_bookings_total 0',
      'db_pool_acquire_seconds',
    ]) {
      expect(text).toContain(name);
    }
    if (t.ctx.dbKind === 'postgres') expect(text).toMatch(/db_pool_connections\{pool="main",state="max"\} 20/);
    expect(t.ctx.load.reading()).toMatchObject({ inFlight: expect.any(Number), poolWaiting: 0 });
  });
});

describe('graceful shutdown', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });

  test('readiness fails first, an in-flight request finishes, sockets get the reconnect hint, then the port closes', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    t.app.get('/test-slow', async () => {
      await held;
      return { done: true };
    });
    const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const socket = new WebSocket(`${base.replace('http', 'ws')}/api/video/ws`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );

    const slow = fetch(`${base}/test-slow`);
    await expect.poll(() => t.ctx.load.reading().inFlight).toBe(1);
    const done = shutdown(t.app, t.ctx.cluster, { drainDelayMs: 3000, deadlineMs: 10_000 });

    const ready = await fetch(`${base}/api/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('connection')).toBe('close');
    expect(await ready.json()).toMatchObject({ status: 'not_ready', checks: { draining: true } });

    expect(await closed).toEqual({ code: 4503, reason: 'restarting' });
    release();
    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ done: true });
    await done;
    await expect(fetch(`${base}/api/health/live`)).rejects.toThrow();
  }, 60_000);
});

describe('health and metrics over capacity', () => {
  let t: TestApp;
  beforeAll(async () => {
    // One request in flight is the cap: holding one makes the instance "over capacity".
    t = await startTestApp({ env: { LOAD_MAX_IN_FLIGHT: '1' } });
  }, 240_000);
  afterAll(async () => t?.close());

  test('an over-capacity instance sheds ordinary requests but still answers health, live, ready and /metrics', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    t.app.get('/test-held', async () => {
      await held;
      return { done: true };
    });
    const slow = t.app.inject({ method: 'GET', url: '/test-held' });
    await expect.poll(() => t.ctx.load.reading().inFlight).toBe(1);

    const shed = await t.app.inject({ method: 'GET', url: '/api/time-types' });
    expect(shed.statusCode).toBe(503);
    expect(shed.json().error.code).toBe('overloaded');
    for (const url of ['/api/health', '/api/health/live', '/api/health/ready', '/metrics']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/health/ready' })).json().status).toBe('ready');
    // Still over capacity: the answers above were not luck of timing.
    expect(t.ctx.load.reading().inFlight).toBe(1);
    expect((await t.app.inject({ method: 'GET', url: '/api/time-types' })).statusCode).toBe(503);

    release();
    expect((await slow).statusCode).toBe(200);
    await expect.poll(() => t.ctx.load.reading().inFlight).toBe(0);
    expect((await t.app.inject({ method: 'GET', url: '/api/time-types' })).statusCode).toBe(200);
  });
});
