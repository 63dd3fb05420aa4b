import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { watchCharger } from '../../core/charger-watch.ts';
import type { DomainEvent } from '../../core/domain/events.ts';
import { LocalEventBus } from '../../core/event-bus.ts';

const at = new Date('2026-11-27T10:00:00Z');
const meter = (chargerId: string): DomainEvent => ({ type: 'meter.values', chargerId, at, connector: { evseId: 1, connectorId: 1 }, samples: [], transactionId: undefined });

/** A real bus that counts its broadcast subscriptions. */
function countingBus(): { bus: LocalEventBus; live: () => number } {
  const bus = new LocalEventBus(pino({ level: 'silent' }));
  let live = 0;
  const watch = bus.watch.bind(bus);
  bus.watch = ((type, handler) => {
    live++;
    const off = watch(type, handler);
    return () => {
      live--;
      off();
    };
  }) as typeof bus.watch;
  return { bus, live: () => live };
}

describe('watchCharger', () => {
  it("runs a waiter only for its own charger's events, through one subscription per type", async () => {
    const { bus, live } = countingBus();
    const seen: string[] = [];
    const offs = ['CP-1', 'CP-2', 'CP-2'].map((id, i) => watchCharger(bus, 'meter.values', id, (e) => void seen.push(`${i}:${e.chargerId}`)));
    expect(live()).toBe(1);
    bus.publish(meter('CP-2'));
    bus.publish(meter('CP-9'));
    await bus.idle();
    expect(seen).toEqual(['1:CP-2', '2:CP-2']);
    offs[1]!();
    bus.publish(meter('CP-2'));
    bus.publish(meter('CP-1'));
    await bus.idle();
    expect(seen).toEqual(['1:CP-2', '2:CP-2', '2:CP-2', '0:CP-1']);
    offs[0]!();
    offs[2]!();
    offs[2]!(); // twice is harmless
    expect(live()).toBe(0);
    // a new waiter after the last one left subscribes again
    const off = watchCharger(bus, 'meter.values', 'CP-1', (e) => void seen.push(`new:${e.chargerId}`));
    bus.publish(meter('CP-1'));
    await bus.idle();
    expect(seen.at(-1)).toBe('new:CP-1');
    expect(live()).toBe(1);
    off();
    expect(live()).toBe(0);
  });
});
