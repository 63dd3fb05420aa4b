import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Delivered, DomainEvent, DomainEventType, EventOf } from './domain/events.ts';
import { EventDispatch } from './event-dispatch.ts';

export type EventHandler<E extends DomainEvent = DomainEvent> = (event: Delivered<E>) => void | Promise<void>;

export interface PublishOptions {
  /**
   * The event's id when it is derived from another event (e.g. a synthetic fault from `charger.offline`):
   * a redelivered cause then yields the same id, which handlers de-duplicate. A UUID; default a new one.
   */
  id?: string | undefined;
}

/**
 * Where domain events go. Two kinds of subscription:
 * - `on` (work): each event is handled once in the whole deployment. In one process, by the in-process
 *   subscribers; with Redis, by one worker of a consumer group, at least once — handlers that write must
 *   be idempotent (`event.id`).
 * - `watch` / `onAny` (broadcast): every process that subscribes sees every event (live feed, waiting for a
 *   command's outcome, tests observing). Nothing that writes belongs here: it would run on every node.
 */
export interface EventBus {
  publish(event: DomainEvent, opts?: PublishOptions): void;
  on<T extends DomainEventType>(type: T, handler: EventHandler<EventOf<T>>): () => void;
  watch<T extends DomainEventType>(type: T, handler: EventHandler<EventOf<T>>): () => void;
  onAny(handler: EventHandler): () => void;
  /** Resolves when every handler started so far has settled (tests, shutdown). */
  idle(): Promise<void>;
  /** How many events this process has published, by type (metrics). */
  published(): ReadonlyMap<DomainEventType, number>;
}

/** Counts published events by type: a map increment, whether or not anyone handles the event. */
export class PublishedCounts {
  readonly byType = new Map<DomainEventType, number>();

  count(type: DomainEventType): void {
    this.byType.set(type, (this.byType.get(type) ?? 0) + 1);
  }
}

/**
 * In-process bus: work and broadcast subscriptions are the same thing, run in the order they subscribed.
 * An event nobody subscribed to is only counted: `meter.values` comes with every MeterValues, thousands a
 * second, and usually nobody waits for one — building and delivering it (id, copy) cost ~3–7 µs of the
 * gateway's ~45 µs per MeterValues (BENCHMARKS.md, "What changed" of 2026-11-27 10:20).
 */
export class LocalEventBus implements EventBus {
  private readonly handlers: EventDispatch;
  private readonly counts = new PublishedCounts();

  constructor(log: Logger) {
    this.handlers = new EventDispatch(log);
  }

  publish(event: DomainEvent, opts: PublishOptions = {}): void {
    this.counts.count(event.type);
    if (!this.handlers.wants(event.type)) return;
    void this.handlers.deliver({ ...event, id: opts.id ?? randomUUID() });
  }

  published(): ReadonlyMap<DomainEventType, number> {
    return this.counts.byType;
  }

  on<T extends DomainEventType>(type: T, handler: EventHandler<EventOf<T>>): () => void {
    return this.handlers.add(type, handler as EventHandler);
  }

  watch<T extends DomainEventType>(type: T, handler: EventHandler<EventOf<T>>): () => void {
    return this.handlers.add(type, handler as EventHandler);
  }

  onAny(handler: EventHandler): () => void {
    return this.handlers.add('*', handler);
  }

  idle(): Promise<void> {
    return this.handlers.idle();
  }
}
