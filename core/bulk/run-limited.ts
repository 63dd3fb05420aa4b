/**
 * Runs `task` over `items` with at most `limit` running at once, in the order of `items`. A task that
 * throws never stops the others: its error goes to `onError`. Resolves when every task has settled.
 */
export async function runLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>, onError: (err: unknown, item: T) => void): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      try {
        await task(item);
      } catch (err) {
        onError(err, item);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
