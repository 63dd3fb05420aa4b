import type { Logger } from 'pino';
import { heartbeat, RedisLeases } from './redis-leases.ts';
import type { RedisLink } from './redis-link.ts';
import { WakeableSleeps } from '../util/wakeable-sleep.ts';

export class PartitionCountError extends Error {
  override name = 'PartitionCountError';
}

/**
 * The partition of a charger's events (FNV-1a over the UTF-16 code units of its id): the same on every node and in every version,
 * since a charger's events must all land in one stream to stay in order.
 */
export function partitionOf(chargerId: string, partitions: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < chargerId.length; i++) {
    h ^= chargerId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % partitions;
}

/**
 * Every node must split events the same way: a publisher with more partitions than the workers would write
 * to streams nobody reads. The first node records the count; a node configured otherwise does not start.
 */
export async function agreePartitionCount(link: RedisLink, partitions: number): Promise<void> {
  const key = link.key('events:partitions');
  await link.cmd.set(key, String(partitions), 'NX');
  const agreed = Number(await link.cmd.get(key));
  if (agreed !== partitions) {
    throw new PartitionCountError(
      `REDIS_EVENT_PARTITIONS is ${partitions} here but ${agreed} for the nodes already running (${key} in Redis): every node must use the same count`,
    );
  }
}

export interface PartitionHooks {
  /** A partition just taken: take over what its previous reader left pending, before new entries are read. */
  taken(partition: number): Promise<void>;
  /** Nothing of the partition is being read or handled here and its acknowledgements are sent: it may go. */
  drained(partition: number): Promise<boolean>;
}

type State = 'taking' | 'reading' | 'handing';

/**
 * Which event partitions this worker reads. Workers announce themselves in a membership set (`events:workers`,
 * expiring entries on Redis's clock); partition p belongs to the (p mod n)-th of the n live workers in name
 * order, which spreads partitions evenly. A lease per partition (`events:owner:<p>`) makes one worker at a
 * time read it: a worker that is to give a partition up stops reading it, lets what it holds settle, then
 * releases the lease; the next holder first takes over the entries left pending. A worker that stops
 * answering loses its leases and its membership after `leaseMs`, and its partitions go to the others.
 */
export class PartitionOwnership {
  private readonly owned = new Map<number, { state: State; heldUntil: number }>();
  private readonly leases: RedisLeases;
  private readonly tickMs: number;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private stopped = false;
  private readonly waiters = new WakeableSleeps();

  constructor(
    private readonly link: RedisLink,
    private readonly opts: { partitions: number; leaseMs: number },
    private readonly hooks: PartitionHooks,
    private readonly log: Logger,
  ) {
    this.leases = new RedisLeases(link.cmd, link.nodeId);
    // renewed several times per lease; at most every second so that handing over does not wait long
    this.tickMs = Math.max(30, Math.min(1_000, Math.floor(opts.leaseMs / 3)));
  }

  start(): void {
    this.schedule(0);
  }

  /** The partitions to read now: taken over, not being handed on, and the lease not run out locally. */
  readable(): number[] {
    const now = Date.now();
    const out: number[] = [];
    for (const [p, s] of this.owned) if (s.state === 'reading' && now < s.heldUntil) out.push(p);
    return out;
  }

  /** Resolves when the partitions change or after `ms`. */
  changed(ms: number): Promise<void> {
    return this.waiters.sleep(ms);
  }

  /** The groups are gone (Redis came back empty): take every partition again, as if new. */
  forget(): void {
    this.owned.clear();
  }

  /** Leaves: releases the leases and the membership, so the others take over at their next tick. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    const keys = [...this.owned.keys()].map((p) => this.leaseKey(p));
    this.owned.clear();
    this.notify();
    await this.leases.release(keys);
    await heartbeat(this.link.cmd, this.membersKey, this.link.nodeId, 0);
  }

  private get membersKey(): string {
    return this.link.key('events:workers');
  }

  private leaseKey(p: number): string {
    return this.link.key(`events:owner:${p}`);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick()
        .catch((err: unknown) => this.log.debug({ err }, 'event partition ownership: Redis did not answer; retrying'))
        .finally(() => {
          this.ticking = undefined;
          this.schedule(this.tickMs);
        });
    }, ms);
  }

  private async tick(): Promise<void> {
    if (!this.link.isUp) return;
    // name order, the same on every worker (the set itself is ordered by expiry)
    const members = (await heartbeat(this.link.cmd, this.membersKey, this.link.nodeId, this.opts.leaseMs)).sort();
    const me = members.indexOf(this.link.nodeId);
    const want = new Set<number>();
    if (me >= 0) for (let p = me; p < this.opts.partitions; p += members.length) want.add(p);
    const ask = [...new Set([...want, ...this.owned.keys()])];
    const askedAt = Date.now();
    const held = await this.leases.hold(
      ask.map((p) => this.leaseKey(p)),
      this.opts.leaseMs,
    );
    if (this.stopped) return;
    let changed = false;
    for (const p of ask) {
      const s = this.owned.get(p);
      const has = held.has(this.leaseKey(p));
      if (!has) {
        if (s) {
          this.owned.delete(p);
          changed = true;
          this.log.warn({ partition: p }, 'lost the lease of an event partition (not renewed in time): another worker reads it now');
        }
        continue;
      }
      const heldUntil = askedAt + this.opts.leaseMs;
      if (!s) {
        this.owned.set(p, { state: 'taking', heldUntil });
        void this.take(p);
        continue;
      }
      s.heldUntil = heldUntil;
      if (s.state === 'reading' && !want.has(p)) {
        s.state = 'handing';
        changed = true;
      } else if (s.state === 'handing' && want.has(p)) {
        s.state = 'reading';
        changed = true;
      }
    }
    for (const [p, s] of [...this.owned]) {
      if (s.state !== 'handing' || !(await this.hooks.drained(p))) continue;
      await this.leases.release([this.leaseKey(p)]);
      this.owned.delete(p);
      this.log.debug({ partition: p }, 'event partition handed on');
    }
    if (changed) this.notify();
  }

  private async take(p: number): Promise<void> {
    try {
      await this.hooks.taken(p);
      const s = this.owned.get(p);
      if (s?.state === 'taking') s.state = 'reading';
      this.notify();
    } catch (err) {
      // the lease is still ours: the next tick finds the partition held but not owned and takes it again
      this.owned.delete(p);
      this.log.debug({ err, partition: p }, 'taking over an event partition failed; retrying');
    }
  }

  private notify(): void {
    this.waiters.wakeAll();
  }
}
