/**
 * The slot feed in bounded memory: files are written to storage in chunks
 * (rows read a page at a time) and served a chunk at a time through a cache
 * bounded by bytes. A file many times larger than the cache is served whole
 * and byte-exact (plain and gzip), the cache never holds more than its budget,
 * and paging the rows changes nothing in the bytes.
 */
import { createHash, randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { ByteLru } from '../../src/modules/fhir/slot-feed/cache.js';
import type { Streamed } from '../../src/modules/fhir/slot-feed/service.js';
import { fixedClock } from '../../src/platform/clock.js';
import { seedDemo } from '../../src/seed/demo.js';
import { DEMO_UNITS } from '../../src/seed/demo-data.js';
import { createSlot } from '../booking-fixtures.js';
import { startTestApp, type TestApp } from '../harness.js';
import { feedInstance, ndjson, offeredType } from './fhir-fixtures.js';

const clock = fixedClock('2026-09-01T08:00:00Z');
const CACHE = 8 * 1024;
let t: TestApp;
let code: string;
const ids: string[] = [];
const DAY = 24 * 60;

vi.setConfig({ testTimeout: 120_000 });

beforeAll(async () => {
  // An 8 kB cache and 1 kB chunks, so one week of one type at one unit is many chunks and many budgets.
  t = await startTestApp({ clock, env: { FHIR_FEED_CACHE_KB: '8', FHIR_FEED_CHUNK_KB: '1' } });
  await seedDemo(t.ctx.db, clock);
  code = `big-${randomUUID().slice(0, 6)}`;
  const typeId = await offeredType(t, DEMO_UNITS.vaccCity, { code, minAge: null });
  // Two units of one municipality (one shard) …
  await t.ctx.db
    .insertInto('time_type_units')
    .values({ time_type_id: typeId, unit_id: DEMO_UNITS.vcNorrtull })
    .execute();
  // … with 120 times in week 36 (Wed–Fri), one at each unit per start, so pages also break between equal starts.
  for (let k = 0; k < 60; k++) {
    for (const unitId of [DEMO_UNITS.vaccCity, DEMO_UNITS.vcNorrtull]) {
      ids.push(await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: DAY + k * 30 }));
    }
  }
}, 180_000);
afterAll(async () => {
  await t?.close();
});

async function fileUrl(): Promise<string> {
  const res = await t.app.inject({ method: 'GET', url: `/api/fhir/$bulk-publish?serviceType=${code}` });
  const out = res.json().output.filter((o: { type: string }) => o.type === 'Slot') as { url: string }[];
  expect(out).toHaveLength(1);
  return new URL(out[0]?.url as string).pathname;
}

/** A second instance with a tiny cache and tiny pages, on the app's database and clock. */
function instance(pageRows = 7) {
  return feedInstance(t, clock, {
    cacheBytes: CACHE,
    chunkBytes: 1024,
    pageRows,
  });
}

describe('slot feed in chunks', () => {
  test('a file many times the cache budget is served whole: plain and gzip byte-exact, Content-Length, etag, 304', async () => {
    const url = await fileUrl();
    const plain = await t.app.inject({ method: 'GET', url });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toContain('application/fhir+ndjson');
    expect(plain.rawPayload.length).toBeGreaterThan(4 * CACHE);
    expect(Number(plain.headers['content-length'])).toBe(plain.rawPayload.length);
    const slots = ndjson(plain.body);
    expect(slots.map((s) => s.id).sort()).toEqual([...ids].sort());
    // The etag is the sha-256 of exactly these bytes (computed while they were written in chunks).
    const sha = createHash('sha256').update(plain.rawPayload).digest('base64url').slice(0, 22);
    expect(plain.headers.etag).toBe(`"${sha}"`);

    const zipped = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(Number(zipped.headers['content-length'])).toBe(zipped.rawPayload.length);
    expect(gunzipSync(zipped.rawPayload).equals(plain.rawPayload)).toBe(true);

    for (const etag of [plain.headers.etag, zipped.headers.etag]) {
      const again = await t.app.inject({ method: 'GET', url, headers: { 'if-none-match': etag as string } });
      expect(again.statusCode).toBe(304);
      expect(again.rawPayload.length).toBe(0);
    }
    // Served again (now partly from the app's cache): the same bytes.
    const second = await t.app.inject({ method: 'GET', url });
    expect(second.rawPayload.equals(plain.rawPayload)).toBe(true);
  });

  test('the cache never holds more than its budget while files larger than it are read, and still helps', async () => {
    const feed = instance();
    const name = (await fileUrl()).split('/').pop() as string;
    const plain = (await t.app.inject({ method: 'GET', url: `/api/fhir/bulk/${name}` })).rawPayload;
    for (let round = 0; round < 2; round++) {
      for (const kind of ['body', 'gzip'] as const) {
        const served = await feed.file(name);
        const body = served[kind] as Streamed;
        const parts: Buffer[] = [];
        for await (const chunk of body.open()) {
          parts.push(chunk);
          expect(feed.cacheStats().bytes).toBeLessThanOrEqual(CACHE);
        }
        const bytes = Buffer.concat(parts);
        expect(bytes.length).toBe(body.length);
        expect((kind === 'gzip' ? gunzipSync(bytes) : bytes).equals(plain)).toBe(true);
      }
      // Manifests share the budget.
      await feed.manifest({});
      await feed.manifest({ serviceType: code });
    }
    // A cold instance, several downloads at once (each chunk read once for all of them): all byte-exact.
    const cold = instance();
    const all = await Promise.all(
      [0, 1, 2].map(async () => {
        const parts: Buffer[] = [];
        for await (const chunk of ((await cold.file(name)).body as Streamed).open()) parts.push(chunk);
        return Buffer.concat(parts);
      }),
    );
    for (const bytes of all) expect(bytes.equals(plain)).toBe(true);
    expect(cold.cacheStats().peak).toBeLessThanOrEqual(CACHE);
    const stats = feed.cacheStats();
    expect(stats.budget).toBe(CACHE);
    expect(stats.peak).toBeLessThanOrEqual(CACHE);
    expect(stats.bytes).toBeGreaterThan(0);
  });

  test('reading rows in small pages gives the same bytes; a change rewrites only its file; old versions go', async () => {
    const url = await fileUrl();
    const before = await t.app.inject({ method: 'GET', url });
    // A regeneration with 7-row pages (ties at page ends): every file is unchanged, nothing is rewritten.
    clock.advance(61_000);
    const feed = instance(7);
    await feed.refresh();
    const same = await t.app.inject({ method: 'GET', url });
    expect(same.headers.etag).toBe(before.headers.etag);
    expect(same.headers['last-modified']).toBe(before.headers['last-modified']);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/fhir/$bulk-publish?_since=2026-09-01T08:00:30Z' })).json().output,
    ).toEqual([]);

    // A booking: the next generation rewrites this file (still paged), and only it.
    const name = url.split('/').pop() as string;
    for (let i = 0; i < 2; i++) {
      await t.ctx.db
        .updateTable('slots')
        .set({ booked: 3 })
        .where('id', '=', ids[i * 50] as string)
        .execute();
      clock.advance(61_000);
      await instance(7).refresh();
      const after = await t.app.inject({ method: 'GET', url });
      expect(after.headers.etag).not.toBe(before.headers.etag);
      const slots = ndjson(after.body);
      expect(slots.map((s) => s.id).sort()).toEqual([...ids].sort());
      expect(slots.find((s) => s.id === ids[i * 50])?.status).toBe('busy');
      const changed = await t.app.inject({
        method: 'GET',
        url: `/api/fhir/$bulk-publish?_since=${new Date(clock.now().getTime() - 30_000).toISOString()}`,
      });
      expect(changed.json().output.map((o: { url: string }) => o.url.split('/').pop())).toEqual([name]);
    }
    // The file's current and previous versions are stored, nothing older.
    const versions = await t.ctx.db
      .selectFrom('fhir_feed_chunks')
      .select('version')
      .distinct()
      .where('name', '=', name)
      .execute();
    expect(versions).toHaveLength(2);
  });

  test('ByteLru: evicts least recently used first, never keeps a value over the budget', () => {
    const lru = new ByteLru<string>(10);
    lru.set('a', 'a', 4);
    lru.set('b', 'b', 4);
    expect(lru.get('a')).toBe('a');
    lru.set('c', 'c', 4);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe('a');
    expect(lru.bytes).toBe(8);
    lru.set('huge', 'x', 11);
    expect(lru.get('huge')).toBeUndefined();
    expect(lru.bytes).toBe(8);
    lru.set('a', 'a2', 6);
    expect(lru.bytes).toBe(10);
    expect(lru.peak).toBe(10);
  });
});
