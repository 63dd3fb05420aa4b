/**
 * Sleeps that can be cut short: `sleep(ms)` resolves after `ms` or at the next `wakeAll()`, whichever is
 * first (a retry backoff that a shutdown ends, a poll that a change ends early).
 */
export class WakeableSleeps {
  private readonly sleeping = new Set<() => void>();

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleeping.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleeping.add(wake);
    });
  }

  wakeAll(): void {
    for (const wake of [...this.sleeping]) wake();
  }
}
