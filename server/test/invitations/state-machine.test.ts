/**
 * The invitation state machine over HTTP: every (kind, reachable status, event)
 * — each allowed transition moves the invitation, each refused one is 409
 * invalid_transition and changes nothing — and two answers at once (two
 * devices) end in one consistent state.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { seedDemo } from '../../src/seed/demo.js';
import { DEMO_STAFF, demoPerson } from '../../src/seed/demo-data.js';
import { bookedOf, personIdOf } from '../booking-fixtures.js';
import { startTestApp, type TestApp } from '../harness.js';
import { citizenSession, staffSession, type TestSession } from '../helpers/sessions.js';
import { post, reservedFor, SOLBERGA, sendInvitation, slotIn, unitTimeType } from './fixtures.js';

const NOW = '2026-10-05T08:00:00Z';
const clock = fixedClock(NOW);
let t: TestApp;
let typeId: string;
let nadia: TestSession;
let karin: TestSession;

type Kind = 'fixed_time' | 'book_within_period';
type Status = 'proposed' | 'pending' | 'booked' | 'declined' | 'cancelled';
type Event = 'confirm' | 'book' | 'request_other_time' | 'decline' | 'propose_time' | 'cancel';

/** kind/status/event → the status after it. Everything else is refused. */
const ALLOWED: Record<string, Status> = {
  'fixed_time/proposed/confirm': 'booked',
  'fixed_time/proposed/request_other_time': 'pending',
  'fixed_time/proposed/decline': 'declined',
  'fixed_time/proposed/cancel': 'cancelled',
  'fixed_time/pending/propose_time': 'proposed',
  'fixed_time/pending/decline': 'declined',
  'fixed_time/pending/cancel': 'cancelled',
  'fixed_time/booked/cancel': 'cancelled',
  'book_within_period/proposed/book': 'booked',
  'book_within_period/proposed/decline': 'declined',
  'book_within_period/proposed/cancel': 'cancelled',
  'book_within_period/booked/cancel': 'cancelled',
};

const STATES: [Kind, Status][] = [
  ['fixed_time', 'proposed'],
  ['fixed_time', 'pending'],
  ['fixed_time', 'booked'],
  ['fixed_time', 'declined'],
  ['fixed_time', 'cancelled'],
  // A period invitation is never pending.
  ['book_within_period', 'proposed'],
  ['book_within_period', 'booked'],
  ['book_within_period', 'declined'],
  ['book_within_period', 'cancelled'],
];
const EVENTS: Event[] = ['confirm', 'book', 'request_other_time', 'decline', 'propose_time', 'cancel'];
const CASES = STATES.flatMap(([kind, status]) => EVENTS.map((event) => ({ kind, status, event })));

beforeAll(async () => {
  t = await startTestApp({ clock, env: { SMTP_PORT: '1' } });
  await seedDemo(t.ctx.db, clock);
  typeId = await unitTimeType(t);
  nadia = await staffSession(t, DEMO_STAFF.nurseSolberga, { activeUnitId: SOLBERGA });
  karin = await citizenSession(t, await personIdOf(t, 'karin'));
});
afterAll(async () => {
  await t?.close();
});

const staffUrl = (id: string, action: string) => `/api/staff/units/${SOLBERGA}/invitations/${id}/${action}`;

/** A new invitation of `kind` moved into `status`; returns its id and its reserved times. */
async function inState(kind: Kind, status: Status) {
  const slots = [await slotIn(t, typeId, 2), await slotIn(t, typeId, 3)];
  const body =
    kind === 'fixed_time' ? { slotId: slots[0] } : { period: { from: '2026-10-05', to: '2026-10-20' }, slotIds: slots };
  const res = await sendInvitation(t, nadia, {
    personalNumber: demoPerson('karin').personalNumber,
    kind,
    timeTypeId: typeId,
    ...body,
  });
  expect(res.statusCode).toBe(201);
  const id: string = res.json().data.id;
  const steps: Record<Status, () => Promise<unknown>> = {
    proposed: async () => undefined,
    pending: () => post(t, karin, `/api/invitations/${id}/request-other-time`, {}),
    booked: () =>
      kind === 'fixed_time'
        ? post(t, karin, `/api/invitations/${id}/confirm`, {})
        : post(t, karin, `/api/invitations/${id}/book`, { slotId: slots[0] }),
    declined: () => post(t, karin, `/api/invitations/${id}/decline`, {}),
    cancelled: () => post(t, nadia, staffUrl(id, 'cancel'), {}),
  };
  const moved = (await steps[status]()) as { statusCode: number } | undefined;
  if (moved) expect(moved.statusCode).toBeLessThan(300);
  return { id, slots };
}

async function statusOf(id: string): Promise<Status> {
  const r = await t.ctx.db.selectFrom('invitations').select('status').where('id', '=', id).executeTakeFirstOrThrow();
  return r.status;
}

async function send(event: Event, id: string, slots: string[]) {
  switch (event) {
    case 'confirm':
      return post(t, karin, `/api/invitations/${id}/confirm`, {});
    case 'book':
      return post(t, karin, `/api/invitations/${id}/book`, { slotId: slots[1] });
    case 'request_other_time':
      return post(t, karin, `/api/invitations/${id}/request-other-time`, {});
    case 'decline':
      return post(t, karin, `/api/invitations/${id}/decline`, {});
    case 'propose_time':
      return post(t, nadia, staffUrl(id, 'propose-time'), { slotId: await slotIn(t, typeId, 7) });
    case 'cancel':
      return post(t, nadia, staffUrl(id, 'cancel'), {});
  }
}

const allowed = CASES.filter((c) => `${c.kind}/${c.status}/${c.event}` in ALLOWED);
const refused = CASES.filter((c) => !(`${c.kind}/${c.status}/${c.event}` in ALLOWED));

describe('invitation transitions', () => {
  test.each(allowed)('$kind: $status --$event--> allowed', async ({ kind, status, event }) => {
    const { id, slots } = await inState(kind, status);
    const res = await send(event, id, slots);
    expect(res.statusCode, res.body).toBeLessThan(300);
    const next = ALLOWED[`${kind}/${status}/${event}`];
    expect(res.json().data.status).toBe(next);
    expect(await statusOf(id)).toBe(next);
  });

  test.each(refused)('$kind: $status --$event--> refused', async ({ kind, status, event }) => {
    const { id, slots } = await inState(kind, status);
    const before = await t.ctx.db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const res = await send(event, id, slots);
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.code).toBe('invalid_transition');
    const after = await t.ctx.db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });
});

describe('two answers at once (two devices)', () => {
  test('confirm and decline at once: exactly one wins and the state matches it', async () => {
    for (let round = 0; round < 3; round++) {
      const { id, slots } = await inState('fixed_time', 'proposed');
      const [a, b] = await Promise.all([
        post(t, karin, `/api/invitations/${id}/confirm`, {}),
        post(t, karin, `/api/invitations/${id}/decline`, {}),
      ]);
      const codes = [a.statusCode, b.statusCode].sort();
      expect(codes).toEqual([200, 409]);
      const status = await statusOf(id);
      const bookings = await t.ctx.db
        .selectFrom('bookings')
        .select('status')
        .where('slot_id', '=', slots[0] as string)
        .execute();
      if (a.statusCode === 200) {
        expect(status).toBe('booked');
        expect(bookings).toEqual([{ status: 'booked' }]);
        expect(await bookedOf(t, slots[0] as string)).toBe(1);
      } else {
        expect(status).toBe('declined');
        expect(bookings).toEqual([]);
        expect(await bookedOf(t, slots[0] as string)).toBe(0);
        expect(await reservedFor(t, slots[0] as string)).toBeNull();
      }
    }
  });

  test('two confirms at once: one booking, one 409', async () => {
    const { id, slots } = await inState('fixed_time', 'proposed');
    const results = await Promise.all([
      post(t, karin, `/api/invitations/${id}/confirm`, {}),
      post(t, karin, `/api/invitations/${id}/confirm`, {}),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const bookings = await t.ctx.db
      .selectFrom('bookings')
      .select('id')
      .where('slot_id', '=', slots[0] as string)
      .execute();
    expect(bookings).toHaveLength(1);
    expect(await statusOf(id)).toBe('booked');
  });

  test('two period bookings of different times at once: one booking, the invitation booked once', async () => {
    const { id, slots } = await inState('book_within_period', 'proposed');
    const results = await Promise.all(slots.map((slotId) => post(t, karin, `/api/invitations/${id}/book`, { slotId })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const bookings = await t.ctx.db.selectFrom('bookings').select('id').where('slot_id', 'in', slots).execute();
    expect(bookings).toHaveLength(1);
    const row = await t.ctx.db
      .selectFrom('invitations')
      .select(['status', 'booking_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'booked', booking_id: bookings[0]?.id });
  });

  test('the patient declines while the unit cancels: one state, no held time left', async () => {
    const { id, slots } = await inState('fixed_time', 'proposed');
    const [a, b] = await Promise.all([
      post(t, karin, `/api/invitations/${id}/decline`, {}),
      post(t, nadia, staffUrl(id, 'cancel'), {}),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect(['declined', 'cancelled']).toContain(await statusOf(id));
    expect(await reservedFor(t, slots[0] as string)).toBeNull();
  });
});
