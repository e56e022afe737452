import { describe, expect, it, test } from 'vitest';
import {
  addOpenMinutes,
  DEFAULT_SUPPORT_CALENDAR as CAL,
  caseReference,
  classifyInbound,
  fillPlaceholders,
  freeCapacity,
  isOpenAt,
  isoWeek,
  messageIdsIn,
  nextCaseStatus,
  nextOpening,
  offerExpired,
  openMinutesBetween,
  percentile,
  pickRoundRobin,
  referenceFromSubject,
  referencesFor,
  replySubject,
  SupportTransitionError,
  shortcutAt,
  slaStanding,
} from './index.js';

const at = (iso: string) => new Date(iso);

describe('opening-hours calendar', () => {
  it('is open weekdays 08–19 and weekends 08–15 Stockholm time', () => {
    expect(isOpenAt(CAL, at('2026-12-07T07:00:00Z'))).toBe(true); // Mon 08:00 CET
    expect(isOpenAt(CAL, at('2026-12-07T06:59:00Z'))).toBe(false);
    expect(isOpenAt(CAL, at('2026-12-07T18:00:00Z'))).toBe(false); // 19:00
    expect(isOpenAt(CAL, at('2026-12-05T13:59:00Z'))).toBe(true); // Sat 14:59
    expect(isOpenAt(CAL, at('2026-12-05T14:00:00Z'))).toBe(false); // Sat 15:00
  });
  it('is closed on Swedish public holidays (Christmas Day, Easter Monday)', () => {
    expect(isOpenAt(CAL, at('2026-12-25T10:00:00Z'))).toBe(false);
    expect(isOpenAt(CAL, at('2027-03-29T10:00:00Z'))).toBe(false); // Easter Monday 2027
  });
  it('finds the next opening across a holiday weekend', () => {
    // Thu 24 Dec 2026 20:00 → 25th (holiday) → Sat 26th is Annandag jul (holiday) → Sun 27th 08:00
    expect(nextOpening(CAL, at('2026-12-24T19:00:00Z'))?.toISOString()).toBe('2026-12-27T07:00:00.000Z');
  });
  it('counts only open minutes: Friday evening to Monday morning is weekend hours only', () => {
    // Fri 4 Dec 18:30 local → Mon 7 Dec 08:30: 30 min Fri + 7 h Sat + 7 h Sun + 30 min Mon
    expect(openMinutesBetween(CAL, at('2026-12-04T17:30:00Z'), at('2026-12-07T07:30:00Z'))).toBe(30 + 420 + 420 + 30);
  });
  it('adds open minutes to find the SLA deadline, skipping closed time', () => {
    // A message at 18:30 on a weekday with a 60-minute goal is due 08:30 the next (open) day.
    expect(addOpenMinutes(CAL, at('2026-12-08T17:30:00Z'), 60)?.toISOString()).toBe('2026-12-09T07:30:00.000Z');
    expect(addOpenMinutes(CAL, at('2026-12-08T10:00:00Z'), 60)?.toISOString()).toBe('2026-12-08T11:00:00.000Z');
  });
  it('handles the daylight-saving change: Sunday 29 Mar 2026 has 7 open hours', () => {
    expect(openMinutesBetween(CAL, at('2026-03-28T23:00:00Z'), at('2026-03-29T22:00:00Z'))).toBe(420);
  });
});

describe('case state machine', () => {
  test.each([
    ['new', 'take', 'first_line', 'open'],
    ['new', 'agent_reply', 'first_line', 'waiting'],
    ['open', 'agent_reply', 'first_line', 'waiting'],
    ['waiting', 'citizen_reply', null, 'open'],
    ['new', 'citizen_reply', null, 'new'],
    ['open', 'escalate', 'first_line', 'escalated'],
    ['escalated', 'agent_reply', 'second_line', 'waiting'],
    ['escalated', 'take', 'second_line', 'escalated'],
    ['escalated', 'citizen_reply', null, 'escalated'],
    ['waiting', 'close', 'first_line', 'closed'],
    ['closed', 'citizen_reply', null, 'new'],
    ['open', 'merge', 'first_line', 'merged'],
  ] as const)('%s --%s (%s)--> %s', (from, event, line, to) => {
    expect(nextCaseStatus(from, event, line)).toBe(to);
  });
  test.each([
    ['escalated', 'agent_reply', 'first_line', 'case_escalated'],
    ['escalated', 'take', 'first_line', 'case_escalated'],
    ['closed', 'agent_reply', 'second_line', 'case_closed'],
    ['escalated', 'escalate', 'first_line', 'already_escalated'],
    ['open', 'escalate', 'second_line', 'not_first_line'],
    ['closed', 'close', 'first_line', 'case_closed'],
    ['merged', 'citizen_reply', null, 'case_merged'],
    ['closed', 'merge', 'first_line', 'case_closed'],
  ] as const)('%s --%s (%s)--> refused %s', (from, event, line, code) => {
    try {
      nextCaseStatus(from, event, line);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SupportTransitionError);
      expect((e as SupportTransitionError).code).toBe(code);
    }
  });
});

describe('round-robin assignment', () => {
  const agent = (staffId: string, openCases: number, last: string | null, available = true) => ({
    staffId,
    available,
    openCases,
    limit: 3,
    lastAssignedAt: last ? at(last) : null,
  });
  it('gives the next case to the available agent with room assigned longest ago', () => {
    const agents = [
      agent('a', 1, '2026-12-07T09:05:00Z'),
      agent('b', 0, '2026-12-07T09:01:00Z'),
      agent('c', 3, '2026-12-07T08:00:00Z'), // full
      agent('d', 0, null, false), // unavailable
    ];
    expect(pickRoundRobin(agents)).toBe('b');
    expect(freeCapacity(agents)).toBe(2 + 3);
  });
  it('prefers a never-assigned agent and returns null with no capacity', () => {
    expect(pickRoundRobin([agent('a', 0, '2026-12-07T09:00:00Z'), agent('b', 0, null)])).toBe('b');
    expect(pickRoundRobin([agent('a', 3, null)])).toBeNull();
  });
  it('expires an unaccepted offer after two minutes', () => {
    expect(offerExpired(at('2026-12-07T09:00:00Z'), at('2026-12-07T09:01:59Z'))).toBe(false);
    expect(offerExpired(at('2026-12-07T09:00:00Z'), at('2026-12-07T09:02:00Z'))).toBe(true);
    // Configurable: 90 seconds.
    expect(offerExpired(at('2026-12-07T09:00:00Z'), at('2026-12-07T09:01:29Z'), 90)).toBe(false);
    expect(offerExpired(at('2026-12-07T09:00:00Z'), at('2026-12-07T09:01:30Z'), 90)).toBe(true);
  });
});

describe('mail rules', () => {
  const base = {
    from: 'anna@example.org',
    headers: {},
    ownAddresses: ['support@ingang.localhost', 'no-reply@ingang.localhost'],
    agentAddresses: ['sam.stod@demo.ingang.se'],
    repliesLastHour: 0,
    hourlyCap: 5,
  };
  it('answers an ordinary citizen', () => {
    expect(classifyInbound(base)).toEqual({ kind: 'citizen', mayAnswer: true });
  });
  test.each([
    [{ 'auto-submitted': 'auto-replied' }, 'auto_submitted'],
    [{ precedence: 'bulk' }, 'bulk'],
    [{ 'list-id': '<x.example.org>' }, 'bulk'],
    [{ 'x-autoreply': 'yes' }, 'auto_submitted'],
  ])('never answers %o', (headers, reason) => {
    expect(classifyInbound({ ...base, headers })).toEqual({ kind: 'citizen', mayAnswer: false, reason });
  });
  it('treats Auto-Submitted: no as a person', () => {
    expect(classifyInbound({ ...base, headers: { 'auto-submitted': 'no' } }).kind).toBe('citizen');
  });
  it('caps answers per address per hour', () => {
    expect(classifyInbound({ ...base, repliesLastHour: 5 })).toEqual({
      kind: 'citizen',
      mayAnswer: false,
      reason: 'reply_cap',
    });
  });
  it('refuses mail from our own address and from agents (case-insensitive)', () => {
    expect(classifyInbound({ ...base, from: 'Support@Ingang.localhost' })).toEqual({
      kind: 'refused',
      reason: 'own_address',
    });
    expect(classifyInbound({ ...base, from: 'SAM.STOD@demo.ingang.se' })).toEqual({
      kind: 'refused',
      reason: 'agent_address',
    });
  });
  it('tags subjects once and reads the tag back', () => {
    const ref = caseReference('4f2a9c11-2222-4333-8444-555566667777');
    expect(ref).toBe('S-4F2A9C');
    const s = replySubject('Fråga om vaccin', ref);
    expect(s).toBe('Re: Fråga om vaccin [Ärende S-4F2A9C]');
    expect(replySubject(s, ref)).toBe(s);
    expect(referenceFromSubject(`SV: ${s}`)).toBe('S-4F2A9C');
    expect(referenceFromSubject('Hej')).toBeNull();
  });
  it('threads Message-IDs', () => {
    expect(messageIdsIn('<a@x> <b@y>')).toEqual(['<a@x>', '<b@y>']);
    expect(messageIdsIn(undefined)).toEqual([]);
    expect(referencesFor(['<a@x>'], '<b@y>')).toEqual(['<a@x>', '<b@y>']);
    expect(referencesFor(['<a@x>'], '<a@x>')).toEqual(['<a@x>']);
  });
});

describe('standard answers', () => {
  it('finds the ::word being typed', () => {
    expect(shortcutAt('Hej ::logg', 10)).toEqual({ word: 'logg', start: 4 });
    expect(shortcutAt('::', 2)).toEqual({ word: '', start: 0 });
    expect(shortcutAt('a::b', 4)).toBeNull();
  });
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(fillPlaceholders('Hej {name}! Se {link} {okand}', { name: 'Anna', link: 'https://1177.se' })).toBe(
      'Hej Anna! Se https://1177.se {okand}',
    );
  });
});

describe('figures', () => {
  it('computes nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([10, 20, 30, 40], 50)).toBe(20);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
  });
  it('stands a clock against its goal', () => {
    expect(slaStanding(10, 60)).toBe('ok');
    expect(slaStanding(45, 60)).toBe('near');
    expect(slaStanding(60, 60)).toBe('breached');
  });
  it('names ISO weeks across a year boundary', () => {
    expect(isoWeek('2026-12-07')).toBe('2026-W50');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
    expect(isoWeek('2026-01-01')).toBe('2026-W01');
  });
});
