/**
 * The region's figures: cases started per ISO week by channel, median and 90th percentile time
 * to first answer in opening-hour minutes against the goal, open backlog, escalations, deviation
 * reports by category and ratings; drill-down to the cases behind a figure; CSV export.
 */
import type { Dashboard, QueueCase } from '@ingang/contracts';
import { addDays, isoWeek, isoWeekday, percentile, stockholmInstantAtMinute, stockholmWallClock } from '@ingang/domain';
import * as ds from './dashboard-store.js';
import type { Agent, SupportDeps } from './deps.js';
import * as store from './store.js';
import { queueCaseView } from './view.js';

export type DrillFigure = 'started' | 'backlog' | 'escalations' | 'breached' | 'rated';

export function createDashboard(deps: SupportDeps) {
  const { db, clock, calendar, config } = deps;

  /** The first day (Monday, Stockholm) of the window of `weeks` ISO weeks ending this week. */
  function windowStart(weeks: number): Date {
    const today = stockholmWallClock(clock.now()).date;
    const monday = addDays(today, 1 - isoWeekday(today));
    return stockholmInstantAtMinute(addDays(monday, -7 * (weeks - 1)), 0) ?? clock.now();
  }

  async function figures(weeks: number): Promise<Dashboard> {
    const since = windowStart(weeks);
    const cases = await ds.casesSince(db, since);
    const byWeek = new Map<string, { chat: number; web: number; email: number }>();
    for (let i = 0; i < weeks; i++) {
      const w = isoWeek(addDays(stockholmWallClock(since).date, 7 * i + 3));
      byWeek.set(w, { chat: 0, web: 0, email: 0 });
    }
    for (const c of cases) {
      const w = byWeek.get(isoWeek(stockholmWallClock(c.created_at).date));
      if (w) w[c.channel] += 1;
    }
    const firsts = cases.map((c) => c.first_answer_open_minutes).filter((m): m is number => m !== null);
    const ratings = cases.map((c) => c.rating).filter((r): r is number => r !== null);
    const backlog = await ds.openCount(db);
    const devs = await ds.deviationsSince(db, since);
    const deviations = { technical: 0, operational: 0, supply: 0 };
    for (const d of devs) deviations[d.category] = Number(d.n);
    return {
      goalMinutes: config.firstAnswerGoalMinutes,
      weeks: [...byWeek].map(([week, n]) => ({ week, ...n })),
      firstAnswer: {
        count: firsts.length,
        medianMinutes: percentile(firsts, 50),
        p90Minutes: percentile(firsts, 90),
        withinGoal: firsts.filter((m) => m <= config.firstAnswerGoalMinutes).length,
      },
      backlog,
      escalations: cases.filter((c) => c.escalated_at !== null).length,
      deviations,
      ratings: {
        count: ratings.length,
        average: ratings.length ? Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 10) / 10 : null,
      },
    };
  }

  return {
    figures: (_agent: Agent, weeks: number) => figures(weeks),

    /** The cases behind one figure (at most 500). */
    async drill(
      agent: Agent,
      f: { figure: DrillFigure; week?: string; channel?: 'chat' | 'web' | 'email'; weeks: number },
    ): Promise<QueueCase[]> {
      const since = windowStart(f.weeks);
      const rows = (await ds.drillCases(db, { ...f, since, goalMinutes: config.firstAnswerGoalMinutes }))
        .filter((c) => !f.week || isoWeek(stockholmWallClock(c.created_at).date) === f.week)
        .slice(0, 500);
      const names = await store.staffNames(
        db,
        rows.map((r) => r.assignee_staff_id),
      );
      const ctx = {
        now: clock.now(),
        calendar,
        goalMinutes: config.firstAnswerGoalMinutes,
        staffId: agent.staffId,
        names,
      };
      return rows.map((c) => queueCaseView(c, ctx));
    },

    /** The figures as CSV (weeks by channel, then the summary rows). */
    async csv(agent: Agent, weeks: number): Promise<string> {
      const d = await figures(weeks);
      const lines = ['week,chat,web,email,total'];
      for (const w of d.weeks) lines.push(`${w.week},${w.chat},${w.web},${w.email},${w.chat + w.web + w.email}`);
      lines.push('');
      lines.push('figure,value');
      lines.push(`first_answer_goal_minutes,${d.goalMinutes}`);
      lines.push(`first_answer_count,${d.firstAnswer.count}`);
      lines.push(`first_answer_median_minutes,${d.firstAnswer.medianMinutes ?? ''}`);
      lines.push(`first_answer_p90_minutes,${d.firstAnswer.p90Minutes ?? ''}`);
      lines.push(`first_answer_within_goal,${d.firstAnswer.withinGoal}`);
      lines.push(`backlog,${d.backlog}`);
      lines.push(`escalations,${d.escalations}`);
      for (const [k, v] of Object.entries(d.deviations)) lines.push(`deviations_${k},${v}`);
      lines.push(`ratings_count,${d.ratings.count}`);
      lines.push(`ratings_average,${d.ratings.average ?? ''}`);
      void agent;
      return `${lines.join('\n')}\n`;
    },
  };
}
