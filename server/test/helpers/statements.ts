/**
 * Counts the SQL statements `work` makes — and only those: statements made by
 * other work running meanwhile (a cache's once-a-second refresh, a schedule)
 * are not counted, because the count follows `work`'s async context. Every
 * Kysely statement, in or out of a transaction, passes its executor's
 * `executeQuery`, which is patched on the prototype for the duration. `sql`
 * lists the statements' texts, in order.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export async function countStatements<T>(
  db: { getExecutor(): unknown },
  work: () => Promise<T>,
): Promise<{ result: T; statements: number; sql: string[] }> {
  const context = new AsyncLocalStorage<true>();
  let owner = Object.getPrototypeOf(db.getExecutor()) as { executeQuery: (...args: unknown[]) => unknown };
  while (owner && !Object.hasOwn(owner, 'executeQuery')) owner = Object.getPrototypeOf(owner);
  const original = owner.executeQuery;
  let statements = 0;
  const texts: string[] = [];
  owner.executeQuery = function (this: unknown, ...args: unknown[]) {
    if (context.getStore()) {
      statements += 1;
      texts.push(String((args[0] as { sql?: unknown } | undefined)?.sql ?? ''));
    }
    return original.apply(this, args);
  };
  try {
    // Awaited inside the context: a thenable (app.inject's) only starts when it is awaited.
    const result = await context.run(true, async () => await work());
    return { result, statements, sql: texts };
  } finally {
    owner.executeQuery = original;
  }
}
