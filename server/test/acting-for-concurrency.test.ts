/**
 * Concurrent revocation: an ombud's request either completes before the
 * revocation commits or fails after it — it never acts once the grant is
 * ended. resolveSubject holds the grant `for share` for the request's
 * transaction; ending takes it `for update`.
 *
 * On PostgreSQL the two sides run on two connections and the test waits until
 * one is actually blocked on the other's row lock. On PGlite (one connection)
 * transactions are serialized anyway; the same steps must hold there too.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { endGrant, lockGrant } from '../src/modules/proxies/store.js';
import { ActingForRefused, createActingFor } from '../src/platform/acting-for.js';
import { recordAudit } from '../src/platform/audit.js';
import type { CitizenActor } from '../src/platform/auth.js';
import { fixedClock } from '../src/platform/clock.js';
import { seedDemo } from '../src/seed/demo.js';
import { demoPerson } from '../src/seed/demo-data.js';
import { startTestApp, type TestApp } from './harness.js';
import { citizenSession } from './helpers/sessions.js';

const clock = fixedClock('2026-08-01T10:00:00Z');
let t: TestApp;
let anna: string;
let margit: string;

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const idOf = async (key: string) =>
  (
    await t.ctx.db
      .selectFrom('persons')
      .select('id')
      .where('personal_number', '=', demoPerson(key).personalNumber)
      .executeTakeFirstOrThrow()
  ).id;

/** Margit gives Anna an active booking grant; returns its id. */
async function activeGrant(): Promise<string> {
  const margitS = await citizenSession(t, margit);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/proxies',
    headers: margitS.headers,
    payload: { ombudPersonalNumber: demoPerson('anna').personalNumber, scopes: ['booking'], validUntil: '2027-01-01' },
  });
  expect(res.statusCode).toBe(201);
  const id = res.json().data.id as string;
  const annaS = await citizenSession(t, anna);
  expect(
    (await t.app.inject({ method: 'POST', url: `/api/proxies/${id}/accept`, headers: annaS.headers })).statusCode,
  ).toBe(200);
  return id;
}

/** PostgreSQL only: resolves once some session of this database waits for a row lock. */
async function someoneWaitsForALock(): Promise<void> {
  if (t.ctx.dbKind !== 'postgres') return;
  await vi.waitFor(
    async () => {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`.execute(t.ctx.db);
      expect(rows[0]?.n).toBeGreaterThan(0);
    },
    { timeout: 20_000, interval: 25 },
  );
}

/** Anna books for Margit: the act is an audit row written under the grant. */
const bookingAct = (trx: Parameters<Parameters<ReturnType<typeof createActingFor>['withSubject']>[3]>[0]) =>
  recordAudit(trx, {
    actor: { kind: 'citizen', personId: anna },
    subjectPersonId: margit,
    action: 'concurrent_booking',
    recordType: 'booking',
    purpose: 'self_service',
    onBehalf: { relation: 'ombud' },
    at: clock.now(),
  });

const acts = async () =>
  (await t.ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'concurrent_booking').execute()).length;

beforeAll(async () => {
  t = await startTestApp({ clock, env: { WEB_DIST: '/nonexistent' } });
  await seedDemo(t.ctx.db, clock);
  anna = await idOf('anna');
  margit = await idOf('margit');
});
afterAll(async () => {
  await t.close();
});

describe('revocation while the ombud is mid-request', () => {
  const actor = () => ({ kind: 'citizen', personId: anna }) as CitizenActor;

  test('request first: the revocation waits until the request has committed; the request saw the grant in force', async () => {
    const grantId = await activeGrant();
    const gate = createActingFor(t.ctx);
    // Before the request: on PGlite anything written later would wait for the request's transaction.
    const margitS = await citizenSession(t, margit);
    const inRequest = deferred();
    const proceed = deferred();
    const request = gate.withSubject(actor(), margit, 'booking', async (trx, subject) => {
      inRequest.resolve();
      await proceed.promise;
      await bookingAct(trx);
      // A plain read sees every committed change: had the revocation committed, this would say 'ended'.
      const seen = await trx
        .selectFrom('proxy_grants')
        .select('status')
        .where('id', '=', subject.grantId!)
        .executeTakeFirstOrThrow();
      return seen.status;
    });
    await inRequest.promise;
    const revocation = t.app.inject({ method: 'POST', url: `/api/proxies/${grantId}/end`, headers: margitS.headers });
    try {
      await someoneWaitsForALock(); // PostgreSQL: the revocation is blocked on the request's share lock
    } finally {
      proceed.resolve();
    }
    expect(await request).toBe('active');
    const ended = await revocation;
    expect(ended.statusCode).toBe(200);
    expect(ended.json().data.status).toBe('ended');
    expect(await acts()).toBe(1);
  });

  test('revocation first: a request arriving while it is uncommitted waits, then fails with nothing written', async () => {
    const grantId = await activeGrant();
    const gate = createActingFor(t.ctx);
    const revoked = deferred();
    const commit = deferred();
    const revocation = t.ctx.db.transaction().execute(async (trx) => {
      await lockGrant(trx, grantId);
      await endGrant(trx, grantId, 'grantor', clock.now());
      revoked.resolve();
      await commit.promise;
    });
    await revoked.promise;
    let acted = false;
    const request = gate
      .withSubject(actor(), margit, 'booking', async (trx) => {
        acted = true;
        await bookingAct(trx);
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    try {
      await someoneWaitsForALock(); // PostgreSQL: the request is blocked on the revocation's update lock
    } finally {
      commit.resolve();
    }
    await revocation;
    const error = await request;
    expect(error).toBeInstanceOf(ActingForRefused);
    expect(error).toMatchObject({ code: 'no_grant', recorded: true });
    expect(acted).toBe(false);
    expect(await acts()).toBe(1); // only the first test's act
  });

  test('after the revocation has committed every request fails', async () => {
    const gate = createActingFor(t.ctx);
    const error = await gate.withSubject(actor(), margit, 'booking', async () => 'acted').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403, code: 'no_grant' });
  });
});
