/**
 * Write coalescing (platform/coalesce.ts), without a database: what is handed
 * over together is written together, each caller is answered only after its
 * write, a write in flight gathers the next batch, a bad item fails only its
 * own caller, and `flush()` does not wait out the window. A batch that answers
 * each item (the session reads) gives each caller its own result.
 */
import { describe, expect, test } from 'vitest';
import { createCoalescer } from '../src/platform/coalesce.js';

function deferred() {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('coalescer', () => {
  test('items handed over in one turn go in one write; each caller waits for it', async () => {
    const writes: number[][] = [];
    const gate = deferred();
    const c = createCoalescer<number>({
      async write(items) {
        writes.push(items);
        await gate.promise;
      },
    });
    const done: number[] = [];
    const adds = [1, 2, 3, 4, 5].map((n) => c.add(n).then(() => done.push(n)));
    await turn();
    await turn();
    expect(writes).toEqual([[1, 2, 3, 4, 5]]);
    expect(done).toEqual([]);
    gate.resolve();
    await Promise.all(adds);
    expect(done).toEqual([1, 2, 3, 4, 5]);
  });

  test('what arrives while a write is in flight goes in the next one, together', async () => {
    const writes: number[][] = [];
    const gates = [deferred(), deferred()];
    const c = createCoalescer<number>({
      async write(items) {
        writes.push(items);
        await gates[writes.length - 1]?.promise;
      },
    });
    const first = c.add(1);
    await turn();
    expect(writes).toEqual([[1]]);
    const later = [2, 3, 4].map((n) => c.add(n));
    await turn();
    await turn();
    expect(writes).toEqual([[1]]);
    gates[0]?.resolve();
    await first;
    await turn();
    expect(writes).toEqual([[1], [2, 3, 4]]);
    gates[1]?.resolve();
    await Promise.all(later);
  });

  test('a failed write is retried item by item: only the bad item’s caller gets the error', async () => {
    const writes: string[][] = [];
    const c = createCoalescer<string>({
      async write(items) {
        writes.push(items);
        if (items.includes('bad')) throw new Error('constraint');
      },
    });
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((x) => c.add(x)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(writes).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
  });

  test('a window holds the first item back until flush(); maxSize splits a large batch', async () => {
    const writes: number[][] = [];
    const c = createCoalescer<number>({
      windowMs: 3_600_000,
      maxSize: 2,
      maxInFlight: 2,
      async write(items) {
        writes.push(items);
      },
    });
    const adds = [1, 2, 3].map((n) => c.add(n));
    await turn();
    await turn();
    expect(writes).toEqual([]);
    c.flush();
    await Promise.all(adds);
    expect(writes).toEqual([[1, 2], [3]]);
    // drain() also writes what waits in a window.
    const late = c.add(4);
    await c.drain();
    await late;
    expect(writes).toEqual([[1, 2], [3], [4]]);
  });

  test('per-item results: each caller gets its own, also when its batch was retried alone after one bad item', async () => {
    const writes: string[][] = [];
    const c = createCoalescer<string, string>({
      async write(items) {
        writes.push(items);
        if (items.includes('bad')) throw new Error('constraint');
        return items.map((x) => x.toUpperCase());
      },
    });
    expect(await Promise.all(['a', 'b'].map((x) => c.add(x)))).toEqual(['A', 'B']);
    const results = await Promise.allSettled(['c', 'bad', 'd'].map((x) => c.add(x)));
    expect(results).toEqual([
      { status: 'fulfilled', value: 'C' },
      { status: 'rejected', reason: new Error('constraint') },
      { status: 'fulfilled', value: 'D' },
    ]);
    expect(writes).toEqual([['a', 'b'], ['c', 'bad', 'd'], ['c'], ['bad'], ['d']]);
  });

  test('without retryAlone a failed batch fails each of its callers, once; maxSize batches are independent', async () => {
    const writes: number[][] = [];
    const gate = deferred();
    const c = createCoalescer<number, number>({
      maxSize: 2,
      maxInFlight: Number.POSITIVE_INFINITY,
      retryAlone: false,
      async write(items) {
        writes.push(items);
        await gate.promise;
        if (items.includes(2)) throw new Error('connection lost');
        return items.map((n) => n * 10);
      },
    });
    const adds = Promise.allSettled([1, 2, 3].map((n) => c.add(n)));
    await turn();
    // Both batches are out at once (nothing waits for a read in flight).
    expect(writes).toEqual([[1, 2], [3]]);
    gate.resolve();
    expect((await adds).map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'connection lost',
      'connection lost',
      30,
    ]);
    expect(writes).toEqual([[1, 2], [3]]);
  });

  test('a write that answers the wrong number of items fails its callers', async () => {
    const c = createCoalescer<number, number>({
      retryAlone: false,
      async write() {
        return [1];
      },
    });
    const results = await Promise.allSettled([c.add(1), c.add(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
