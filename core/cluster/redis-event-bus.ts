import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { RedisOptions } from '../config.ts';
import { NODE_LOCAL_EVENT_TYPES, type Delivered, type DomainEvent, type DomainEventType, type EventOf } from '../domain/events.ts';
import type { EventBus, EventHandler, PublishOptions } from '../event-bus.ts';
import { EventDispatch } from '../event-dispatch.ts';
import { decodeEvent, encodeEvent } from './event-codec.ts';
import type { RedisLink } from './redis-link.ts';
import { autoclaimReply, entries, readReply, type StreamEntry } from './stream-reply.ts';

export class WorkSubscriptionError extends Error {
  override name = 'WorkSubscriptionError';
}

export interface RedisEventBusOptions extends Pick<RedisOptions, 'eventsMaxLen' | 'claimIdleMs' | 'eventBufferMax'> {
  /** this node takes work (`on` handlers) from the consumer group: the worker role, or `start` */
  consume: boolean;
  /** read other nodes' events from the start (api and worker nodes); otherwise from the first `watch` */
  broadcast: boolean;
}

const GROUP = 'workers';
const READ_COUNT = 200;
const BLOCK_MS = 1_000;
/** events handed to this node's work handlers and not yet settled; beyond it reading pauses */
const MAX_IN_FLIGHT = 2_000;
/** a failing event is retried (by any worker) this many times, then acknowledged and logged */
const MAX_DELIVERIES = 5;

/**
 * The event bus of a node in multi-node mode. Every event is appended to one Redis Stream
 * (`<prefix>events`, trimmed to about `eventsMaxLen`):
 * - work (`on`): workers read it as one consumer group, so each event is handled by one worker; an entry
 *   is acknowledged once its handlers settled, and the entries of a worker that died are claimed by
 *   another after `claimIdleMs` (XAUTOCLAIM) — at least once, handlers idempotent. A live worker keeps
 *   its slow entries from being claimed by re-claiming them for itself.
 * - broadcast (`watch`, `onAny`): each node that subscribes reads the whole stream from where it joined;
 *   its own events reach its subscribers at once, without the round trip.
 * While Redis is unreachable, events wait in memory (bounded, oldest dropped first) and are appended in
 * order once it is back.
 */
export class RedisEventBus implements EventBus {
  private readonly work: EventDispatch;
  private readonly broadcast: EventDispatch;
  private readonly stream: string;
  /** this process: its own events come back through the stream and are skipped by its broadcast reader */
  private readonly origin = randomUUID();
  private readonly outbox: Array<{ type: string; json: string }> = [];
  private flushing: Promise<void> | undefined;
  private dropped = 0;
  private running = true;
  private readonly loops: Array<Promise<void>> = [];
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly acks: string[] = [];
  private readonly offUp: () => void;
  private reader: 'off' | 'on' = 'off';
  private consumer: 'off' | 'on' = 'off';

  constructor(
    private readonly link: RedisLink,
    private readonly opts: RedisEventBusOptions,
    private readonly log: Logger,
  ) {
    this.work = new EventDispatch(log);
    this.broadcast = new EventDispatch(log);
    this.stream = link.key('events');
    this.offUp = link.onUp(() => this.scheduleFlush());
    // before anyone waits for an event: a wait set up later must not miss what happens meanwhile
    if (opts.broadcast) this.startReader();
  }

  publish(event: DomainEvent, opts: PublishOptions = {}): void {
    const delivered: Delivered = { ...event, id: opts.id ?? randomUUID() };
    void this.broadcast.deliver(delivered);
    if (NODE_LOCAL_EVENT_TYPES.has(event.type)) return;
    if (this.outbox.length >= this.opts.eventBufferMax) {
      this.outbox.shift();
      if (this.dropped++ === 0) this.log.error({ bufferMax: this.opts.eventBufferMax }, 'event buffer full while Redis is unreachable: dropping the oldest events (REDIS_EVENT_BUFFER_MAX)');
    }
    this.outbox.push({ type: event.type, json: encodeEvent(delivered) });
    this.scheduleFlush();
  }

  on<T extends DomainEventType>(type: T, handler: EventHandler<EventOf<T>>): () => void {
    if (!this.opts.consume) throw new WorkSubscriptionError(`a work handler for ${type} on a node that takes no work (only worker and start nodes do)`);
    return this.work.add(type, handler as EventHandler);
  }

  /**
   * Starts taking work from the consumer group. Called once every work handler is subscribed: an event
   * taken before its handler exists would be acknowledged unhandled.
   */
  startConsuming(): void {
    if (!this.opts.consume) throw new WorkSubscriptionError('this node takes no work (only worker and start nodes do)');
    if (this.consumer === 'on') return;
    this.consumer = 'on';
    this.loops.push(this.consumeWork());
  }

  watch<T extends DomainEventType>(type: T, handler: EventHandler<EventOf<T>>): () => void {
    this.startReader();
    return this.broadcast.add(type, handler as EventHandler);
  }

  onAny(handler: EventHandler): () => void {
    this.startReader();
    return this.broadcast.add('*', handler);
  }

  /** Events buffered while Redis is unreachable (for logs and tests). */
  get buffered(): number {
    return this.outbox.length;
  }

  /** Handlers settled and the outbox published (as far as Redis takes it: bounded, never spins). */
  async idle(): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      if (this.link.isUp && this.outbox.length > 0) await this.flush();
      await Promise.allSettled([...this.inFlight.values()]);
      await this.broadcast.idle();
      await this.work.idle();
      if (this.inFlight.size === 0 && (this.outbox.length === 0 || !this.link.isUp)) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Stops reading, lets running handlers settle and acknowledges them, publishes what it can. */
  async close(): Promise<void> {
    this.running = false;
    this.offUp();
    await Promise.allSettled([...this.inFlight.values()]);
    if (this.link.isUp) {
      await this.flush().catch(() => undefined);
      await this.sendAcks().catch(() => undefined);
    }
    if (this.outbox.length > 0) this.log.warn({ lost: this.outbox.length }, 'stopping with events not yet published (Redis unreachable)');
  }

  /** Loops end when the link closes their connections (after `close`). */
  async stopped(): Promise<void> {
    await Promise.allSettled(this.loops);
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
      for (const e of batch) p.xadd(this.stream, 'MAXLEN', '~', this.opts.eventsMaxLen, '*', 'o', this.origin, 't', e.type, 'e', e.json);
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
    let last = '$';
    while (this.running) {
      try {
        if (last === '$') last = lastId(await r.call('XREVRANGE', this.stream, '+', '-', 'COUNT', '1'));
        for (const e of readReply(await r.call('XREAD', 'COUNT', READ_COUNT, 'BLOCK', BLOCK_MS, 'STREAMS', this.stream, last))) {
          last = e.id;
          if (!e.fields || e.fields.o === this.origin || !this.broadcast.wants(e.fields.t as DomainEventType)) continue;
          const event = this.decode(e);
          if (event) void this.broadcast.deliver(event);
        }
      } catch (err) {
        if (!this.running) return;
        this.log.debug({ err }, 'reading events from Redis failed; retrying');
        await this.untilUp();
      }
    }
  }

  private async consumeWork(): Promise<void> {
    const r = this.link.open('events-work');
    const consumer = this.link.nodeId;
    let group = false;
    let nextClaim = 0;
    const claimEveryMs = Math.max(50, Math.floor(this.opts.claimIdleMs / 3));
    while (this.running) {
      try {
        if (!group) group = await this.createGroup(r);
        if (Date.now() >= nextClaim) {
          nextClaim = Date.now() + claimEveryMs;
          await this.keepClaimed(r, consumer);
          const c = autoclaimReply(await r.call('XAUTOCLAIM', this.stream, GROUP, consumer, this.opts.claimIdleMs, '0-0', 'COUNT', READ_COUNT));
          if (c.claimed.length > 0) this.log.info({ claimed: c.claimed.length }, 'took over events a stopped worker had not finished');
          this.handle(c.claimed);
          for (const id of c.deleted) this.ack(id);
        }
        while (this.inFlight.size >= MAX_IN_FLIGHT && this.running) await Promise.race(this.inFlight.values());
        const block = Math.max(10, Math.min(BLOCK_MS, nextClaim - Date.now()));
        this.handle(readReply(await r.call('XREADGROUP', 'GROUP', GROUP, consumer, 'COUNT', READ_COUNT, 'BLOCK', block, 'STREAMS', this.stream, '>')));
        await this.sendAcks(r);
      } catch (err) {
        if (!this.running) return;
        if (String(err).includes('NOGROUP')) group = false;
        else this.log.debug({ err }, 'reading work from Redis failed; retrying');
        await this.untilUp();
      }
    }
  }

  private async createGroup(r: Redis): Promise<boolean> {
    try {
      // from the start of the stream: events published before the first worker ever ran are work too
      await r.call('XGROUP', 'CREATE', this.stream, GROUP, '0', 'MKSTREAM');
    } catch (err) {
      if (!String(err).includes('BUSYGROUP')) throw err;
    }
    return true;
  }

  /** Resets the idle time of entries this node is still handling, so no other worker claims them. */
  private async keepClaimed(r: Redis, consumer: string): Promise<void> {
    const ids = [...this.inFlight.keys()];
    if (ids.length > 0) await r.call('XCLAIM', this.stream, GROUP, consumer, 0, ...ids, 'JUSTID');
  }

  /** Starts the handlers of each entry in stream order (per-charger order relies on it); acks as they settle. */
  private handle(list: StreamEntry[]): void {
    for (const e of list) {
      if (this.inFlight.has(e.id)) continue;
      const event = e.fields ? this.decode(e) : undefined;
      if (!event) {
        this.ack(e.id);
        continue;
      }
      const result = this.work.deliver(event);
      if (result === true) {
        this.ack(e.id);
        continue;
      }
      const p = Promise.resolve(result).then(
        (ok) => (ok ? this.ack(e.id) : this.failed(e.id, event)),
        () => undefined,
      );
      this.inFlight.set(e.id, p);
      void p.finally(() => this.inFlight.delete(e.id));
    }
  }

  /** A handler failed: the entry stays pending and is retried after `claimIdleMs`, up to MAX_DELIVERIES. */
  private async failed(id: string, event: Delivered): Promise<void> {
    try {
      const raw = (await this.link.cmd.call('XPENDING', this.stream, GROUP, id, id, '1')) as unknown[];
      const deliveries = Number((raw[0] as unknown[] | undefined)?.[3] ?? 0);
      if (deliveries >= MAX_DELIVERIES) {
        this.log.error({ eventId: event.id, event: event.type, chargerId: event.chargerId, deliveries }, 'event failed on every attempt: giving up on it');
        this.ack(id);
      }
    } catch (err) {
      this.log.debug({ err }, 'could not read the delivery count of a failed event');
    }
  }

  private ack(id: string): void {
    this.acks.push(id);
    if (this.acks.length === 1) setImmediate(() => void this.sendAcks().catch((err: unknown) => this.log.debug({ err }, 'acknowledging events failed; retrying')));
  }

  private async sendAcks(r: Redis = this.link.cmd): Promise<void> {
    if (this.acks.length === 0 || !this.link.isUp) return;
    const ids = this.acks.splice(0);
    try {
      await r.call('XACK', this.stream, GROUP, ...ids);
    } catch (err) {
      this.acks.unshift(...ids);
      throw err;
    }
  }

  private decode(e: StreamEntry): Delivered | undefined {
    try {
      return decodeEvent(e.fields!.e!);
    } catch (err) {
      this.log.error({ err, entry: e.id }, 'unreadable event in the stream: skipped');
      return undefined;
    }
  }

  private untilUp(): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, 250);
      if (this.link.isUp) return;
      const off = this.link.onUp(() => {
        off();
        clearTimeout(t);
        resolve();
      });
    });
  }
}

function lastId(raw: unknown): string {
  return entries(raw)[0]?.id ?? '0-0';
}
