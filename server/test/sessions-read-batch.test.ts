/**
 * Session reads that miss the cache in the same turn of the event loop are one statement
 * (platform/sessions.ts): in a rush every booking is its citizen's first request, and each
 * read its session on its own. Each caller still gets its own session — or null for a revoked
 * or unknown one — and a lone read is the statement it always was.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixedClock } from '../src/platform/clock.js';
import { createSessionService } from '../src/platform/sessions.js';
import { seedDemo } from '../src/seed/demo.js';
import { createCitizens } from './booking-fixtures.js';
import { startTestApp, type TestApp } from './harness.js';
import { countStatements } from './helpers/statements.js';

const clock = fixedClock('2026-09-01T08:00:00Z');
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ clock });
  await seedDemo(t.ctx.db, clock);
}, 240_000);
afterAll(async () => {
  await t?.close();
});

/** Without the cache, so that every resolve reads. */
const service = () => createSessionService({ db: t.ctx.db, clock, maxAgeSeconds: 12 * 3600, cacheMs: 0 });

describe('session reads of one loop turn', () => {
  test('twenty at once: one statement, each their own session; revoked and unknown are null', async () => {
    const s = service();
    const people = await createCitizens(t, 20, 401);
    const made = [];
    for (const personId of people) made.push(await s.create(t.ctx.db, { kind: 'citizen', personId, idleSeconds: 900 }));
    const revoked = made[3]!;
    await s.revoke(revoked.session.idHash);
    const tokens = [...made.map((m) => m.token), 'no-such-token', made[5]!.token];
    const { result, statements, sql } = await countStatements(t.ctx.db, () =>
      Promise.all(tokens.map((token) => s.resolve(token, { touch: false }))),
    );
    expect(statements).toBe(1);
    expect(sql[0]).toContain('any(array(');
    expect(result.map((r) => r?.personId ?? null)).toEqual([
      ...people.map((p, i) => (i === 3 ? null : p)),
      null,
      people[5],
    ]);
    // Each caller has its own session's secrets, never a neighbour's.
    expect(result[7]?.csrfToken).toBe(made[7]!.session.csrfToken);
    await s.close();
  });

  test('a lone read is the one-row statement it was', async () => {
    const s = service();
    const [personId] = await createCitizens(t, 1, 402);
    const { token } = await s.create(t.ctx.db, { kind: 'citizen', personId: personId!, idleSeconds: 900 });
    const { result, statements, sql } = await countStatements(t.ctx.db, () => s.resolve(token, { touch: false }));
    expect(result?.personId).toBe(personId);
    expect(statements).toBe(1);
    expect(sql[0]).not.toContain('any(array(');
    await s.close();
  });
});
