import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { RedisOptions } from '../config.ts';

export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

type Listener = () => void;

/**
 * This node's connections to Redis, and whether Redis is reachable. One connection serves commands;
 * blocking reads and subscriptions get their own (`open`). The command connection fails fast while
 * Redis is down (no offline queue): callers buffer or answer with a clear error rather than hang.
 * Connection loss is logged once at warn, recovery once at info; reconnecting never stops.
 */
export class RedisLink {
  readonly cmd: Redis;
  private readonly extra = new Set<Redis>();
  private up = false;
  private wasUp = false;
  private closing = false;
  private readonly upListeners = new Set<Listener>();
  private readonly downListeners = new Set<Listener>();

  constructor(
    private readonly opts: Pick<RedisOptions, 'url' | 'keyPrefix'>,
    readonly nodeId: string,
    private readonly log: Logger,
  ) {
    this.cmd = this.create('cmd', false);
    this.cmd.on('ready', () => this.changed(true));
    this.cmd.on('close', () => this.changed(false));
  }

  /** Resolves once connected; rejects with a one-line reason when Redis cannot be reached at start. */
  async connect(timeoutMs = 5_000): Promise<void> {
    if (this.up) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new RedisUnavailableError(`Redis at ${this.where} is unreachable (REDIS_URL); multi-node mode needs it`));
      }, timeoutMs);
      const off = this.onUp(() => {
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }

  get where(): string {
    const u = new URL(this.opts.url);
    return `${u.hostname}:${u.port || '6379'}`;
  }

  get isUp(): boolean {
    return this.up;
  }

  key(name: string): string {
    return `${this.opts.keyPrefix}${name}`;
  }

  /** A further connection (blocking reads, subscriptions); it queues while reconnecting. */
  open(role: string): Redis {
    const r = this.create(role, true);
    this.extra.add(r);
    return r;
  }

  onUp(l: Listener): () => void {
    this.upListeners.add(l);
    if (this.up) queueMicrotask(() => this.upListeners.has(l) && l());
    return () => this.upListeners.delete(l);
  }

  /** Resolves once Redis is reachable, or after `maxMs` (a loop retrying against it). */
  whenUp(maxMs: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, maxMs);
      if (this.up) return;
      const off = this.onUp(() => {
        off();
        clearTimeout(t);
        resolve();
      });
    });
  }

  onDown(l: Listener): () => void {
    this.downListeners.add(l);
    return () => this.downListeners.delete(l);
  }

  /** For /readyz: connected and answering. */
  async ping(): Promise<boolean> {
    if (!this.up) return false;
    return (await this.cmd.ping()) === 'PONG';
  }

  async close(): Promise<void> {
    this.closing = true;
    this.upListeners.clear();
    this.downListeners.clear();
    await Promise.all([this.cmd, ...this.extra].map((r) => r.quit().catch(() => r.disconnect())));
  }

  private create(role: string, offlineQueue: boolean): Redis {
    const r = new Redis(this.opts.url, {
      connectionName: `chargemend:${this.nodeId}:${role}`,
      enableOfflineQueue: offlineQueue,
      maxRetriesPerRequest: offlineQueue ? null : 0,
      // keep trying, at most every 2 s: recovery without a restart (issue 9)
      retryStrategy: (times) => Math.min(100 * times, 2_000),
    });
    // ioredis reports every failed reconnect attempt as an error; the link logs the state change once
    r.on('error', (err: Error) => this.log.debug({ err, role }, 'redis connection error'));
    return r;
  }

  private changed(up: boolean): void {
    if (up === this.up || this.closing) return;
    this.up = up;
    if (up) {
      if (this.wasUp) this.log.info({ redis: this.where }, 'Redis reachable again: multi-node mode restored (buffered events are being published)');
      this.wasUp = true;
      for (const l of [...this.upListeners]) l();
    } else {
      if (this.wasUp) {
        this.log.warn(
          { redis: this.where },
          'Redis connection lost: running degraded — events are buffered in memory, commands to chargers on other nodes fail, presence is not refreshed; reconnecting',
        );
      }
      for (const l of [...this.downListeners]) l();
    }
  }
}
