/**
 * The public SMART Scheduling Links feed: manifest and NDJSON files valid
 * against the spec's rules and the FHIR R4 schema; only self-bookable,
 * published, released, unreserved times; ETag / If-None-Match / _since; at
 * most one regeneration per interval, shared through the database.
 */
import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { isoWeek } from '@ingang/domain';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { weeksOf } from '../../src/modules/fhir/slot-feed/generate.js';
import { fixedClock } from '../../src/platform/clock.js';
import { seedDemo } from '../../src/seed/demo.js';
import { DEMO_UNITS } from '../../src/seed/demo-data.js';
import { createSlot } from '../booking-fixtures.js';
import { startTestApp, type TestApp } from '../harness.js';
import { feedInstance, ndjson, offeredType } from './fhir-fixtures.js';
import { invalidResources, warmSchemas } from './fhir-schema.js';

const clock = fixedClock('2026-09-01T08:00:00Z');
let t: TestApp;
let typeId: string;
let code: string;
const ids: Record<string, string> = {};
const DAY = 24 * 60;
const ID = /^[A-Za-z0-9\-.]{1,64}$/;

async function manifest(query = '', headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'GET', url: `/api/fhir/$bulk-publish${query}`, headers });
}

async function allOf(type: string, body: { output: { type: string; url: string }[] }) {
  const out: Record<string, unknown>[] = [];
  for (const o of body.output.filter((x) => x.type === type)) {
    const res = await t.app.inject({ method: 'GET', url: new URL(o.url).pathname });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/fhir+ndjson');
    out.push(...ndjson(res.body));
  }
  return out;
}

// Compiling the R4 schema's validators is slow on a shared machine.
vi.setConfig({ testTimeout: 120_000 });

beforeAll(async () => {
  warmSchemas(['Location', 'Schedule', 'Slot']);
  t = await startTestApp({ clock, env: { FHIR_FEED_INTERVAL_SECONDS: '60' } });
  await seedDemo(t.ctx.db, clock);
  code = `flu-${randomUUID().slice(0, 6)}`;
  typeId = await offeredType(t, DEMO_UNITS.vaccCity, { code, minAge: null });
  const hidden = await offeredType(t, DEMO_UNITS.vaccCity, { selfBookable: false });
  const unreleased = await offeredType(t, DEMO_UNITS.vaccCity);
  await t.ctx.db
    .insertInto('release_rules')
    .values({
      id: randomUUID(),
      time_type_id: unreleased,
      min_age: 18,
      opens_at: new Date('2026-10-01T00:00:00Z'),
      created_at: clock.now(),
    })
    .execute();
  const at = { timeTypeId: typeId, unitId: DEMO_UNITS.vaccCity };
  ids.free = await createSlot(t, { ...at, inMinutes: DAY, capacity: 3, booked: 1 });
  ids.full = await createSlot(t, { ...at, inMinutes: DAY + 10, capacity: 2, booked: 2 });
  ids.reserved = await createSlot(t, { ...at, inMinutes: DAY + 20, reserved: true });
  ids.invisible = await createSlot(t, { ...at, inMinutes: DAY + 30, visibleInMinutes: 60 });
  ids.withdrawn = await createSlot(t, { ...at, inMinutes: DAY + 40, withdrawn: true });
  ids.past = await createSlot(t, { ...at, inMinutes: -30 });
  ids.hidden = await createSlot(t, { timeTypeId: hidden, unitId: DEMO_UNITS.vaccCity, inMinutes: DAY });
  ids.unreleased = await createSlot(t, { timeTypeId: unreleased, unitId: DEMO_UNITS.vaccCity, inMinutes: DAY });
  // Around the weekly split: the clock is Tuesday 1 Sep 10:00 in Stockholm; week 37 starts on
  // Monday 7 Sep 00:00 local (6 Sep 22:00Z), 5 days 14 hours later. The feed publishes 30 days.
  ids.sunday = await createSlot(t, { ...at, inMinutes: 5 * DAY + 14 * 60 - 30 });
  ids.monday = await createSlot(t, { ...at, inMinutes: 5 * DAY + 14 * 60 });
  ids.late = await createSlot(t, { ...at, inMinutes: 29 * DAY });
  ids.beyond = await createSlot(t, { ...at, inMinutes: 30 * DAY + 10 });
}, 180_000);
afterAll(async () => {
  await t?.close();
});

describe('GET /api/fhir/$bulk-publish', () => {
  test('the manifest follows the spec: transactionTime, request, Location/Schedule/Slot outputs with full URLs', async () => {
    const res = await manifest();
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.transactionTime).toBe('2026-09-01T08:00:00Z');
    expect(body.request).toBe('http://localhost:3000/api/fhir/$bulk-publish');
    expect(body.error).toEqual([]);
    const types = new Set(body.output.map((o: { type: string }) => o.type));
    expect(types).toEqual(new Set(['Location', 'Schedule', 'Slot']));
    for (const o of body.output)
      expect(o.url).toMatch(/^http:\/\/localhost:3000\/api\/fhir\/bulk\/[a-z0-9-]+\.ndjson$/);
    expect(res.headers.etag).toMatch(/^".+"$/);
    expect(res.headers['last-modified']).toBe(new Date('2026-09-01T08:00:00Z').toUTCString());
  });

  test('every line is a valid R4 resource with the fields the spec requires; references resolve', async () => {
    const body = (await manifest()).json();
    const locations = await allOf('Location', body);
    const schedules = await allOf('Schedule', body);
    const slots = await allOf('Slot', body);
    expect(invalidResources([...locations, ...schedules, ...slots])).toEqual([]);
    for (const l of locations) {
      expect(l.id).toMatch(ID);
      expect(l.name).toEqual(expect.any(String));
      expect(l.telecom).toEqual(expect.arrayContaining([expect.objectContaining({ system: 'phone' })]));
      expect(l.address).toMatchObject({
        line: [expect.any(String)],
        city: expect.any(String),
        state: 'SE-AB',
        postalCode: expect.any(String),
      });
    }
    const locationIds = new Set(locations.map((l) => `Location/${l.id}`));
    for (const s of schedules) {
      expect(s.id).toMatch(ID);
      expect(s.actor as { reference: string }[]).toHaveLength(1);
      expect(locationIds.has((s.actor as { reference: string }[])[0]?.reference ?? '')).toBe(true);
      expect((s.serviceType as unknown[]).length).toBeGreaterThan(0);
    }
    const scheduleIds = new Set(schedules.map((s) => `Schedule/${s.id}`));
    for (const s of slots) {
      expect(s.id).toMatch(ID);
      expect(scheduleIds.has((s.schedule as { reference: string }).reference)).toBe(true);
      expect(['free', 'busy']).toContain(s.status);
    }
  });

  test('free times carry the deep link (time pre-selected) and places left; full times are busy; hidden kinds never appear', async () => {
    const slots = await allOf('Slot', (await manifest()).json());
    const byId = new Map(slots.map((s) => [s.id, s]));
    const free = byId.get(ids.free);
    expect(free?.status).toBe('free');
    const ext = free?.extension as { url: string; valueUrl?: string; valueInteger?: number }[];
    const link = ext.find((e) => e.url.endsWith('/booking-deep-link'))?.valueUrl ?? '';
    const url = new URL(link);
    expect(url.pathname).toBe('/boka');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      typ: typeId,
      tid: ids.free,
      enhet: DEMO_UNITS.vaccCity,
      fran: '2026-09-02',
      till: '2026-09-02',
    });
    expect(ext.find((e) => e.url.endsWith('/slot-capacity'))?.valueInteger).toBe(2);
    expect(byId.get(ids.full)?.status).toBe('busy');
    for (const key of ['reserved', 'invisible', 'withdrawn', 'past', 'hidden', 'unreleased', 'beyond']) {
      expect(byId.has(ids[key] as string), key).toBe(false);
    }
  });

  test('Slot files are sharded per time type × municipality × ISO week, and the manifest narrows to one shard', async () => {
    const all = (await manifest()).json();
    const ours = all.output.filter(
      (o: { type: string; extension?: { serviceType: string[] } }) =>
        o.type === 'Slot' && o.extension?.serviceType[0] === code,
    );
    // Weeks 36 (Tue–Sun), 37 (from Monday 00:00 local) and 40 (the last day published); none for empty weeks.
    const names = ours.map((o: { url: string }) => new URL(o.url).pathname.split('/').pop());
    const stem = `slots-${code}-stockholm`;
    expect(names.sort()).toEqual([`${stem}-2026-w36.ndjson`, `${stem}-2026-w37.ndjson`, `${stem}-2026-w40.ndjson`]);
    for (const o of ours) expect(o.extension.municipality).toEqual(['Stockholm']);
    const narrowed = (await manifest(`?serviceType=${code}&municipality=Stockholm`)).json();
    expect(narrowed.output.filter((o: { type: string }) => o.type === 'Slot')).toEqual(ours);
    expect(narrowed.output.filter((o: { type: string }) => o.type !== 'Slot')).toHaveLength(2);
  });

  test('the weekly split: every published time in exactly one file, of the week it starts in (Stockholm)', async () => {
    const body = (await manifest()).json();
    const seen = new Map<string, string>();
    for (const o of body.output.filter((x: { type: string }) => x.type === 'Slot')) {
      const name = new URL(o.url).pathname.split('/').pop() as string;
      const week = /-(\d{4})-w(\d{2})\.ndjson$/.exec(name);
      expect(week, name).not.toBeNull();
      const res = await t.app.inject({ method: 'GET', url: new URL(o.url).pathname });
      const lines = ndjson(res.body);
      // No empty files are listed.
      expect(lines.length, name).toBeGreaterThan(0);
      for (const s of lines) {
        expect(seen.has(s.id as string), `${s.id} twice`).toBe(false);
        seen.set(s.id as string, name);
        const day = new Date(s.start as string).toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
        expect(`${week?.[1]}-W${week?.[2]}`, `${s.id} in ${name}`).toBe(isoWeek(day));
      }
    }
    // The file list in the database is exactly what the manifest lists (nothing stale left over).
    const stored = await t.ctx.db
      .selectFrom('fhir_feed_files')
      .select('name')
      .where('resource_type', '=', 'Slot')
      .execute();
    expect(new Set(seen.values())).toEqual(new Set(stored.map((r) => r.name)));
    expect(seen.get(ids.sunday as string)).toMatch(/-2026-w36\.ndjson$/);
    expect(seen.get(ids.monday as string)).toMatch(/-2026-w37\.ndjson$/);
    expect(seen.get(ids.late as string)).toMatch(/-2026-w40\.ndjson$/);
    for (const key of ['free', 'full']) expect(seen.get(ids[key] as string)).toMatch(/-2026-w36\.ndjson$/);
    expect(seen.has(ids.beyond as string)).toBe(false);
  });

  test('weeksOf covers the window in Stockholm weeks, clipped at both ends, across the change to winter time', () => {
    const from = new Date('2026-10-20T10:00:00Z');
    const weeks = weeksOf(from, new Date('2026-11-03T10:00:00Z'));
    expect(weeks.map((w) => [w.key, w.from.toISOString(), w.until.toISOString()])).toEqual([
      // Monday 19 Oct 00:00 CEST is 18 Oct 22:00Z (clipped to the start); 26 Oct 00:00 CET is 25 Oct 23:00Z.
      ['2026-W43', '2026-10-20T10:00:00.000Z', '2026-10-25T23:00:00.000Z'],
      ['2026-W44', '2026-10-25T23:00:00.000Z', '2026-11-01T23:00:00.000Z'],
      ['2026-W45', '2026-11-01T23:00:00.000Z', '2026-11-03T10:00:00.000Z'],
    ]);
    expect(weeksOf(from, from)).toEqual([]);
  });

  test('If-None-Match / If-Modified-Since answer 304; _since lists only files changed after it', async () => {
    const first = await manifest();
    expect((await manifest('', { 'if-none-match': first.headers.etag as string })).statusCode).toBe(304);
    expect((await manifest('', { 'if-modified-since': first.headers['last-modified'] as string })).statusCode).toBe(
      304,
    );
    const file = first.json().output[0].url;
    const f1 = await t.app.inject({ method: 'GET', url: new URL(file).pathname });
    const f2 = await t.app.inject({
      method: 'GET',
      url: new URL(file).pathname,
      headers: { 'if-none-match': f1.headers.etag as string },
    });
    expect(f2.statusCode).toBe(304);
    expect((await manifest('?_since=2026-09-01T09:00:00Z')).json().output).toEqual([]);
    expect((await manifest('?_since=2026-09-01T07:00:00Z')).json().output.length).toBe(first.json().output.length);
  });

  test('gzip for clients that accept it: the same bytes compressed, its own etag, either etag gives 304', async () => {
    const out = (await manifest()).json().output as { type: string; url: string }[];
    const locations = new URL(out.find((o) => o.type === 'Location')?.url as string).pathname;
    const plain = await t.app.inject({ method: 'GET', url: locations });
    const zipped = await t.app.inject({ method: 'GET', url: locations, headers: { 'accept-encoding': 'gzip, br' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toContain('accept-encoding');
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain.body);
    expect(zipped.headers.etag).not.toBe(plain.headers.etag);
    for (const etag of [plain.headers.etag, zipped.headers.etag]) {
      const again = await t.app.inject({
        method: 'GET',
        url: locations,
        headers: { 'accept-encoding': 'gzip', 'if-none-match': etag as string },
      });
      expect(again.statusCode).toBe(304);
    }
  });

  test('bad input: malformed _since and unknown parameters are 400 OperationOutcomes naming them; unknown file 404', async () => {
    const bad = await manifest('?_since=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ code: 'invalid', expression: ['_since'] }],
    });
    const unknown = await manifest('?state=MA');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().issue[0].expression).toEqual(['state']);
    const missing = await t.app.inject({ method: 'GET', url: '/api/fhir/bulk/nope.ndjson' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().resourceType).toBe('OperationOutcome');
  });

  test('a booking shows after the interval, not before; one generation per interval even when asked twice at once', async () => {
    await t.ctx.db
      .updateTable('slots')
      .set({ booked: 3 })
      .where('id', '=', ids.free as string)
      .execute();
    const before = (await manifest()).json();
    const slotsBefore = await allOf('Slot', before);
    expect(slotsBefore.find((s) => s.id === ids.free)?.status).toBe('free');
    clock.advance(61_000);
    const gens = await t.ctx.db.selectFrom('fhir_feed_state').select('generation').executeTakeFirstOrThrow();
    // Two instances' refreshes at once: one wins the lease, the other does nothing.
    const fhir = feedInstance(t, clock);
    await Promise.all([fhir.refresh(), fhir.refresh()]);
    const after = await t.ctx.db
      .selectFrom('fhir_feed_state')
      .select(['generation', 'generated_at'])
      .executeTakeFirstOrThrow();
    expect(after.generation).not.toBe(gens.generation);
    expect(after.generated_at.toISOString()).toBe(clock.now().toISOString());
    const now = (await manifest()).json();
    expect(now.transactionTime).toBe('2026-09-01T08:01:01Z');
    const slotsAfter = await allOf('Slot', now);
    expect(slotsAfter.find((s) => s.id === ids.free)?.status).toBe('busy');
    // Only our shard changed: _since the previous generation lists it alone.
    const changed = (await manifest('?_since=2026-09-01T08:00:30Z')).json().output;
    expect(changed.map((o: { type: string }) => o.type)).toEqual(['Slot']);
  });
});
