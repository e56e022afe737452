/**
 * The in-process session cache (platform/sessions.ts): a citizen session read
 * from the database is reused for `cacheMs`, expiry is still checked against
 * the clock, a revocation through the service ends it at once — on this
 * instance and, through the hub, on another — and only a revocation that
 * bypasses both is honoured late, by at most `cacheMs`. Staff sessions are
 * never cached.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixedClock } from '../src/platform/clock.js';
import { createMemoryHub } from '../src/platform/hub.js';
import { createSessionService, type SessionService } from '../src/platform/sessions.js';
import { seedDemo } from '../src/seed/demo.js';
import { DEMO_STAFF } from '../src/seed/demo-data.js';
import { personIdOf } from './booking-fixtures.js';
import { startTestApp, type TestApp } from './harness.js';
import { countStatements } from './helpers/statements.js';

const clock = fixedClock('2026-09-01T08:00:00Z');
let t: TestApp;
let anna: string;
let erik: string;

beforeAll(async () => {
  t = await startTestApp({ clock });
  await seedDemo(t.ctx.db, clock);
  anna = await personIdOf(t, 'anna');
  erik = await personIdOf(t, 'erik');
});
afterAll(async () => {
  await t?.close();
});

const service = (cacheMs: number, hub = createMemoryHub()) =>
  createSessionService({ db: t.ctx.db, clock, maxAgeSeconds: 12 * 3600, cacheMs, hub });

/** Revokes behind the services' backs, as nothing in the server does. */
const revokeInSql = (idHash: string) =>
  t.ctx.db.updateTable('sessions').set({ revoked_at: clock.now() }).where('id_hash', '=', idHash).execute();

async function citizen(s: SessionService, personId = anna) {
  return s.create(t.ctx.db, { kind: 'citizen', personId, idleSeconds: 900 });
}

describe('session cache', () => {
  test('a cached citizen session outlives a revocation that bypasses the service by at most cacheMs', async () => {
    const s = service(150);
    const { token, session } = await citizen(s);
    expect((await s.resolve(token))?.personId).toBe(anna);
    await revokeInSql(session.idHash);
    expect(await s.resolve(token)).not.toBeNull();
    await sleep(200);
    expect(await s.resolve(token)).toBeNull();
    // With the cache off the same revocation counts at once.
    const off = service(0);
    const other = await citizen(off);
    expect(await off.resolve(other.token)).not.toBeNull();
    await revokeInSql(other.session.idHash);
    expect(await off.resolve(other.token)).toBeNull();
    await Promise.all([s.close(), off.close()]);
  });

  test('revoke, log out everywhere and a replacing login end a cached session at once', async () => {
    const s = service(60_000);
    const one = await citizen(s);
    expect(await s.resolve(one.token)).not.toBeNull();
    await s.revoke(one.session.idHash);
    expect(await s.resolve(one.token)).toBeNull();

    const [a, b, e] = [await citizen(s), await citizen(s), await citizen(s, erik)];
    for (const x of [a, b, e]) expect(await s.resolve(x.token)).not.toBeNull();
    expect(await s.revokeAll({ personId: anna })).toBe(2);
    expect(await s.resolve(a.token)).toBeNull();
    expect(await s.resolve(b.token)).toBeNull();
    expect(await s.resolve(e.token)).not.toBeNull();

    const replaced = await citizen(s, erik);
    expect(await s.resolve(replaced.token)).not.toBeNull();
    await revokeInSql(replaced.session.idHash);
    await s.forget(replaced.session.idHash);
    expect(await s.resolve(replaced.token)).toBeNull();
    await s.close();
  });

  test('a revocation on one instance reaches the other instance’s cache through the hub', async () => {
    const hub = createMemoryHub();
    const [a, b] = [service(60_000, hub), service(60_000, hub)];
    await sleep(10); // both subscribed
    const one = await citizen(a);
    const two = await citizen(a, erik);
    expect(await a.resolve(one.token)).not.toBeNull();
    expect(await a.resolve(two.token)).not.toBeNull();
    await b.revoke(one.session.idHash);
    await b.revokeAll({ personId: erik });
    await sleep(10); // the hub delivers in a later tick (Redis: over the network)
    expect(await a.resolve(one.token)).toBeNull();
    expect(await a.resolve(two.token)).toBeNull();
    await Promise.all([a.close(), b.close()]);
  });

  test('expiry is checked on every request, cached or not; a due touch goes to the database', async () => {
    const s = service(60_000);
    clock.set('2026-09-01T08:00:00Z');
    const { token, session } = await citizen(s);
    expect(await s.resolve(token)).not.toBeNull();
    clock.advance(2 * 60_000); // past the once-a-minute touch: read and touched
    expect(await s.resolve(token)).not.toBeNull();
    const row = await t.ctx.db
      .selectFrom('sessions')
      .select('last_seen_at')
      .where('id_hash', '=', session.idHash)
      .executeTakeFirstOrThrow();
    expect(row.last_seen_at.toISOString()).toBe('2026-09-01T08:02:00.000Z');
    clock.advance(14 * 60_000); // 14 min idle < 15
    expect(await s.resolve(token, { touch: false })).not.toBeNull();
    clock.advance(60_000 + 1); // 15 min idle: ended, though cached
    expect(await s.resolve(token, { touch: false })).toBeNull();
    await s.close();
  });

  test('touches that fall due together are written in one statement; each session is touched', async () => {
    const s = service(0);
    clock.set('2026-09-01T09:00:00Z');
    const made = [await citizen(s), await citizen(s, erik), await citizen(s), await citizen(s, erik)];
    const ids = made.map((m) => m.session.idHash);
    const seen = async () =>
      (await t.ctx.db.selectFrom('sessions').select('last_seen_at').where('id_hash', 'in', ids).execute()).map((r) =>
        r.last_seen_at.toISOString(),
      );
    clock.advance(60_000);
    // Handed over in one turn (keep-alives of four tabs): one statement.
    const kept = await countStatements(t.ctx.db, () => Promise.all(ids.map((id) => s.touch(id, clock.now()))));
    expect(kept.statements).toBe(1);
    expect(await seen()).toEqual(Array(4).fill('2026-09-01T09:01:00.000Z'));

    // Requests due for their touch: read together (the reads of one loop turn are one statement),
    // each touched (the touches of reads that come back while one is being written share the next).
    clock.advance(2 * 60_000);
    const { result, sql } = await countStatements(t.ctx.db, () => Promise.all(made.map((m) => s.resolve(m.token))));
    expect(result.every((r) => r !== null)).toBe(true);
    expect(sql.filter((q) => /^\s*select/i.test(q))).toHaveLength(1);
    const touches = sql.filter((q) => /^\s*update/i.test(q));
    expect(touches.length).toBeGreaterThanOrEqual(1);
    expect(touches.every((q) => /jsonb_to_recordset/.test(q))).toBe(true);
    expect(await seen()).toEqual(Array(4).fill('2026-09-01T09:03:00.000Z'));

    // A revoked session is not touched.
    await s.revoke(ids[0] as string);
    clock.advance(2 * 60_000);
    await s.touch(ids[0] as string, clock.now());
    const revoked = await t.ctx.db
      .selectFrom('sessions')
      .select('last_seen_at')
      .where('id_hash', '=', ids[0] as string)
      .executeTakeFirstOrThrow();
    expect(revoked.last_seen_at.toISOString()).toBe('2026-09-01T09:03:00.000Z');
    await s.close();
  });

  test('staff sessions are never cached', async () => {
    const s = service(60_000);
    const { token, session } = await s.create(t.ctx.db, {
      kind: 'staff',
      staffId: DEMO_STAFF.nurseSolberga,
      idleSeconds: 3600,
    });
    expect((await s.resolve(token))?.staffId).toBe(DEMO_STAFF.nurseSolberga);
    await revokeInSql(session.idHash);
    expect(await s.resolve(token)).toBeNull();
    await s.close();
  });
});
