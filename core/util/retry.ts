/**
 * Runs `fn` until it succeeds, waiting `delaysMs[i]` after the i-th failure; after the last delay's attempt
 * fails (or once `stopped()` says so) that failure is thrown. `failed` hears of each failure that is retried.
 */
export async function retrying<T>(
  fn: () => Promise<T>,
  delaysMs: readonly number[],
  opts: { failed?(err: unknown, attempt: number, retryInMs: number): void; sleep?(ms: number): Promise<void>; stopped?(): boolean } = {},
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const waitMs = delaysMs[attempt];
      if (waitMs === undefined || opts.stopped?.()) throw err;
      opts.failed?.(err, attempt + 1, waitMs);
      await (opts.sleep ? opts.sleep(waitMs) : new Promise((r) => setTimeout(r, waitMs)));
    }
  }
}
