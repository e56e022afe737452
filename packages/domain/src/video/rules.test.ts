import { describe, expect, it } from 'vitest';
import {
  entersWaitingRoom,
  GUEST_LINK_MAX_MINUTES,
  guestLinkExpiry,
  type JoinFacts,
  joinOpensAt,
  kindAfterInvite,
  mayAdmit,
  mayControl,
  mayJoin,
  topologyOf,
  VIDEO_LIMITS,
} from './rules.js';

const start = new Date('2026-03-02T09:00:00Z');
const end = new Date('2026-03-02T09:20:00Z');
const base: JoinFacts = {
  at: new Date('2026-03-02T08:55:00Z'),
  role: 'participant',
  status: 'scheduled',
  startsAt: start,
  endsAt: end,
  locked: false,
  removed: false,
};
const minutes = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);

describe('video meeting kinds', () => {
  it('one-to-one and multi-party are mesh, group goes through the SFU, with their limits', () => {
    expect(topologyOf('one_to_one')).toBe('mesh');
    expect(topologyOf('multi_party')).toBe('mesh');
    expect(topologyOf('group')).toBe('sfu');
    expect(VIDEO_LIMITS).toEqual({ one_to_one: 2, multi_party: 6, group: 30 });
  });

  it('a one-to-one meeting becomes multi-party when a third person is invited', () => {
    expect(kindAfterInvite('one_to_one', 1)).toEqual({ ok: true, kind: 'one_to_one' });
    expect(kindAfterInvite('one_to_one', 2)).toEqual({ ok: true, kind: 'multi_party' });
    expect(kindAfterInvite('multi_party', 11)).toEqual({ ok: true, kind: 'multi_party' });
    expect(kindAfterInvite('multi_party', 12)).toEqual({ ok: false, reason: 'meeting_full' });
    expect(kindAfterInvite('group', 59)).toEqual({ ok: true, kind: 'group' });
  });
});

describe('the "Anslut" window', () => {
  it('opens 10 minutes before the start for patients and 30 for hosts; ad-hoc meetings at once', () => {
    expect(joinOpensAt(start, 'participant')).toEqual(minutes(start, -10));
    expect(joinOpensAt(start, 'guest')).toEqual(minutes(start, -10));
    expect(joinOpensAt(start, 'host')).toEqual(minutes(start, -30));
    expect(joinOpensAt(null, 'participant')).toBeNull();
  });

  it.each([
    [minutes(start, -11), 'participant', { ok: false, reason: 'too_early' }],
    [minutes(start, -10), 'participant', { ok: true }],
    [minutes(start, -25), 'host', { ok: true }],
    [minutes(start, -31), 'host', { ok: false, reason: 'too_early' }],
    [minutes(end, 120), 'participant', { ok: true }],
    [minutes(end, 121), 'participant', { ok: false, reason: 'too_late' }],
  ] as const)('at %s a %s gets %j', (at, role, expected) => {
    expect(mayJoin({ ...base, at, role })).toEqual(expected);
  });

  it('nobody joins an ended meeting', () => {
    expect(mayJoin({ ...base, status: 'ended', role: 'host' })).toEqual({ ok: false, reason: 'meeting_ended' });
  });
});

describe('locked rooms, removal and guest links', () => {
  it('a locked room takes no new participants but still its hosts', () => {
    expect(mayJoin({ ...base, locked: true })).toEqual({ ok: false, reason: 'meeting_locked' });
    expect(mayJoin({ ...base, locked: true, role: 'host' })).toEqual({ ok: true });
  });

  it('a removed participant cannot come back into a locked room, but may wait again in an open one', () => {
    expect(mayJoin({ ...base, removed: true, locked: true })).toEqual({ ok: false, reason: 'removed' });
    expect(mayJoin({ ...base, removed: true, locked: false })).toEqual({ ok: true });
  });

  it('an expired guest link is refused', () => {
    const guest = { ...base, role: 'guest' as const };
    expect(mayJoin({ ...guest, guestExpiresAt: minutes(base.at, 1) })).toEqual({ ok: true });
    expect(mayJoin({ ...guest, guestExpiresAt: base.at })).toEqual({ ok: false, reason: 'guest_link_expired' });
  });

  it('guest links last 24 hours by default, at least 5 minutes and at most 7 days', () => {
    const now = new Date('2026-03-01T12:00:00Z');
    expect(guestLinkExpiry(now)).toEqual(minutes(now, 24 * 60));
    expect(guestLinkExpiry(now, 1)).toEqual(minutes(now, 5));
    expect(guestLinkExpiry(now, 99_999)).toEqual(minutes(now, GUEST_LINK_MAX_MINUTES));
  });
});

describe('waiting room and host controls', () => {
  it('everyone but hosts waits to be admitted', () => {
    expect(entersWaitingRoom('host')).toBe(false);
    expect(entersWaitingRoom('participant')).toBe(true);
    expect(entersWaitingRoom('guest')).toBe(true);
  });

  it('admits until the meeting is full', () => {
    expect(mayAdmit('one_to_one', 1)).toEqual({ ok: true });
    expect(mayAdmit('one_to_one', 2)).toEqual({ ok: false, reason: 'meeting_full' });
    expect(mayAdmit('group', 29)).toEqual({ ok: true });
    expect(mayAdmit('group', 30)).toEqual({ ok: false, reason: 'meeting_full' });
  });

  it('only hosts control; hosts cannot remove other hosts or themselves', () => {
    expect(mayControl('participant', 'lock')).toEqual({ ok: false, reason: 'not_host' });
    expect(mayControl('guest', 'mute', { role: 'participant', self: false })).toEqual({
      ok: false,
      reason: 'not_host',
    });
    expect(mayControl('host', 'remove', { role: 'participant', self: false })).toEqual({ ok: true });
    expect(mayControl('host', 'remove', { role: 'host', self: false })).toEqual({
      ok: false,
      reason: 'target_is_host',
    });
    expect(mayControl('host', 'remove', { role: 'host', self: true })).toEqual({ ok: false, reason: 'target_is_self' });
    expect(mayControl('host', 'mute', { role: 'host', self: false })).toEqual({ ok: true });
    expect(mayControl('host', 'spotlight', { role: 'guest', self: false })).toEqual({ ok: true });
  });
});
