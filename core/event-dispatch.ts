import type { Logger } from 'pino';
import type { Delivered, DomainEventType } from './domain/events.ts';
import type { EventHandler } from './event-bus.ts';

/**
 * Handlers by event type plus catch-all handlers, run in the order they subscribed. A failing handler is
 * logged and does not stop the others; `deliver` returns whether every handler settled without failing,
 * so a stream consumer acknowledges an event only once it was applied.
 */
export class EventDispatch {
  private readonly byType = new Map<DomainEventType, Set<EventHandler>>();
  private readonly any = new Set<EventHandler>();
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly log: Logger) {}

  add(type: DomainEventType | '*', handler: EventHandler): () => void {
    if (type === '*') {
      this.any.add(handler);
      return () => this.any.delete(handler);
    }
    let set = this.byType.get(type);
    if (!set) this.byType.set(type, (set = new Set()));
    set.add(handler);
    const s = set;
    return () => s.delete(handler);
  }

  /** true when nobody subscribed (a node can skip reading what no one here wants) */
  get empty(): boolean {
    return this.any.size === 0 && [...this.byType.values()].every((s) => s.size === 0);
  }

  wants(type: DomainEventType): boolean {
    return this.any.size > 0 || (this.byType.get(type)?.size ?? 0) > 0;
  }

  /** Starts every handler of `event` now (synchronously, in order); resolves true when all succeeded. */
  deliver(event: Delivered): Promise<boolean> | boolean {
    let waits: Array<Promise<boolean>> | undefined;
    let ok = true;
    // Handlers added or removed while these run are not seen by this event: the sets are copied first,
    // unless there is only one (MeterValues deliver here thousands of times a second).
    const typed = this.byType.get(event.type);
    const n = (typed?.size ?? 0) + this.any.size;
    if (n === 0) return true;
    const handlers = n === 1 ? [(typed?.size ? typed : this.any).values().next().value!] : [...(typed ?? []), ...this.any];
    for (const h of handlers) {
      const r = this.run(h, event);
      if (r === false) ok = false;
      else if (r !== true) (waits ??= []).push(r);
    }
    if (!waits) return ok;
    return Promise.all(waits).then((all) => ok && all.every(Boolean));
  }

  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private run(handler: EventHandler, event: Delivered): Promise<boolean> | boolean {
    let result: void | Promise<void>;
    try {
      result = handler(event);
    } catch (err) {
      this.failed(err, event);
      return false;
    }
    if (!(result instanceof Promise)) return true;
    const p = result.then(
      () => true,
      (err: unknown) => {
        this.failed(err, event);
        return false;
      },
    );
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
    return p;
  }

  private failed(err: unknown, event: Delivered): void {
    this.log.error({ err, event: event.type, eventId: event.id, chargerId: event.chargerId }, 'event handler failed');
  }
}
