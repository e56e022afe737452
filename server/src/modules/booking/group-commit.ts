/**
 * Group commit: requests that arrive within a short window, or while earlier
 * batches are in flight, are run together in ONE transaction and share ONE
 * commit (one WAL flush) — the way high-throughput ledgers batch transfers.
 * (The bookings' `run` writes the whole batch in one set statement, which is
 * its own transaction: their `transaction` hands over the database.)
 * Each request still gets its own outcome. This is per-instance request
 * coalescing only; no shared state is kept here (several instances each batch
 * their own requests, the database decides between them).
 *
 * `run` decides every item inside the transaction and returns one outcome per
 * item; a refusal is an outcome, not an error, so it does not disturb the
 * others. When a statement of one item fails (a unique violation, a deadlock
 * with another instance), the transaction is aborted: `run` throws
 * `ItemFailed(index)`, the transaction rolls back, that item is handed to
 * `alone` (the unbatched path, which gives its proper answer) and the others
 * run again as a batch without it. Nothing of a rolled-back attempt remains,
 * so re-running is safe. No savepoints: the common path costs no extra round
 * trips and no subtransactions. When the attempt failed as a whole and no one
 * item is to blame (a set statement's unique violation or deadlock), `run`
 * throws `BatchFailed`: the whole batch runs again (fresh reads), and after
 * `MAX_ATTEMPTS` attempts every item runs alone.
 */

export type Outcome<O> = { ok: O } | { error: unknown } | { alone: true };

/** Thrown by `run`: the item at `index` made the transaction fail. */
export class ItemFailed extends Error {
  constructor(
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super(`batch item ${index} failed`);
  }
}

/** Thrown by `run`: the attempt failed as a whole (nothing of it was written); run the batch again. */
export class BatchFailed extends Error {
  constructor(override readonly cause: unknown) {
    super('batch attempt failed');
  }
}

export interface GroupCommitOptions<I, O> {
  windowMs: number;
  maxSize: number;
  maxInFlight: number;
  /** Items with the same key never share a batch nor run in two batches at once (e.g. one person). */
  keyOf: (item: I) => string;
  /** Opens the batch's transaction, runs `work` in it and commits (rolls back when it throws). */
  transaction: <T>(work: (trx: unknown) => Promise<T>) => Promise<T>;
  /** Decides every item in the transaction: one outcome per item, in order. */
  run: (trx: unknown, items: I[]) => Promise<Outcome<O>[]>;
  /** The item on its own, outside any batch. */
  alone: (item: I) => Promise<O>;
  /** Told the size of every batch that committed (metrics). */
  onBatch?: (size: number) => void;
}

interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/** After this many failed attempts of one batch the rest run alone (a failure that is not one item's). */
const MAX_ATTEMPTS = 3;

export function createGroupCommit<I, O>(options: GroupCommitOptions<I, O>) {
  const queue: Pending<I, O>[] = [];
  const busyKeys = new Set<string>();
  let inFlight = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  function fire() {
    timer = null;
    pump();
  }

  function settleAlone(p: Pending<I, O>) {
    options.alone(p.item).then(p.resolve, p.reject);
  }

  /** Takes up to maxSize queued items whose keys are free, in arrival order. */
  function take(): Pending<I, O>[] {
    const batch: Pending<I, O>[] = [];
    const keys = new Set<string>();
    for (let i = 0; i < queue.length && batch.length < options.maxSize; ) {
      const p = queue[i] as Pending<I, O>;
      const key = options.keyOf(p.item);
      if (busyKeys.has(key) || keys.has(key)) {
        i++;
        continue;
      }
      keys.add(key);
      batch.push(p);
      queue.splice(i, 1);
    }
    for (const key of keys) busyKeys.add(key);
    return batch;
  }

  /** Starts batches while there is room and work; the window only delays a batch when none is in flight. */
  function pump() {
    while (inFlight < options.maxInFlight && queue.length > 0) {
      const batch = take();
      if (batch.length === 0) return;
      inFlight++;
      void execute(batch).finally(() => {
        for (const p of batch) busyKeys.delete(options.keyOf(p.item));
        inFlight--;
        pump();
      });
    }
  }

  async function execute(batch: Pending<I, O>[]) {
    let items = batch;
    for (let attempt = 1; items.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) {
        for (const p of items) settleAlone(p);
        return;
      }
      let outcomes: Outcome<O>[];
      try {
        outcomes = await options.transaction((trx) =>
          options.run(
            trx,
            items.map((p) => p.item),
          ),
        );
      } catch (error) {
        if (error instanceof ItemFailed && items[error.index]) {
          const failed = items[error.index] as Pending<I, O>;
          items = items.filter((_, i) => i !== error.index);
          settleAlone(failed);
          continue;
        }
        if (error instanceof BatchFailed) continue;
        // BEGIN or COMMIT failed (pool timeout, lost connection): every item shares that answer.
        for (const p of items) p.reject(error);
        return;
      }
      options.onBatch?.(items.length);
      for (const [i, p] of items.entries()) {
        const outcome = outcomes[i];
        if (!outcome || 'alone' in outcome) settleAlone(p);
        else if ('ok' in outcome) p.resolve(outcome.ok);
        else p.reject(outcome.error);
      }
      return;
    }
  }

  return {
    /** Queues the item for the next batch; resolves with its own outcome. */
    submit(item: I): Promise<O> {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        // A full batch need not wait; with every slot in flight, the next batch starts when one ends.
        if (queue.length >= options.maxSize) {
          pump();
          return;
        }
        if (inFlight >= options.maxInFlight) return;
        // Same-tick arrivals share the batch even without a window.
        if (options.windowMs <= 0) {
          if (!timer) timer = setTimeout(fire, 0);
          return;
        }
        timer ??= setTimeout(fire, options.windowMs);
      });
    },
  };
}
