import type { EventOf, DomainEventType } from './domain/events.ts';
import type { EventBus, EventHandler } from './event-bus.ts';

// Waiting for one charger's events of one type (a diagnosis or an after-repair check waiting for the
// MeterValues or StatusNotification it triggered). A `bus.watch` per waiter runs every waiter on every event
// of the type: with 150 diagnoses waiting and 10,000 MeterValues/s that was 1.5 million handler calls a
// second, and the gateway fell behind (bench/latency.ts). Here each bus has one broadcast subscription per
// type, and an event reaches only the waiters of its own charger.

type Waiters = Map<string, Set<EventHandler>>;

const subscriptions = new WeakMap<EventBus, Map<DomainEventType, { waiters: Waiters; off: () => void }>>();

/** Like `bus.watch(type, handler)` for the events of `chargerId` only. Returns the unsubscribe. */
export function watchCharger<T extends DomainEventType>(bus: EventBus, type: T, chargerId: string, handler: EventHandler<EventOf<T>>): () => void {
  let byType = subscriptions.get(bus);
  if (!byType) subscriptions.set(bus, (byType = new Map()));
  let sub = byType.get(type);
  if (!sub) {
    const waiters: Waiters = new Map();
    const off = bus.watch(type, (e) => {
      const set = waiters.get(e.chargerId);
      if (!set) return;
      for (const h of [...set]) void h(e);
    });
    byType.set(type, (sub = { waiters, off }));
  }
  const { waiters } = sub;
  let set = waiters.get(chargerId);
  if (!set) waiters.set(chargerId, (set = new Set()));
  const h = handler as EventHandler;
  set.add(h);
  const mine = set;
  return () => {
    mine.delete(h);
    if (mine.size > 0 || waiters.get(chargerId) !== mine) return;
    waiters.delete(chargerId);
    if (waiters.size > 0) return;
    // the last waiter of this type is gone: no subscription left running on every event
    sub.off();
    byType.delete(type);
  };
}
