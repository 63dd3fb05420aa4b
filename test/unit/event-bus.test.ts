import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { decodeEvent, encodeEvent } from '../../core/cluster/event-codec.ts';
import { partitionOf } from '../../core/cluster/event-partitions.ts';
import { autoclaimReply, readStreamsReply } from '../../core/cluster/stream-reply.ts';
import type { Delivered, DomainEvent } from '../../core/domain/events.ts';
import { LocalEventBus } from '../../core/event-bus.ts';
import { derivedEventId } from '../../core/event-ids.ts';

const log = pino({ level: 'silent' });
const at = new Date('2026-11-26T10:00:00.123Z');

describe('LocalEventBus', () => {
  it('gives every event an id; work and broadcast handlers both see it, in subscription order', async () => {
    const bus = new LocalEventBus(log);
    const seen: string[] = [];
    bus.on('charger.offline', (e) => void seen.push(`work:${e.id}`));
    bus.watch('charger.offline', (e) => void seen.push(`watch:${e.id}`));
    bus.onAny((e) => void seen.push(`any:${e.id}`));
    bus.publish({ type: 'charger.offline', chargerId: 'CP-1', at, lastSeenAt: at });
    bus.publish({ type: 'charger.offline', chargerId: 'CP-1', at, lastSeenAt: at }, { id: '6d2f1c1e-0000-4000-8000-000000000001' });
    await bus.idle();
    const [first, second] = [seen.slice(0, 3), seen.slice(3)];
    const id = first[0]!.split(':')[1]!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(first).toEqual([`work:${id}`, `watch:${id}`, `any:${id}`]);
    expect(second).toEqual(['work:6d2f1c1e-0000-4000-8000-000000000001', 'watch:6d2f1c1e-0000-4000-8000-000000000001', 'any:6d2f1c1e-0000-4000-8000-000000000001']);
  });

  it('counts every published event by type; an event nobody subscribed to reaches no one, a later watcher sees the next', async () => {
    const bus = new LocalEventBus(log);
    const mv = (): DomainEvent => ({ type: 'meter.values', chargerId: 'CP-1', at, connector: { evseId: 1, connectorId: 1 }, samples: [{ measurand: 'Voltage', value: 230, ts: at }], transactionId: undefined });
    const seen: string[] = [];
    bus.watch('charger.online', (e) => void seen.push(e.type));
    bus.publish(mv());
    bus.publish(mv());
    const off = bus.watch('meter.values', (e) => void seen.push(`${e.type}:${e.id.length}`));
    bus.publish(mv());
    off();
    bus.publish(mv());
    bus.publish({ type: 'charger.online', chargerId: 'CP-1', at });
    await bus.idle();
    expect(seen).toEqual(['meter.values:36', 'charger.online']);
    expect([...bus.published()]).toEqual([['meter.values', 4], ['charger.online', 1]]);
  });

  it('a failing handler is logged and does not stop the others', async () => {
    const bus = new LocalEventBus(log);
    let reached = false;
    bus.on('charger.online', () => {
      throw new Error('boom');
    });
    bus.watch('charger.online', async () => {
      await Promise.resolve();
      throw new Error('async boom');
    });
    bus.onAny(() => void (reached = true));
    bus.publish({ type: 'charger.online', chargerId: 'CP-1', at });
    await bus.idle();
    expect(reached).toBe(true);
  });
});

describe('derivedEventId', () => {
  it('is a stable UUID per cause and tag', () => {
    const a = derivedEventId('2b1d4c9e-1111-4222-8333-444455556666', 'offline');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(derivedEventId('2b1d4c9e-1111-4222-8333-444455556666', 'offline')).toBe(a);
    expect(derivedEventId('2b1d4c9e-1111-4222-8333-444455556666', 'online')).not.toBe(a);
  });
});

describe('event codec (stream entries)', () => {
  it.each<DomainEvent>([
    { type: 'charger.offline', chargerId: 'CP-1', at, lastSeenAt: new Date('2026-11-26T09:00:00Z') },
    { type: 'meter.values', chargerId: 'CP-1', at, connector: { evseId: 1, connectorId: 1 }, transactionId: undefined, samples: [{ measurand: 'Voltage', phase: 'L1', unit: 'V', value: 231.5, ts: at }] },
    // a payload string that looks like a date stays a string
    { type: 'data.transfer', chargerId: 'CP-1', at, vendorId: 'v', messageId: undefined, data: { when: '2026-11-26T10:00:00.000Z', $date: 'not a tag: two keys' } },
  ])('$type comes back equal, Dates as Dates', (event) => {
    const delivered = { ...event, id: 'e1' } as Delivered;
    const back = decodeEvent(encodeEvent(delivered));
    expect(back).toEqual(JSON.parse(JSON.stringify(delivered), (k, v: unknown) => (k === 'at' || k === 'lastSeenAt' || k === 'ts' ? new Date(v as string) : v)));
    expect(back.at).toBeInstanceOf(Date);
  });
});

describe('stream replies', () => {
  const entry = ['1-0', ['o', 'x', 't', 'charger.online', 'e', '{}']];
  const other = ['1-0', ['o', 'y', 't', 'charger.offline', 'e', '{}']];
  it.each([
    ['RESP2 [[key, entries], …]', [['cm:events:0', [entry]], ['cm:events:3', [other]]]],
    ['RESP3 flattened [key, entries, …]', ['cm:events:0', [entry], 'cm:events:3', [other]]],
  ])('XREAD(GROUP) over several streams, %s', (_name, raw) => {
    expect(readStreamsReply(raw)).toEqual([
      { stream: 'cm:events:0', entries: [{ id: '1-0', fields: { o: 'x', t: 'charger.online', e: '{}' } }] },
      { stream: 'cm:events:3', entries: [{ id: '1-0', fields: { o: 'y', t: 'charger.offline', e: '{}' } }] },
    ]);
  });
  it('nothing arrived', () => expect(readStreamsReply(null)).toEqual([]));
  it('XAUTOCLAIM: claimed, trimmed (null fields) and deleted ids', () => {
    expect(autoclaimReply(['0-0', [entry, ['2-0', null]], ['3-0']])).toEqual({
      next: '0-0',
      claimed: [
        { id: '1-0', fields: { o: 'x', t: 'charger.online', e: '{}' } },
        { id: '2-0', fields: null },
      ],
      deleted: ['3-0'],
    });
  });
});

describe('event partitions', () => {
  it('is FNV-1a of the charger id: pinned, since publishers and workers of different versions must agree', () => {
    expect(partitionOf('CP-1', 2 ** 32)).toBe(0x35f5cc80);
    expect(['CP-1', 'CP-2', 'MN-W-1', ''].map((id) => partitionOf(id, 16))).toEqual([0, 9, 8, 5]);
    expect(partitionOf('CP-2', 1)).toBe(0);
  });

  it('spreads chargers evenly enough over the partitions', () => {
    const counts = new Array<number>(16).fill(0);
    for (let i = 0; i < 16_000; i++) counts[partitionOf(`CP-${i}`, 16)]!++;
    expect(Math.min(...counts)).toBeGreaterThan(800);
    expect(Math.max(...counts)).toBeLessThan(1_200);
  });
});
