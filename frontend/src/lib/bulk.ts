/** The outcome of one row of a bulk action. */
export type BulkOutcome<T> = { id: number; ok: true; value: T } | { id: number; ok: false; error: unknown };

/**
 * Runs `call` for each id, `concurrency` at a time, and reports every row's outcome in
 * the order of `ids`: one row failing never stops the others.
 */
export async function runBulk<T>(
  ids: readonly number[],
  call: (id: number) => Promise<T>,
  onProgress?: (done: number) => void,
  concurrency = 2,
): Promise<BulkOutcome<T>[]> {
  const outcomes: BulkOutcome<T>[] = new Array<BulkOutcome<T>>(ids.length);
  let next = 0;
  let done = 0;
  async function worker() {
    while (next < ids.length) {
      const index = next;
      next += 1;
      const id = ids[index] as number;
      try {
        outcomes[index] = { id, ok: true, value: await call(id) };
      } catch (error) {
        outcomes[index] = { id, ok: false, error };
      }
      done += 1;
      onProgress?.(done);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return outcomes;
}
