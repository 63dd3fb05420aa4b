/**
 * A token bucket: `capacity` tokens, refilled at `ratePerS`. take() is O(1) and allocation-free, so it
 * can sit in front of every frame a charger sends.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerS: number,
    private readonly capacity: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.ratePerS);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export interface ChargerRateLimit {
  /** sustained messages per second and the burst above it */
  ratePerS: number;
  rateBurst: number;
  /** refused messages (the allowance recovers one per second) before the connection is closed */
  maxRefusals: number;
}

export type RateVerdict = 'pass' | 'refuse' | 'close';

/**
 * The per-connection message rate policy: within the rate a message passes; above it it is refused (the
 * charger gets a CALLERROR and may retry later); a charger that keeps sending while refused is cut off.
 */
export class ChargerRateLimiter {
  private readonly messages: TokenBucket;
  private readonly refusals: TokenBucket;

  constructor(limit: ChargerRateLimit, now: () => number = Date.now) {
    this.messages = new TokenBucket(limit.ratePerS, limit.rateBurst, now);
    this.refusals = new TokenBucket(1, limit.maxRefusals, now);
  }

  check(): RateVerdict {
    if (this.messages.take()) return 'pass';
    return this.refusals.take() ? 'refuse' : 'close';
  }
}
