/**
 * platform/load.ts with injected readings (no real load, no timing): this process's own CPU and
 * event-loop utilization from its counters, and the shedder's delay limit counting only while the
 * process is busy itself — a delay caused by neighbours holding the cores sheds nothing.
 */
import Fastify from 'fastify';
import { afterEach, describe, expect, test } from 'vitest';
import { AppError } from '../src/platform/errors.js';
import {
  createLoadMonitor,
  type LoadLimits,
  type LoadWindow,
  ownUseMeter,
  type ProcessUse,
} from '../src/platform/load.js';

describe('own use over a window', () => {
  test('CPU is a share of one core over the wall time; utilization is active over active + idle', () => {
    const counters: ProcessUse[] = [
      { cpuUs: 1_000_000, wallUs: 5_000_000, loopActiveMs: 100, loopIdleMs: 900 },
      // One second: 0.5 s of CPU, the loop active 300 ms of it.
      { cpuUs: 1_500_000, wallUs: 6_000_000, loopActiveMs: 400, loopIdleMs: 1600 },
      // A late timer (a starved machine): two seconds, 0.2 s of CPU.
      { cpuUs: 1_700_000, wallUs: 8_000_000, loopActiveMs: 500, loopIdleMs: 3500 },
      // GC and libuv threads: more than a core.
      { cpuUs: 2_900_000, wallUs: 9_000_000, loopActiveMs: 1500, loopIdleMs: 3500 },
      // No time passed: nothing to say.
      { cpuUs: 2_900_000, wallUs: 9_000_000, loopActiveMs: 1500, loopIdleMs: 3500 },
    ];
    let i = 0;
    const meter = ownUseMeter(() => counters[i++] as ProcessUse);
    expect(meter()).toEqual({ ownCpu: 0.5, eventLoopUtilization: 0.3 });
    expect(meter()).toEqual({ ownCpu: 0.1, eventLoopUtilization: 0.05 });
    expect(meter()).toEqual({ ownCpu: 1.2, eventLoopUtilization: 1 });
    expect(meter()).toEqual({ ownCpu: 0, eventLoopUtilization: 0 });
  });

  test('the real counters give a reading in range (no threshold on its value)', () => {
    const meter = ownUseMeter();
    const use = meter();
    expect(use.ownCpu).toBeGreaterThanOrEqual(0);
    expect(use.eventLoopUtilization).toBeGreaterThanOrEqual(0);
    expect(use.eventLoopUtilization).toBeLessThanOrEqual(1);
  });
});

describe('shedding on event-loop delay', () => {
  const closers: (() => unknown)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  async function appWith(limits: Partial<LoadLimits>) {
    let window: LoadWindow = { eventLoopDelayMs: 0, ownCpu: 0, eventLoopUtilization: 0 };
    const load = createLoadMonitor({
      poolWaiting: () => 0,
      limits: { maxInFlight: 0, shedEventLoopDelayMs: 500, shedOwnCpu: 0.5, requestTimeoutMs: 0, ...limits },
      window: () => window,
    });
    const app = Fastify();
    app.setErrorHandler((error, _request, reply) => {
      const status = error instanceof AppError ? error.status : 500;
      return reply.status(status).send({ code: error instanceof AppError ? error.code : 'internal' });
    });
    load.install(app);
    app.get('/x', async () => ({ ok: true }));
    app.get('/health', { config: { alwaysOpen: true } }, async () => ({ ok: true }));
    closers.push(
      () => load.close(),
      () => app.close(),
    );
    /** Arms the next window's readings and takes it, as the one-second timer would. */
    const set = (w: LoadWindow) => {
      window = w;
      load.sample();
    };
    return { app, load, set };
  }

  test('a delay over the limit sheds while the process is busy itself, not while neighbours hold the cores', async () => {
    const { app, load, set } = await appWith({});
    set({ eventLoopDelayMs: 800, ownCpu: 0.9, eventLoopUtilization: 1 });
    expect(load.reading()).toMatchObject({ eventLoopDelayMs: 800, ownCpu: 0.9, eventLoopUtilization: 1 });
    const shed = await app.inject({ method: 'GET', url: '/x' });
    expect(shed.statusCode).toBe(503);
    expect(shed.json().code).toBe('overloaded');
    expect(shed.headers['retry-after']).toBe('5');
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);

    // The same delay with the process nearly idle: the machine is starved; a 503 would only turn a
    // late answer into a retry in five seconds.
    set({ eventLoopDelayMs: 800, ownCpu: 0.1, eventLoopUtilization: 0.2 });
    expect((await app.inject({ method: 'GET', url: '/x' })).statusCode).toBe(200);
    // Busy but under the delay limit: no shedding either.
    set({ eventLoopDelayMs: 100, ownCpu: 1, eventLoopUtilization: 0.9 });
    expect((await app.inject({ method: 'GET', url: '/x' })).statusCode).toBe(200);
    expect(load.shedCount()).toBe(1);
  });

  test('LOAD_SHED_OWN_CPU_PERCENT=0: the delay sheds alone (the rule before session 7)', async () => {
    const { app, set } = await appWith({ shedOwnCpu: 0 });
    set({ eventLoopDelayMs: 800, ownCpu: 0.1, eventLoopUtilization: 0.2 });
    expect((await app.inject({ method: 'GET', url: '/x' })).statusCode).toBe(503);
  });
});
