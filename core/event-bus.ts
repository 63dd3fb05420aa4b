import type { Logger } from 'pino';
import type { DomainEvent, DomainEventType, EventOf } from './domain/events.ts';

export type EventHandler<E extends DomainEvent = DomainEvent> = (event: E) => void | Promise<void>;

/**
 * Where domain events go. In one process: delivered in order to in-process subscribers. With Redis
 * (scale-out), a stream consumed by workers; handlers must be idempotent (at-least-once delivery).
 */
export interface EventBus {
  publish(event: DomainEvent): void;
  on<T extends DomainEventType>(type: T, handler: EventHandler<EventOf<T>>): () => void;
  onAny(handler: EventHandler): () => void;
  /** Resolves when every handler started so far has settled (tests, shutdown). */
  idle(): Promise<void>;
}

/** In-process bus. A failing handler is logged and does not stop the others or the publisher. */
export class LocalEventBus implements EventBus {
  private readonly byType = new Map<DomainEventType, Set<EventHandler>>();
  private readonly any = new Set<EventHandler>();
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly log: Logger) {}

  publish(event: DomainEvent): void {
    for (const h of this.byType.get(event.type) ?? []) this.run(h, event);
    for (const h of this.any) this.run(h, event);
  }

  on<T extends DomainEventType>(type: T, handler: EventHandler<EventOf<T>>): () => void {
    let set = this.byType.get(type);
    if (!set) this.byType.set(type, (set = new Set()));
    const h = handler as EventHandler;
    set.add(h);
    return () => set.delete(h);
  }

  onAny(handler: EventHandler): () => void {
    this.any.add(handler);
    return () => this.any.delete(handler);
  }

  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private run(handler: EventHandler, event: DomainEvent): void {
    let result: void | Promise<void>;
    try {
      result = handler(event);
    } catch (err) {
      this.log.error({ err, event: event.type, chargerId: event.chargerId }, 'event handler failed');
      return;
    }
    if (result instanceof Promise) {
      const p = result.catch((err: unknown) => {
        this.log.error({ err, event: event.type, chargerId: event.chargerId }, 'event handler failed');
      });
      this.pending.add(p);
      void p.finally(() => this.pending.delete(p));
    }
  }
}
