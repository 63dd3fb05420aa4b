import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitionOf } from '../../core/cluster/event-partitions.ts';
import { RedisEventBus } from '../../core/cluster/redis-event-bus.ts';
import { RedisLink } from '../../core/cluster/redis-link.ts';

// Real Redis (127.0.0.1:6379, as on our machines and in CI), a key prefix of its own.
describe('the cluster event stream', () => {
  const log = pino({ level: 'silent' });
  const keyPrefix = `cm-test-${randomBytes(4).toString('hex')}:`;
  let link: RedisLink;
  let bus: RedisEventBus;
  const PARTITIONS = 4;
  /** the stream of CP-1's partition */
  const stream = () => link.key(`events:${partitionOf('CP-1', PARTITIONS)}`);

  beforeAll(async () => {
    link = new RedisLink({ url: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix }, 'node-a', log);
    await link.connect();
    bus = new RedisEventBus(link, { eventsMaxLen: 10_000, claimIdleMs: 60_000, eventBufferMax: 1_000, eventPartitions: PARTITIONS, consume: false, broadcast: false }, log);
  });
  afterAll(async () => {
    await link.cmd.del(stream());
    await bus.close();
    await link.close();
    await bus.stopped();
  });

  it('carries domain events but not the per-message meter.values, which local watchers still see', async () => {
    const seen: string[] = [];
    const off = bus.watch('meter.values', (e) => void seen.push(e.chargerId));
    const at = new Date();
    bus.publish({ type: 'meter.values', chargerId: 'CP-1', at, connector: { evseId: 1, connectorId: 1 }, samples: [{ measurand: 'Voltage', value: 230, ts: at }], transactionId: undefined });
    bus.publish({ type: 'fault.reported', chargerId: 'CP-1', at, connector: { evseId: 1, connectorId: 1 }, fault: { source: 'status', code: 'GroundFailure' } });
    await bus.idle();
    off();
    expect(seen).toEqual(['CP-1']);
    const entries = (await link.cmd.xrange(stream(), '-', '+')) as Array<[string, string[]]>;
    const types = entries.map(([, fields]) => fields[fields.indexOf('t') + 1]);
    expect(types).toEqual(['fault.reported']);
    // once nobody here waits, meter.values are only counted
    bus.publish({ type: 'meter.values', chargerId: 'CP-1', at, connector: { evseId: 1, connectorId: 1 }, samples: [], transactionId: undefined });
    await bus.idle();
    expect(seen).toEqual(['CP-1']);
    expect(bus.published().get('meter.values')).toBe(2);
    expect(bus.published().get('fault.reported')).toBe(1);
  });
});
