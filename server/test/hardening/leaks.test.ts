/**
 * Issue 12, items 7 and 8: push endpoints only to public https hosts (checked
 * again on redirect), refusals that do not reveal what exists, file names
 * without bidi controls, and a cap on unsent uploads.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { guardedRequest, isPublicAddress } from '../../src/platform/ssrf.js';
import { book, createSlot, createTimeType } from '../booking-fixtures.js';
import type { TestSession } from '../helpers/sessions.js';
import { type MessagingWorld, S, startWorld, U } from '../messaging/fixtures.js';

let w: MessagingWorld;
beforeAll(async () => {
  w = await startWorld();
}, 180_000);
afterAll(async () => {
  await w.t.close();
});

const KEYS = { p256dh: 'BOr'.padEnd(87, 'x'), auth: 'abcdefghijklmnop' };

describe('push endpoints (item 7)', () => {
  test.each([
    'http://push.example.se/x',
    'https://127.0.0.1/x',
    'https://localhost/x',
    'https://10.1.2.3/x',
    'https://192.168.1.10/x',
    'https://172.20.0.1/x',
    'https://169.254.169.254/latest/meta-data',
    'https://[::1]/x',
    'https://[::ffff:127.0.0.1]/x',
    'https://[fd00:ec2::254]/x',
    'https://user:pw@push.example.se/x',
  ])('%s is refused with 400 naming endpoint', async (endpoint) => {
    const margit = await w.citizen('margit');
    const r = await w.t.app.inject({
      method: 'POST',
      url: '/api/messaging/push/subscriptions',
      headers: margit,
      payload: { endpoint, keys: KEYS },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.fields).toHaveProperty('endpoint');
  });

  test('public and private addresses', () => {
    for (const ip of ['8.8.8.8', '2a00:1450:4001::1', '142.250.74.10']) expect(isPublicAddress(ip)).toBe(true);
    for (const ip of ['127.0.0.1', '0.0.0.0', '100.64.1.1', 'fe80::1', '::', '::ffff:10.0.0.1', 'not-an-ip']) {
      expect(isPublicAddress(ip)).toBe(false);
    }
  });

  test('a listed origin is accepted, and a redirect from it to a private address is refused', async () => {
    let hits = 0;
    const inner = http.createServer((_req, res) => {
      hits++;
      res.end();
    });
    await new Promise<void>((r) => inner.listen(0, '127.0.0.1', r));
    const innerUrl = `http://127.0.0.1:${(inner.address() as AddressInfo).port}/internal`;
    const outer = http.createServer((_req, res) => {
      res.statusCode = 307;
      res.setHeader('location', innerUrl);
      res.end();
    });
    await new Promise<void>((r) => outer.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(outer.address() as AddressInfo).port}`;
    try {
      await expect(
        guardedRequest(
          `${origin}/push`,
          { method: 'POST', headers: {}, body: null, timeoutMs: 2000 },
          { allowedOrigins: [origin] },
        ),
      ).rejects.toThrow(/refused destination/);
      expect(hits).toBe(0);
    } finally {
      await new Promise((r) => inner.close(r));
      await new Promise((r) => outer.close(r));
    }
  });
});

describe('refusals do not reveal what exists (item 8)', () => {
  test.each(['/api/messaging/units', '/api/messaging/conversations', '/api/audit/accesses'])(
    "%s: somebody else's child, an adult and an unknown id get the same refusal",
    async (path) => {
      const erik = await w.citizen('erik');
      const answers = [];
      for (const subjectId of [w.ids.elsa, w.ids.margit, '00000000-0000-4000-8000-000000000000']) {
        const r = await w.t.app.inject({ method: 'GET', url: `${path}?subjectId=${subjectId}`, headers: erik });
        answers.push(`${r.statusCode} ${r.json().error?.code}`);
      }
      expect(new Set(answers).size).toBe(1);
      expect(answers[0]).toBe('403 no_grant');
    },
  );

  test("someone else's booking id is 404 on the video route, like an unknown id", async () => {
    // Anna books an on-site time at Solberga.
    const timeTypeId = await createTimeType(w.t);
    await w.t.ctx.db
      .insertInto('time_type_units')
      .values({ time_type_id: timeTypeId, unit_id: U.vcSolberga })
      .execute();
    const slotId = await createSlot(w.t, { timeTypeId, unitId: U.vcSolberga, inMinutes: 3 * 24 * 60 });
    const booked = await book(w.t, { headers: await w.citizen('anna') } as TestSession, { slotId });
    expect(booked.statusCode).toBe(201);
    const booking = { id: booked.json().data.id as string };
    const margit = await w.citizen('margit');
    const other = await w.t.app.inject({
      method: 'POST',
      url: `/api/video/bookings/${booking.id}/meeting`,
      headers: margit,
      payload: {},
    });
    expect(other.statusCode).toBe(404);
    const staff = await w.staff(S.dermatologist, U.dermatology);
    const fromOtherUnit = await w.t.app.inject({
      method: 'POST',
      url: `/api/video/bookings/${booking.id}/meeting`,
      headers: staff,
      payload: {},
    });
    expect(fromOtherUnit.statusCode).toBe(404);
  });
});

describe('uploads (item 8)', () => {
  const png = () =>
    sharp({ create: { width: 4, height: 4, channels: 3, background: 'red' } })
      .png()
      .toBuffer();
  const upload = async (h: Record<string, string>, filename: string) =>
    w.t.app.inject({
      method: 'POST',
      url: `/api/messaging/attachments?filename=${encodeURIComponent(filename)}`,
      headers: { ...h, 'content-type': 'image/png' },
      payload: await png(),
    });

  test('bidi control characters are stripped from file names', async () => {
    const r = await upload(await w.citizen('karin'), 'bild\u202Egnp.png');
    expect(r.statusCode).toBe(201);
    expect(r.json().data.filename).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });

  test('unsent uploads are capped per person (429 with Retry-After)', async () => {
    const sara = await w.citizen('sara');
    const statuses: number[] = [];
    let last = await upload(sara, 'a.png');
    statuses.push(last.statusCode);
    while (last.statusCode === 201 && statuses.length < 30) {
      last = await upload(sara, 'a.png');
      statuses.push(last.statusCode);
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(last.statusCode).toBe(429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
  });
});
