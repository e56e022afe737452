/**
 * Write coalescing for small, frequent writes that are not the request's own
 * (a session's once-a-minute touch, a finished job's done mark, the dev
 * mailbox and SMS outbox): each caller hands over one item and waits until
 * the statement that wrote it has committed, so nothing is acknowledged
 * before it is durable. Items that arrive in the same turn of the event loop,
 * or while the previous write is in flight, go out together in the next one:
 * one commit — one WAL flush — for many callers. When idle an item waits one
 * loop turn (or `windowMs`, for a caller that knows more is coming and says
 * `flush()` when it has all); under load the batches grow by themselves as the
 * flushes get slower (PostgreSQL's own group commit, done before the commit).
 *
 * A failed multi-item write is retried item by item, so one bad item fails
 * only its own caller. Per instance only; the database orders instances.
 *
 * A batch may also answer each item (`R`): `write` then returns one result per
 * item, in order, and each caller's `add` resolves with its own. The session
 * reads of one loop turn go out this way, as one statement (sessions.ts).
 */

/** What `write` returns: nothing for a plain write, else one result per item, in order. */
export type Written<R> = [R] extends [undefined] ? undefined : R[];

export interface CoalescerOptions<T, R = undefined> {
  /** Writes (or reads) `items` in one statement (its own transaction); see `Written`. */
  write(items: T[]): Promise<Written<R>>;
  /**
   * A failed multi-item batch is retried item by item, so one bad item fails only its own
   * caller (default true). False: every caller of the batch gets its error — for reads, whose
   * failure is the database's rather than an item's, where retrying would only multiply
   * statements against a database that is failing already.
   */
  retryAlone?: boolean;
  /** Most items in one write (default 500). */
  maxSize?: number;
  /** Writes at once (default 1: the next batch gathers while one is in flight). */
  maxInFlight?: number;
  /** How long the first item waits for company when nothing is in flight (default 0: one loop turn). */
  windowMs?: number;
  /** Told the size of every write that succeeded (tests, metrics). */
  onWrite?: (size: number) => void;
}

export interface Coalescer<T, R = undefined> {
  /** Resolves when `item` is written (committed), with its result; rejects with its write's error. */
  add(item: T): Promise<R>;
  /** Starts writing what is queued now, without waiting out the window. */
  flush(): void;
  /** Resolves when everything handed over so far is written or has failed. */
  drain(): Promise<void>;
}

interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export function createCoalescer<T, R = undefined>(options: CoalescerOptions<T, R>): Coalescer<T, R> {
  const maxSize = options.maxSize ?? 500;
  const maxInFlight = options.maxInFlight ?? 1;
  const windowMs = options.windowMs ?? 0;
  const retryAlone = options.retryAlone ?? true;
  const queue: Pending<T, R>[] = [];
  const running = new Set<Promise<void>>();
  let scheduled: NodeJS.Immediate | NodeJS.Timeout | null = null;

  function schedule() {
    if (scheduled) return;
    const fire = () => {
      scheduled = null;
      pump();
    };
    // At least one loop turn: what the same burst of callbacks hands over goes in the same write.
    scheduled = windowMs > 0 ? setTimeout(fire, windowMs) : setImmediate(fire);
  }

  function unschedule() {
    if (!scheduled) return;
    if (windowMs > 0) clearTimeout(scheduled as NodeJS.Timeout);
    else clearImmediate(scheduled as NodeJS.Immediate);
    scheduled = null;
  }

  function pump() {
    while (running.size < maxInFlight && queue.length > 0) {
      const batch = queue.splice(0, maxSize);
      const run = execute(batch).finally(() => {
        running.delete(run);
        if (queue.length > 0) pump();
      });
      running.add(run);
    }
  }

  /** Runs `write` for `batch`; its results, one per item (undefined for a plain write). */
  async function written(batch: Pending<T, R>[]): Promise<R[] | undefined> {
    const results = (await options.write(batch.map((p) => p.item))) as R[] | undefined;
    if (results && results.length !== batch.length) {
      throw new Error(`coalescer: ${results.length} results for ${batch.length} items`);
    }
    options.onWrite?.(batch.length);
    return results;
  }

  async function execute(batch: Pending<T, R>[]) {
    try {
      const results = await written(batch);
      for (const [i, p] of batch.entries()) p.resolve(results?.[i] as R);
      return;
    } catch (error) {
      if (batch.length === 1 || !retryAlone) {
        for (const p of batch) p.reject(error);
        return;
      }
    }
    // Which item failed is unknown: each alone, so the others are still written.
    for (const p of batch) {
      try {
        const results = await written([p]);
        p.resolve(results?.[0] as R);
      } catch (error) {
        p.reject(error);
      }
    }
  }

  return {
    add(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (running.size < maxInFlight) schedule();
      });
    },
    flush() {
      unschedule();
      pump();
    },
    async drain() {
      for (;;) {
        unschedule();
        pump();
        if (running.size === 0 && queue.length === 0) return;
        await Promise.allSettled([...running]);
      }
    },
  };
}
