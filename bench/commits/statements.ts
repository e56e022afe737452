/**
 * Every statement this process sends to PostgreSQL (node-postgres' Client.query), by its text's
 * first 90 characters: what a commit count is made of. Counts all pools and connections
 * of the process, so it is used while the measured app is the only one running. The
 * patch is installed when this module loads, before any client exists: the prepared-statement
 * wrapper (platform/db/prepared.ts) binds each client's `query` once.
 */
import pg from 'pg';

let counts: Map<string, number> | null = null;
const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
const original = proto.query;
proto.query = function (this: unknown, ...args: unknown[]) {
  if (counts) {
    const first = args[0] as string | { text?: string } | undefined;
    const text = (typeof first === 'string' ? first : (first?.text ?? '')).replace(/\s+/g, ' ').trim().slice(0, 90);
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  return original.apply(this, args);
};

/** Starts counting; `stop()` returns the counts, most frequent first. */
export function tallyStatements(): { stop(): Record<string, number> } {
  const mine = new Map<string, number>();
  counts = mine;
  return {
    stop() {
      if (counts === mine) counts = null;
      return Object.fromEntries([...mine].sort((a, b) => b[1] - a[1]));
    },
  };
}
