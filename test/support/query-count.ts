import { AsyncLocalStorage } from 'node:async_hooks';

/** The queries run on behalf of one piece of work, as SQL texts in order. */
const current = new AsyncLocalStorage<string[]>();

/**
 * Passed to every test database: records each query in the tally of the work it runs for (see
 * `queriesOf`). Queries outside such work (background jobs, setup) are not counted.
 */
export function recordQuery(sql: string): void {
  current.getStore()?.push(sql);
}

/** Runs the work and answers its result with the queries it made the database run. */
export async function queriesOf<T>(
  work: () => Promise<T>,
): Promise<{ result: T; queries: string[] }> {
  const queries: string[] = [];
  const result = await current.run(queries, work);
  return { result, queries };
}
