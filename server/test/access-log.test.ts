/**
 * Request logging (platform/logging.ts): by default only failures and slow requests get a
 * line, with the request's id, method and masked URL; ACCESS_LOG brings every request's lines back.
 */
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import pino from 'pino';
import { describe, expect, test } from 'vitest';
import { AccessLog, loggerOptions } from '../src/platform/logging.js';

async function serverLogging(options: { all: boolean; slowMs: number }) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(JSON.parse(String(chunk)));
      callback();
    },
  });
  const app = Fastify({
    loggerInstance: pino(loggerOptions('info') as pino.LoggerOptions, stream),
    logController: new AccessLog(options),
  });
  app.get('/ok', async () => ({ ok: true }));
  app.get('/slow', async () => {
    await new Promise((resolve) => setTimeout(resolve, 30));
    return { ok: true };
  });
  app.get('/unavailable', async (_request, reply) => reply.status(503).send({ error: 'busy' }));
  app.get('/broken', async () => {
    throw new Error('boom');
  });
  await app.ready();
  return { app, lines };
}

describe('request logging', () => {
  test('by default a successful, quick request writes no line; a 5xx and a slow one do, with id and masked URL', async () => {
    const { app, lines } = await serverLogging({ all: false, slowMs: 20 });
    expect((await app.inject({ method: 'GET', url: '/ok' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/nowhere' })).statusCode).toBe(404);
    expect(lines).toEqual([]);

    await app.inject({ method: 'GET', url: '/unavailable?pnr=197001011234' });
    await app.inject({ method: 'GET', url: '/slow' });
    await app.inject({ method: 'GET', url: '/broken' });
    await app.close();

    const failed = lines.find((l) => l.msg === 'request failed');
    expect(failed).toMatchObject({ level: 40, res: { statusCode: 503 }, req: { method: 'GET' } });
    const req = failed?.req as { url?: string; id?: unknown } | undefined;
    expect(req?.url).toBe('/unavailable?pnr=[pnr]');
    expect(typeof req?.id).toBe('string');
    expect(failed?.reqId).toBeDefined();
    expect(lines.find((l) => l.msg === 'slow request')).toMatchObject({
      req: { url: '/slow' },
      res: { statusCode: 200 },
    });
    // A thrown error is answered 500 and logged by Fastify's error path; the access line marks it too.
    expect(lines.some((l) => (l.res as { statusCode?: number } | undefined)?.statusCode === 500)).toBe(true);
    expect(JSON.stringify(lines)).not.toContain('197001011234');
    expect(lines.some((l) => l.msg === 'incoming request' || l.msg === 'request completed')).toBe(false);
  });

  test('with ACCESS_LOG every request is logged as Fastify does', async () => {
    const { app, lines } = await serverLogging({ all: true, slowMs: 1000 });
    await app.inject({ method: 'GET', url: '/ok' });
    await app.inject({ method: 'GET', url: '/nowhere' });
    await app.close();
    expect(lines.filter((l) => l.msg === 'incoming request')).toHaveLength(2);
    expect(lines.filter((l) => l.msg === 'request completed')).toHaveLength(2);
    expect(lines.some((l) => String(l.msg).includes('not found'))).toBe(true);
  });
});
