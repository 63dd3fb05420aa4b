// Background work on a timer (lease renewal, SLA sweep, maintenance generation): one pass at a time — a slow
// pass is not overlapped by the next — and a stop that waits for the pass under way, so a shutdown closes
// the database only after it (before, a pass still running at shutdown logged "Cannot use a pool after
// calling end on the pool").

export interface Periodic {
  /** no new pass starts; resolves when the one under way, if any, has settled */
  stop(): Promise<void>;
}

/** Runs `pass` every `ms` (the timer does not keep the process alive); a failing pass goes to `failed`. */
export function runEvery(ms: number, pass: () => Promise<unknown>, failed: (err: unknown) => void): Periodic {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = pass()
      .then(() => undefined, failed)
      .finally(() => {
        running = undefined;
      });
  }, ms);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
