/**
 * The reminder 24 h before a visit, derived instead of written with every booking.
 *
 * A booking used to insert its reminder job in its own statement (a row and two index
 * entries per booking, in a release rush). Now a schedule (`REMINDER_SWEEP`, every minute on
 * every instance, held in a rush like the reminder jobs) sweeps the bookings whose time comes
 * within 24 h and inserts their reminder jobs set-based (`sweepReminders` in reminder-store.ts,
 * migration 380); the job worker claims them on its next poll. The reminder job itself is
 * unchanged (notify.ts: it re-checks that the booking is still booked before it tells anyone).
 *
 * The rule is today's: a booking made before its start − 24 h gets one reminder, due at
 * start − 24 h; one made later gets none. What keeps it to once, also across instances:
 *
 * - the sweep locks the one-row watermark (`booking_reminder_sweep.swept_to`, the latest
 *   start swept) and sweeps (max(swept_to, now), now + 24 h − lag]: instances take turns
 *   and a window is swept once;
 * - the job's id is derived from the booking's (md5('booking.reminder:' || id)), inserted
 *   `on conflict do nothing`: a window swept twice still makes one job per booking;
 * - the lag (a minute) is the time a booking may take from its `now` (created_at) to its
 *   commit: a booking that gets a reminder is made before start − 24 h, and the window
 *   reaching its start is swept only after start − 24 h + lag, when it is visible. Requests
 *   are capped at 30 s (REQUEST_TIMEOUT_MS), a pool wait at 10 s and a statement at 15 s; a
 *   booking committing more than a minute after its `now` would miss its reminder.
 *
 * A cancelled booking is not swept (status), or its job finds it cancelled; a rebook is a
 * new booking row, made at the rebook: swept for its new time by the same rule.
 */
export const REMINDER_JOB = 'booking.reminder';
export const REMINDER_BEFORE_MS = 24 * 60 * 60 * 1000;
/** How long after start − 24 h a time is swept (see above). */
export const REMINDER_SWEEP_LAG_MS = 60_000;
/** The sweep's schedule (platform/schedules.ts), and how often each instance runs it. */
export const REMINDER_SWEEP = 'booking.reminder-sweep';
export const REMINDER_SWEEP_EVERY_MS = 60_000;
