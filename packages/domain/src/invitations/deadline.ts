/**
 * When an e-kallelse must be answered. The unit chooses "within N days", but
 * an answer after the visit is worthless: the deadline is at most a day
 * before the (last) time the invitation offers, so an unwanted time can still
 * be given to someone else — and when the visit is less than a day away, the
 * visit itself. Never after the visit, never before sending.
 */
const DAY_MS = 24 * 60 * 60 * 1000;
/** How long before the visit an answer is wanted. */
export const REPLY_MARGIN_MS = DAY_MS;

export function replyDeadline(sentAt: Date, withinDays: number, lastVisitStart: Date | null): Date {
  const asked = sentAt.getTime() + withinDays * DAY_MS;
  if (lastVisitStart === null) return new Date(asked);
  const visit = lastVisitStart.getTime();
  const beforeVisit = visit - REPLY_MARGIN_MS;
  // Less than a day left: answer before the visit starts.
  const latest = beforeVisit > sentAt.getTime() ? beforeVisit : visit;
  return new Date(Math.min(asked, latest));
}
