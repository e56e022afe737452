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
 */

export interface CoalescerOptions<T> {
  /** Writes `items` in one statement (its own transaction). */
  write(items: T[]): Promise<void>;
  /** Most items in one write (default 500). */
  maxSize?: number;
  /** Writes at once (default 1: the next batch gathers while one is in flight). */
  maxInFlight?: number;
  /** How long the first item waits for company when nothing is in flight (default 0: one loop turn). */
  windowMs?: number;
  /** Told the size of every write that succeeded (tests, metrics). */
  onWrite?: (size: number) => void;
}

export interface Coalescer<T> {
  /** Resolves when `item` is written (committed); rejects with its write's error. */
  add(item: T): Promise<void>;
  /** Starts writing what is queued now, without waiting out the window. */
  flush(): void;
  /** Resolves when everything handed over so far is written or has failed. */
  drain(): Promise<void>;
}

interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export function createCoalescer<T>(options: CoalescerOptions<T>): Coalescer<T> {
  const maxSize = options.maxSize ?? 500;
  const maxInFlight = options.maxInFlight ?? 1;
  const windowMs = options.windowMs ?? 0;
  const queue: Pending<T>[] = [];
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

  async function execute(batch: Pending<T>[]) {
    try {
      await options.write(batch.map((p) => p.item));
      options.onWrite?.(batch.length);
      for (const p of batch) p.resolve();
      return;
    } catch (error) {
      if (batch.length === 1) {
        (batch[0] as Pending<T>).reject(error);
        return;
      }
    }
    // Which item failed is unknown: each alone, so the others are still written.
    for (const p of batch) {
      try {
        await options.write([p.item]);
        options.onWrite?.(1);
        p.resolve();
      } catch (error) {
        p.reject(error);
      }
    }
  }

  return {
    add(item) {
      return new Promise<void>((resolve, reject) => {
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
