import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { RedisEventBus } from '../../core/cluster/redis-event-bus.ts';
import { RedisLink } from '../../core/cluster/redis-link.ts';
import { clusterEnv, EVENT_PARTITIONS, REDIS_URL, workBacklog, type ClusterEnv } from './support/cluster-env.ts';
import { startNode, type ChildNode } from './support/nodes.ts';

// Two workers share the work, and one charger's events must still be applied in the order they were
// published: a fault and its clearing a moment later, handled by different workers in parallel, would
// leave the fault open for ever (the clear finds nothing to clear yet). Each round publishes a report and
// its clear back to back, on a connector of its own, so that every round that goes out of order leaves one
// open fault behind. The events come from a bus in this process, the way a gateway publishes them.

const ROUNDS = 40;
const CODE = { source: 'status', code: 'OtherError', vendorId: 'OrderTest', vendorCode: 'Flicker' } as const;

describe('multi-node: one charger, two workers', { timeout: 120_000 }, () => {
  let c: ClusterEnv;
  let dir: string;
  let workerA: ChildNode;
  let workerB: ChildNode;
  let link: RedisLink;
  let publisher: RedisEventBus;
  const chargerId = `MN-O-${process.pid}`;
  const log = pino({ level: 'silent' });

  /** partition → the node holding its lease (the lease value starts with the node id) */
  const owners = async () => {
    const values = await c.redis.mget(...Array.from({ length: EVENT_PARTITIONS }, (_, p) => `${c.prefix}events:owner:${p}`));
    return values.map((v) => v?.split(' ')[0] ?? null);
  };
  const publishRounds = async (from: number) => {
    for (let i = from; i < from + ROUNDS; i++) {
      const connector = { evseId: i + 1, connectorId: 1 };
      publisher.publish({ type: 'fault.reported', chargerId, at: new Date(), connector, fault: { ...CODE, info: `round ${i}` } });
      publisher.publish({ type: 'fault.cleared', chargerId, at: new Date(), connector, fault: { source: CODE.source, code: CODE.code } });
      await publisher.idle();
      // both workers idle again, waiting on Redis: the next report and its clear go to different readers
      // unless the bus keeps a charger's events together
      await expect.poll(() => workBacklog(c), { timeout: 10_000 }).toBe(0);
    }
  };
  const applied = async () => {
    await expect.poll(() => c.db.prisma.fault.count({ where: { chargerId } }), { timeout: 30_000 }).toBeGreaterThanOrEqual(ROUNDS);
    await expect.poll(() => workBacklog(c), { timeout: 30_000 }).toBe(0);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chargemend-order-'));
    // an operator's class for this vendor code: recorded, no ticket (the order is what is under test)
    const catalogue = join(dir, 'catalogue.json');
    writeFileSync(
      catalogue,
      JSON.stringify({
        version: 'order-test',
        entries: [
          {
            key: 'vendor:OrderTest:Flicker',
            title: 'Flicker',
            description: 'a vendor code that comes and goes',
            severity: 'transient',
            likelyCauses: [],
            checks: [],
            recommendedAction: 'none',
            selfHealing: { allowed: false, steps: [], waitForClearS: 60, allowDuringTransaction: false },
            outOfService: false,
            escalate: false,
            opensTicket: 'never',
            parts: [],
          },
        ],
      }),
    );
    c = await clusterEnv({ DIAGNOSIS_CATALOGUE_FILE: catalogue });
    [workerA, workerB] = await Promise.all([startNode('worker', { ...c.env, NODE_ID: `order-a-${process.pid}` }), startNode('worker', { ...c.env, NODE_ID: `order-b-${process.pid}` })]);
    // the workers have migrated the database by now
    await c.db.prisma.charger.create({ data: { id: chargerId } });
    link = new RedisLink({ url: REDIS_URL, keyPrefix: c.prefix }, `order-test-${process.pid}`, log);
    await link.connect();
    publisher = new RedisEventBus(link, { eventsMaxLen: 100_000, claimIdleMs: 1_500, eventBufferMax: 10_000, eventPartitions: EVENT_PARTITIONS, consume: false, broadcast: false }, log);
  });
  afterAll(async () => {
    await publisher?.close();
    await link?.close();
    await c?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the workers share the partitions: each read by exactly one of them', async () => {
    onTestFailed(async () => console.log(await owners(), [...workerA.logs, ...workerB.logs].filter((l) => !l.includes('"level":30')).join('\n')));
    await expect.poll(async () => new Set(await owners()), { timeout: 20_000 }).toEqual(new Set([workerA.nodeId, workerB.nodeId]));
    const held = await owners();
    expect(held.filter((o) => o === workerA.nodeId)).toHaveLength(EVENT_PARTITIONS / 2);
    expect(held.filter((o) => o === workerB.nodeId)).toHaveLength(EVENT_PARTITIONS / 2);
  });

  it('every clear is applied after the report it clears: no fault is left open', async () => {
    await publishRounds(0);
    await applied();
    expect(await c.db.prisma.fault.count({ where: { chargerId } })).toBe(ROUNDS);
    const open = await c.db.prisma.fault.findMany({ where: { chargerId, clearedAt: null }, select: { info: true } });
    expect(open.map((f) => f.info)).toEqual([]);
  });

  it('a worker killed with -9: the other takes over all partitions after REDIS_CLAIM_IDLE_MS, and order still holds', async () => {
    await workerA.kill('SIGKILL');
    await expect.poll(async () => new Set(await owners()), { timeout: 20_000 }).toEqual(new Set([workerB.nodeId]));
    await publishRounds(ROUNDS);
    await applied();
    expect(await c.db.prisma.fault.count({ where: { chargerId } })).toBe(2 * ROUNDS);
    expect(await c.db.prisma.fault.count({ where: { chargerId, clearedAt: null } })).toBe(0);
  });
});
