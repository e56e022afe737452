import { describe, expect, test } from 'vitest';
import { REPLY_MARGIN_MS, replyDeadline } from './deadline.js';

const SENT = new Date('2026-12-07T09:00:00Z');

describe('replyDeadline: the answer comes before the visit', () => {
  test('a kallelse for 9 December is not answered "by 14 December" (issue 19)', () => {
    const visit = new Date('2026-12-09T09:00:00Z');
    const deadline = replyDeadline(SENT, 7, visit);
    expect(deadline.toISOString()).toBe('2026-12-08T09:00:00.000Z');
    expect(deadline.getTime()).toBeLessThan(visit.getTime());
  });

  test('a visit far ahead keeps the unit’s "within N days"', () => {
    const visit = new Date('2027-01-20T09:00:00Z');
    expect(replyDeadline(SENT, 7, visit).toISOString()).toBe('2026-12-14T09:00:00.000Z');
  });

  test('a visit less than a day away is answered by the visit itself, never before sending', () => {
    const visit = new Date(SENT.getTime() + 5 * 3600_000);
    expect(replyDeadline(SENT, 7, visit)).toEqual(visit);
  });

  test('without a time (nothing reserved) the unit’s days apply', () => {
    expect(replyDeadline(SENT, 3, null).toISOString()).toBe('2026-12-10T09:00:00.000Z');
  });

  test.each([1, 2, 7, 30, 90])('invariant over visits from 1 h to 120 days ahead (%i days asked)', (days) => {
    for (let hours = 1; hours <= 120 * 24; hours += 7) {
      const visit = new Date(SENT.getTime() + hours * 3600_000);
      const deadline = replyDeadline(SENT, days, visit);
      expect(deadline.getTime()).toBeLessThanOrEqual(visit.getTime());
      expect(deadline.getTime()).toBeGreaterThan(SENT.getTime());
      if (visit.getTime() - SENT.getTime() > REPLY_MARGIN_MS) {
        expect(visit.getTime() - deadline.getTime()).toBeGreaterThanOrEqual(REPLY_MARGIN_MS);
      }
    }
  });
});
