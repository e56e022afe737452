/**
 * A rush holds the public slot feed's regeneration back (at region scale one
 * costs 17–27 s of a core, taken from the people logging in), but never more
 * than the longest deferral at a time; when the rush ends the schedule catches up.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as store from '../../src/modules/fhir/slot-feed/store.js';
import { fixedClock } from '../../src/platform/clock.js';
import { startTestApp, type TestApp } from '../harness.js';
import { feedInstance } from './fhir-fixtures.js';

const clock = fixedClock('2026-09-01T08:00:00Z');
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ clock });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('the slot feed during a rush', () => {
  test('deferred while the rush lasts, at most the longest deferral; regenerated again once it ends', async () => {
    let rush = false;
    const feed = feedInstance(t, clock, {
      rush: () => rush,
      maxDeferMs: 10 * 60_000,
    });
    const generatedAt = async () => (await store.state(t.ctx.db))?.generated_at.getTime() ?? 0;

    await feed.scheduled();
    const first = await generatedAt();
    expect(first).toBe(clock.now().getTime());

    // A rush: the schedule's runs (and a stale copy asked for by a finder) leave the feed as it is.
    rush = true;
    for (let minute = 1; minute <= 10; minute++) {
      clock.advance(60_000);
      await feed.scheduled();
      expect((await feed.manifest({})).etag).toBeTruthy();
      await feed.close();
      expect(await generatedAt()).toBe(first);
    }
    // Ten minutes since the first deferred run: one regeneration runs anyway, then the wait starts again.
    clock.advance(60_000);
    await feed.scheduled();
    const during = await generatedAt();
    expect(during).toBe(clock.now().getTime());
    clock.advance(60_000);
    await feed.scheduled();
    expect(await generatedAt()).toBe(during);

    // The rush is over: the next run regenerates.
    rush = false;
    clock.advance(60_000);
    await feed.scheduled();
    expect(await generatedAt()).toBe(clock.now().getTime());
  });
});
