import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { RedisOptions } from '../config.ts';
import { NODE_LOCAL_EVENT_TYPES, type Delivered, type DomainEvent, type DomainEventType, type EventOf } from '../domain/events.ts';
import { PublishedCounts, type EventBus, type EventHandler, type PublishOptions } from '../event-bus.ts';
import { EventDispatch } from '../event-dispatch.ts';
import { decodeEntry, encodeEvent } from './event-codec.ts';
import { partitionOf } from './event-partitions.ts';
import { PartitionedWork } from './event-work.ts';
import type { RedisLink } from './redis-link.ts';
import { entries, readStreamsReply } from './stream-reply.ts';

export class WorkSubscriptionError extends Error {
  override name = 'WorkSubscriptionError';
}

export interface RedisEventBusOptions extends Pick<RedisOptions, 'eventsMaxLen' | 'claimIdleMs' | 'eventBufferMax' | 'eventPartitions'> {
  /** this node takes work (`on` handlers) from the consumer groups: the worker role, or `start` */
  consume: boolean;
  /** read other nodes' events from the start (api and worker nodes); otherwise from the first `watch` */
  broadcast: boolean;
}

const READ_COUNT = 200;
const BLOCK_MS = 1_000;

/**
 * The event bus of a node in multi-node mode. Events are appended to one of `eventPartitions` Redis Streams
 * (`<prefix>events:<p>`, each trimmed to its share of about `eventsMaxLen`), chosen by a hash of the
 * charger id, so that all events of a charger are in one stream, in the order they were published.
 * - work (`on`, `PartitionedWork`): each partition stream has a consumer group, and one worker at a time
 *   reads a partition (leases, partitions spread evenly over the live workers), starting the handlers of
 *   its entries in stream order: one charger's events are handled in order while chargers are spread over
 *   the workers. When a worker dies, its partitions move to the others after `claimIdleMs`, and the new
 *   reader takes over the entries left pending before it reads new ones — at least once, handlers idempotent.
 * - broadcast (`watch`, `onAny`): each node that subscribes reads every partition from where it joined;
 *   its own events reach its subscribers at once, without the round trip.
 * While Redis is unreachable, events wait in memory (bounded, oldest dropped first) and are appended in
 * order once it is back.
 */
export class RedisEventBus implements EventBus {
  private readonly work: EventDispatch;
  private readonly broadcast: EventDispatch;
  /** the stream of each partition, and back */
  private readonly streams: string[];
  private readonly partitionOfStream: Map<string, number>;
  private readonly maxLenPerStream: number;
  /** this process: its own events come back through the stream and are skipped by its broadcast reader */
  private readonly origin = randomUUID();
  private readonly outbox: Array<{ stream: string; type: string; json: string }> = [];
  private flushing: Promise<void> | undefined;
  private dropped = 0;
  private running = true;
  private readonly loops: Array<Promise<void>> = [];
  private readonly offUp: () => void;
  private readonly counts = new PublishedCounts();
  private reader: 'off' | 'on' = 'off';
  private worker: PartitionedWork | undefined;

  constructor(
    private readonly link: RedisLink,
    private readonly opts: RedisEventBusOptions,
    private readonly log: Logger,
  ) {
    this.work = new EventDispatch(log);
    this.broadcast = new EventDispatch(log);
    this.streams = Array.from({ length: opts.eventPartitions }, (_, p) => link.key(`events:${p}`));
    this.partitionOfStream = new Map(this.streams.map((s, p) => [s, p]));
    this.maxLenPerStream = Math.ceil(opts.eventsMaxLen / opts.eventPartitions);
    this.offUp = link.onUp(() => this.scheduleFlush());
    // before anyone waits for an event: a wait set up later must not miss what happens meanwhile
    if (opts.broadcast) this.startReader();
  }

  publish(event: DomainEvent, opts: PublishOptions = {}): void {
    this.counts.count(event.type);
    const local = NODE_LOCAL_EVENT_TYPES.has(event.type);
    // a node-local event nobody here subscribed to goes nowhere (LocalEventBus: meter.values)
    if (local && !this.broadcast.wants(event.type)) return;
    const delivered: Delivered = { ...event, id: opts.id ?? randomUUID() };
    void this.broadcast.deliver(delivered);
    if (local) return;
    if (this.outbox.length >= this.opts.eventBufferMax) {
      this.outbox.shift();
      if (this.dropped++ === 0) this.log.error({ bufferMax: this.opts.eventBufferMax }, 'event buffer full while Redis is unreachable: dropping the oldest events (REDIS_EVENT_BUFFER_MAX)');
    }
    this.outbox.push({ stream: this.streams[partitionOf(event.chargerId, this.opts.eventPartitions)]!, type: event.type, json: encodeEvent(delivered) });
    this.scheduleFlush();
  }

  on<T extends DomainEventType>(type: T, handler: EventHandler<EventOf<T>>): () => void {
    if (!this.opts.consume) throw new WorkSubscriptionError(`a work handler for ${type} on a node that takes no work (only worker and start nodes do)`);
    return this.work.add(type, handler as EventHandler);
  }

  /**
   * Starts taking work: joins the workers, takes its share of the partitions and reads them. Called once
   * every work handler is subscribed: an event taken before its handler exists would be acknowledged unhandled.
   */
  startConsuming(): void {
    if (!this.opts.consume) throw new WorkSubscriptionError('this node takes no work (only worker and start nodes do)');
    this.worker ??= new PartitionedWork(this.link, this.streams, this.work, { claimIdleMs: this.opts.claimIdleMs }, this.log);
    this.worker.start();
  }

  watch<T extends DomainEventType>(type: T, handler: EventHandler<EventOf<T>>): () => void {
    this.startReader();
    return this.broadcast.add(type, handler as EventHandler);
  }

  onAny(handler: EventHandler): () => void {
    this.startReader();
    return this.broadcast.add('*', handler);
  }

  published(): ReadonlyMap<DomainEventType, number> {
    return this.counts.byType;
  }

  /** Events buffered while Redis is unreachable (for logs and tests). */
  get buffered(): number {
    return this.outbox.length;
  }

  /** Handlers settled and the outbox published (as far as Redis takes it: bounded, never spins). */
  async idle(): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      if (this.link.isUp && this.outbox.length > 0) await this.flush();
      await this.worker?.settled();
      await this.broadcast.idle();
      await this.work.idle();
      if ((this.worker?.busy ?? 0) === 0 && (this.outbox.length === 0 || !this.link.isUp)) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /**
   * Stops reading, lets running handlers settle and acknowledges them, publishes what it can, and gives
   * its partitions up so that the other workers take them over at once rather than after `claimIdleMs`.
   */
  async close(): Promise<void> {
    this.running = false;
    this.offUp();
    await this.worker?.close();
    if (this.link.isUp) await this.flush().catch(() => undefined);
    if (this.outbox.length > 0) this.log.warn({ lost: this.outbox.length }, 'stopping with events not yet published (Redis unreachable)');
  }

  /** Loops end when the link closes their connections (after `close`). */
  async stopped(): Promise<void> {
    await Promise.allSettled([...this.loops, this.worker?.stopped()]);
  }

  private scheduleFlush(): void {
    if (!this.flushing && this.link.isUp) setImmediate(() => void this.flush());
  }

  private flush(): Promise<void> {
    this.flushing ??= this.drainOutbox().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async drainOutbox(): Promise<void> {
    while (this.outbox.length > 0 && this.link.isUp) {
      const batch = this.outbox.slice(0, 500);
      const p = this.link.cmd.pipeline();
      for (const e of batch) p.xadd(e.stream, 'MAXLEN', '~', this.maxLenPerStream, '*', 'o', this.origin, 't', e.type, 'e', e.json);
      let ok = 0;
      try {
        for (const [err] of (await p.exec()) ?? []) {
          if (err) break;
          ok++;
        }
      } catch (err) {
        this.log.debug({ err }, 'publishing events to Redis failed; kept for later');
      }
      this.outbox.splice(0, ok);
      if (ok < batch.length) return; // Redis went away: the rest waits for it to come back
    }
    if (this.dropped > 0 && this.outbox.length === 0) {
      this.log.warn({ dropped: this.dropped }, 'events dropped while Redis was unreachable');
      this.dropped = 0;
    }
  }

  private startReader(): void {
    if (this.reader === 'on') return;
    this.reader = 'on';
    this.loops.push(this.readBroadcast());
  }

  private async readBroadcast(): Promise<void> {
    const r = this.link.open('events-broadcast');
    // where this node is in each partition: from the end of each stream when it starts reading
    let last: string[] | undefined;
    while (this.running) {
      try {
        last ??= await this.streamEnds(r);
        const read = readStreamsReply(await r.call('XREAD', 'COUNT', READ_COUNT, 'BLOCK', BLOCK_MS, 'STREAMS', ...this.streams, ...last));
        for (const { stream, entries: list } of read) {
          const p = this.partitionOfStream.get(stream);
          if (p === undefined) continue;
          for (const e of list) {
            last[p] = e.id;
            if (!e.fields || e.fields.o === this.origin || !this.broadcast.wants(e.fields.t as DomainEventType)) continue;
            const event = decodeEntry(e, this.log);
            if (event) void this.broadcast.deliver(event);
          }
        }
      } catch (err) {
        if (!this.running) return;
        this.log.debug({ err }, 'reading events from Redis failed; retrying');
        await this.link.whenUp(250);
      }
    }
  }

  private async streamEnds(r: Redis): Promise<string[]> {
    const p = r.pipeline();
    for (const s of this.streams) p.xrevrange(s, '+', '-', 'COUNT', 1);
    const replies = (await p.exec()) ?? [];
    return this.streams.map((_, i) => {
      const [err, raw] = replies[i] ?? [new Error('no reply')];
      if (err) throw err;
      return entries(raw)[0]?.id ?? '0-0';
    });
  }
}
