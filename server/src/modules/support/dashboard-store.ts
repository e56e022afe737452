/** SQL for the dashboard's figures and drill-down. */
import type { Queryable } from '../../platform/db/index.js';
import { OPEN_STATUSES } from './store.js';

export async function casesSince(q: Queryable, since: Date) {
  return q
    .selectFrom('support_cases')
    .select(['created_at', 'channel', 'first_answer_open_minutes', 'escalated_at', 'rating', 'status'])
    .where('created_at', '>=', since)
    .where('status', '!=', 'merged')
    .execute();
}

export async function openCount(q: Queryable): Promise<number> {
  const r = await q
    .selectFrom('support_cases')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', 'in', [...OPEN_STATUSES])
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function deviationsSince(q: Queryable, since: Date) {
  return q
    .selectFrom('support_deviations')
    .select(['category', (eb) => eb.fn.countAll<string>().as('n')])
    .where('created_at', '>=', since)
    .groupBy('category')
    .execute();
}

/** The cases behind a figure, newest first (at most 5 000 before the week filter). */
export async function drillCases(
  q: Queryable,
  f: { figure: string; channel?: 'chat' | 'web' | 'email'; since: Date; goalMinutes: number },
) {
  let query = q.selectFrom('support_cases').selectAll().where('status', '!=', 'merged');
  if (f.figure === 'backlog') query = query.where('status', 'in', [...OPEN_STATUSES]);
  else query = query.where('created_at', '>=', f.since);
  if (f.figure === 'escalations') query = query.where('escalated_at', 'is not', null);
  if (f.figure === 'breached') query = query.where('first_answer_open_minutes', '>', f.goalMinutes);
  if (f.figure === 'rated') query = query.where('rating', 'is not', null);
  if (f.channel) query = query.where('channel', '=', f.channel);
  return query.orderBy('created_at', 'desc').limit(5000).execute();
}
