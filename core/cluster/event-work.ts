import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Delivered } from '../domain/events.ts';
import type { EventDispatch } from '../event-dispatch.ts';
import { decodeEntry } from './event-codec.ts';
import { PartitionOwnership } from './event-partitions.ts';
import type { RedisLink } from './redis-link.ts';
import { autoclaimReply, readStreamsReply, type StreamEntry } from './stream-reply.ts';

const GROUP = 'workers';
const READ_COUNT = 200;
const BLOCK_MS = 1_000;
/** events handed to this node's work handlers and not yet settled; beyond it reading pauses */
const MAX_IN_FLIGHT = 2_000;
/** a failing event is retried this many times, then acknowledged and logged */
const MAX_DELIVERIES = 5;

interface InFlight {
  partition: number;
  id: string;
  settled: Promise<void>;
}

/**
 * The work side of the cluster event bus (`EventBus.on`): this worker's share of the event partitions,
 * read through each partition's consumer group (`workers`). The entries of a partition are started in
 * stream order, so one charger's events are handled in order (handlers that await keep that order per
 * charger, e.g. with a KeyedQueue); an entry is acknowledged once its handlers settled. A partition that
 * comes to this worker is read only after the entries its previous reader left pending were taken over
 * and started. A failed entry is retried here after `claimIdleMs`, up to MAX_DELIVERIES times.
 */
export class PartitionedWork {
  private running = true;
  private loop: Promise<void> | undefined;
  private readonly ownership: PartitionOwnership;
  /** by `<partition> <entry id>`: entry ids are only unique within a stream */
  private readonly inFlight = new Map<string, InFlight>();
  /** partitions the read loop is reading or claiming from right now (their entries are not in flight yet) */
  private readonly reading = new Set<number>();
  private readonly acks = new Map<number, string[]>();
  private acksQueued = false;

  constructor(
    private readonly link: RedisLink,
    /** the stream of each partition */
    private readonly streams: readonly string[],
    private readonly handlers: EventDispatch,
    private readonly opts: { claimIdleMs: number },
    private readonly log: Logger,
  ) {
    this.ownership = new PartitionOwnership(
      link,
      { partitions: streams.length, leaseMs: opts.claimIdleMs },
      { taken: (p) => this.takeOver(p), drained: (p) => this.drained(p) },
      log,
    );
  }

  start(): void {
    if (this.loop) return;
    this.ownership.start();
    this.loop = this.consumeWork();
  }

  /** Entries whose handlers have not settled yet. */
  get busy(): number {
    return this.inFlight.size;
  }

  async settled(): Promise<void> {
    await Promise.allSettled([...this.inFlight.values()].map((f) => f.settled));
  }

  /**
   * Stops reading, lets running handlers settle and acknowledges them, and gives the partitions up so that
   * the other workers take them over at once rather than after `claimIdleMs`.
   */
  async close(): Promise<void> {
    this.running = false;
    await this.settled();
    if (!this.link.isUp) return;
    await this.sendAcks().catch(() => undefined);
    await this.ownership.stop().catch((err: unknown) => this.log.debug({ err }, 'giving up event partitions failed; they move after REDIS_CLAIM_IDLE_MS'));
  }

  /** The read loop ends when the link closes its connection (after `close`). */
  async stopped(): Promise<void> {
    await this.loop;
  }

  private async consumeWork(): Promise<void> {
    const r = this.link.open('events-work');
    const consumer = this.link.nodeId;
    const retryEveryMs = Math.max(50, Math.floor(this.opts.claimIdleMs / 3));
    let nextRetry = Date.now() + retryEveryMs;
    while (this.running) {
      try {
        while (this.inFlight.size >= MAX_IN_FLIGHT && this.running) await Promise.race([...this.inFlight.values()].map((f) => f.settled));
        const parts = this.ownership.readable();
        if (parts.length === 0) {
          await this.ownership.changed(BLOCK_MS);
          continue;
        }
        for (const p of parts) this.reading.add(p);
        try {
          if (Date.now() >= nextRetry) {
            nextRetry = Date.now() + retryEveryMs;
            await this.retryFailed(r, consumer, parts);
          }
          const block = Math.max(10, Math.min(BLOCK_MS, nextRetry - Date.now()));
          const read = readStreamsReply(await r.call('XREADGROUP', 'GROUP', GROUP, consumer, 'COUNT', READ_COUNT, 'BLOCK', block, 'STREAMS', ...parts.map((p) => this.streams[p]!), ...parts.map(() => '>')));
          // stopping: what was just read stays pending and goes to the next reader of its partition
          if (!this.running) return;
          for (const { stream, entries: list } of read) {
            const p = this.partitionOf(stream);
            if (p !== undefined) this.handle(p, list);
          }
        } finally {
          this.reading.clear();
        }
        await this.sendAcks(r);
      } catch (err) {
        if (!this.running) return;
        // the groups are gone (Redis came back empty): take the partitions again, which recreates them
        if (String(err).includes('NOGROUP')) this.ownership.forget();
        else this.log.debug({ err }, 'reading work from Redis failed; retrying');
        await this.link.whenUp(250);
      }
    }
  }

  /**
   * A partition just became ours: its group exists, and the entries its previous reader was handed and did
   * not acknowledge (a worker that died, or one that handed the partition on with failed entries) are
   * taken over and started, in stream order, before any new entry of the partition is read.
   */
  private async takeOver(p: number): Promise<void> {
    const stream = this.streams[p]!;
    try {
      // from the start of the stream: events published before the first worker ever ran are work too
      await this.link.cmd.call('XGROUP', 'CREATE', stream, GROUP, '0', 'MKSTREAM');
    } catch (err) {
      if (!String(err).includes('BUSYGROUP')) throw err;
    }
    let claimed = 0;
    let next = '0-0';
    do {
      const c = autoclaimReply(await this.link.cmd.call('XAUTOCLAIM', stream, GROUP, this.link.nodeId, 0, next, 'COUNT', READ_COUNT));
      if (!this.running) return;
      claimed += c.claimed.length;
      this.handle(p, c.claimed);
      for (const id of c.deleted) this.ack(p, id);
      next = c.next;
    } while (next !== '0-0');
    if (claimed > 0) this.log.info({ claimed, partition: p }, 'took over events a stopped worker had not finished');
  }

  /** Failed entries of our partitions are handled again once they have been idle for `claimIdleMs`. */
  private async retryFailed(r: Redis, consumer: string, parts: readonly number[]): Promise<void> {
    for (const p of parts) {
      const stream = this.streams[p]!;
      // entries still being handled here are not failed: their idle time starts again
      const running = [...this.inFlight.values()].filter((f) => f.partition === p).map((f) => f.id);
      if (running.length > 0) await r.call('XCLAIM', stream, GROUP, consumer, 0, ...running, 'JUSTID');
      const c = autoclaimReply(await r.call('XAUTOCLAIM', stream, GROUP, consumer, this.opts.claimIdleMs, '0-0', 'COUNT', READ_COUNT));
      this.handle(p, c.claimed);
      for (const id of c.deleted) this.ack(p, id);
    }
  }

  /** Nothing of partition `p` is being read or handled here, and its acknowledgements are sent. */
  private async drained(p: number): Promise<boolean> {
    if (this.reading.has(p)) return false;
    for (const f of this.inFlight.values()) if (f.partition === p) return false;
    await this.sendAcks();
    return (this.acks.get(p)?.length ?? 0) === 0;
  }

  /** Starts the handlers of each entry in stream order (per-charger order relies on it); acks as they settle. */
  private handle(p: number, list: StreamEntry[]): void {
    for (const e of list) {
      const key = `${p} ${e.id}`;
      if (this.inFlight.has(key)) continue;
      const event = e.fields ? decodeEntry(e, this.log) : undefined;
      if (!event) {
        this.ack(p, e.id);
        continue;
      }
      const result = this.handlers.deliver(event);
      if (result === true) {
        this.ack(p, e.id);
        continue;
      }
      const settled = Promise.resolve(result).then(
        (ok) => (ok ? this.ack(p, e.id) : this.failed(p, e.id, event)),
        () => undefined,
      );
      this.inFlight.set(key, { partition: p, id: e.id, settled });
      void settled.finally(() => this.inFlight.delete(key));
    }
  }

  /** A handler failed: the entry stays pending and is retried after `claimIdleMs`, up to MAX_DELIVERIES. */
  private async failed(p: number, id: string, event: Delivered): Promise<void> {
    try {
      const raw = (await this.link.cmd.call('XPENDING', this.streams[p]!, GROUP, id, id, '1')) as unknown[];
      const deliveries = Number((raw[0] as unknown[] | undefined)?.[3] ?? 0);
      if (deliveries >= MAX_DELIVERIES) {
        this.log.error({ eventId: event.id, event: event.type, chargerId: event.chargerId, deliveries }, 'event failed on every attempt: giving up on it');
        this.ack(p, id);
      }
    } catch (err) {
      this.log.debug({ err }, 'could not read the delivery count of a failed event');
    }
  }

  private ack(p: number, id: string): void {
    const list = this.acks.get(p);
    if (list) list.push(id);
    else this.acks.set(p, [id]);
    if (this.acksQueued) return;
    this.acksQueued = true;
    setImmediate(() => {
      this.acksQueued = false;
      void this.sendAcks().catch((err: unknown) => this.log.debug({ err }, 'acknowledging events failed; retrying'));
    });
  }

  private async sendAcks(r: Redis = this.link.cmd): Promise<void> {
    if (this.acks.size === 0 || !this.link.isUp) return;
    const batch = [...this.acks];
    this.acks.clear();
    const pipe = r.pipeline();
    for (const [p, ids] of batch) pipe.xack(this.streams[p]!, GROUP, ...ids);
    let failed: unknown;
    try {
      const replies = (await pipe.exec()) ?? [];
      batch.forEach(([p, ids], i) => {
        const err = replies[i]?.[0];
        if (err === undefined || err) this.requeueAcks(p, ids);
        if (err) failed = err;
      });
    } catch (err) {
      for (const [p, ids] of batch) this.requeueAcks(p, ids);
      failed = err;
    }
    if (failed) throw failed;
  }

  private requeueAcks(p: number, ids: string[]): void {
    this.acks.set(p, [...ids, ...(this.acks.get(p) ?? [])]);
  }

  private partitionOf(stream: string): number | undefined {
    const p = this.streams.indexOf(stream);
    return p < 0 ? undefined : p;
  }
}
