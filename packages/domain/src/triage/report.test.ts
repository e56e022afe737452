import { describe, expect, test } from 'vitest';
import { isoWeekOf, weeklyReport } from './report.js';

describe('isoWeekOf', () => {
  test.each([
    ['2026-12-07', '2026-W50'],
    ['2026-12-13', '2026-W50'],
    ['2026-12-14', '2026-W51'],
    ['2027-01-01', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2024-12-30', '2025-W01'],
  ])('%s is %s', (date, week) => {
    expect(isoWeekOf(date)).toBe(week);
  });
});

describe('weeklyReport', () => {
  test('counts by Stockholm week, with empty weeks and overrides', () => {
    const report = weeklyReport(
      '2026-12-07',
      '2026-12-20',
      [
        { decidedAt: new Date('2026-12-07T08:00:00Z'), route: 'call_112', urgency: 'acute', kind: 'red_flag' },
        // Sunday 23:30 UTC is Monday 00:30 in Stockholm: the next week.
        {
          decidedAt: new Date('2026-12-13T23:30:00Z'),
          route: 'message_unit',
          urgency: 'same_day',
          kind: 'talk_to_someone',
        },
        { decidedAt: new Date('2026-12-08T08:00:00Z'), route: 'self_care', urgency: 'within_14_days', kind: 'outcome' },
      ],
      [{ createdAt: new Date('2026-12-08T09:00:00Z') }],
    );
    expect(report.map((w) => [w.week, w.total, w.redFlags, w.talkToSomeone, w.overrides])).toEqual([
      ['2026-W50', 2, 1, 0, 1],
      ['2026-W51', 1, 0, 1, 0],
    ]);
    expect(report[0]?.byRoute).toMatchObject({ call_112: 1, self_care: 1, drop_in_video: 0 });
    expect(report[1]?.byUrgency.same_day).toBe(1);
  });
});
