// One timer for a whole fleet: every periodic or delayed job of every virtual charger goes through a
// binary min-heap, and only the earliest deadline holds a Node timer. Ten thousand chargers with
// heartbeats, meter samples and fault clocks therefore cost a heap entry each, not a timer each.

export interface ScheduledJob {
  readonly at: number;
  cancel(): void;
}

interface Entry extends ScheduledJob {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

export class Scheduler {
  private heap: Entry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private seq = 0;
  private stopped = false;

  constructor(private readonly now: () => number = Date.now) {}

  /** Runs `fn` once after `delayMs`. */
  after(delayMs: number, fn: () => void): ScheduledJob {
    const entry: Entry = {
      at: this.now() + Math.max(0, delayMs),
      seq: this.seq++,
      fn,
      cancelled: false,
      cancel: () => {
        entry.cancelled = true;
      },
    };
    if (this.stopped) return entry;
    this.push(entry);
    this.arm();
    return entry;
  }

  /** Runs `fn` every `periodMs()` (re-read each time, so a changed interval applies from the next tick). */
  every(periodMs: () => number, fn: () => void): ScheduledJob {
    let current: ScheduledJob | undefined;
    let cancelled = false;
    const tick = (): void => {
      if (cancelled) return;
      current = this.after(periodMs(), () => {
        tick();
        fn();
      });
    };
    tick();
    return {
      get at() {
        return current?.at ?? Infinity;
      },
      cancel: () => {
        cancelled = true;
        current?.cancel();
      },
    };
  }

  get size(): number {
    return this.heap.length;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.heap = [];
  }

  private arm(): void {
    const top = this.heap[0];
    if (!top) return;
    if (top.at >= this.timerAt && this.timer) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = top.at;
    this.timer = setTimeout(() => this.run(), Math.max(0, top.at - this.now()));
  }

  private run(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = this.now();
    // Bounded batch so one tick never starves the event loop (a storm can make thousands due at once).
    let budget = 2000;
    while (budget-- > 0) {
      const top = this.heap[0];
      if (!top || top.at > now) break;
      this.pop();
      if (top.cancelled) continue;
      try {
        top.fn();
      } catch {
        // A job's own error handling is its business; one throwing job must not stop the fleet's clock.
      }
    }
    if (this.heap.length > 0) {
      if (budget <= 0) {
        this.timerAt = now;
        this.timer = setTimeout(() => this.run(), 0);
      } else this.arm();
    }
  }

  private less(a: Entry, b: Entry): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(e: Entry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop();
    if (!last || h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
