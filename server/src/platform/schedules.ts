/**
 * The one place recurring work runs (`ScheduleSpec`, module.ts): every instance runs every
 * schedule (each is idempotent), each every `everyMs`, unref'd so it never holds the process
 * open. One run of a schedule at a time on an instance: a slow run on a busy machine is not
 * stacked on, its turns are skipped. Stopping waits for the runs under way, so none of them
 * meets a closed database.
 *
 * During a rush (`deferDuring`) the schedules marked `deferInRush` skip their turns, one run at
 * least every `maxDeferMs` (rush-hold.ts), as the job worker holds back its `deferInRush` kinds.
 *
 * Work that derives jobs is a schedule too (booking/reminders.ts: the reminder sweep inserts
 * the due reminder jobs; the job worker claims them on its next poll, a second at most).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from './clock.js';
import type { ScheduleSpec } from './module.js';
import { rushHold } from './rush-hold.js';

export interface Schedules {
  /** Starts every schedule's timer on this instance. */
  start(): void;
  /** Stops the timers and waits for the runs under way. */
  stop(): Promise<void>;
  /**
   * Runs schedule `name` once, now, as its timer would: after its run under way (if any), and
   * only if the rush lets it; true when it ran. Rejects with the run's error (a timer's run logs
   * it). For tests and one-off scripts, as `JobQueue.runDueJobs` is for jobs.
   */
  runOnce(name: string): Promise<boolean>;
  /** While `rush()` is true the schedules marked `deferInRush` wait (each runs at least every `maxDeferMs`). */
  deferDuring(rush: () => boolean): void;
}

export interface SchedulesOptions {
  clock: Clock;
  log: FastifyBaseLogger;
  specs: ScheduleSpec[];
  /** The longest a `deferInRush` schedule waits between runs during a rush. */
  maxDeferMs: number;
}

export function createSchedules(options: SchedulesOptions): Schedules {
  const { clock, log, maxDeferMs } = options;
  let rush: () => boolean = () => false;
  let stopped = false;
  const running = new Set<Promise<void>>();
  const timers: NodeJS.Timeout[] = [];
  const entries = new Map(
    options.specs.map((spec) => [
      spec.name,
      {
        spec,
        // The hold asks the rush as it is when asked (`deferDuring` may be called later).
        hold: spec.deferInRush ? rushHold(clock, () => rush(), maxDeferMs) : null,
        current: null as Promise<void> | null,
      },
    ]),
  );
  type Entry = NonNullable<ReturnType<typeof entries.get>>;

  /** Whether the entry may start a run now (nothing of it under way, not held by a rush). */
  const mayStart = (entry: Entry) => !entry.current && !stopped && (!entry.hold || entry.hold.mayRun());

  function run(entry: Entry): Promise<void> {
    const current: Promise<void> = entry.spec.run().finally(() => {
      entry.current = null;
      running.delete(current);
    });
    entry.current = current;
    running.add(current);
    return current;
  }

  return {
    start() {
      if (timers.length > 0 || stopped) return;
      for (const entry of entries.values()) {
        const timer = setInterval(() => {
          if (!mayStart(entry)) return;
          run(entry).catch((error) => log.warn({ err: error, schedule: entry.spec.name }, 'scheduled work failed'));
        }, entry.spec.everyMs);
        timer.unref();
        timers.push(timer);
      }
    },

    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...running]);
    },

    async runOnce(name) {
      const entry = entries.get(name);
      if (!entry) throw new Error(`no schedule ${name}`);
      while (entry.current) await entry.current.catch(() => undefined);
      if (!mayStart(entry)) return false;
      await run(entry);
      return true;
    },

    deferDuring(isRush) {
      rush = isRush;
    },
  };
}
