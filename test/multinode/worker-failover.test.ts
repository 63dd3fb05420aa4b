import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { entries } from '../../core/cluster/stream-reply.ts';
import type { VirtualCharger } from '../../simulator/virtual-charger.ts';
import { chargerAt, clusterEnv, eventStream, workBacklog, type ClusterEnv } from './support/cluster-env.ts';
import { startNode, type ChildNode } from './support/nodes.ts';

// Events reach workers at least once: a worker that dies holding an event leaves it pending, another worker
// claims it, and the handlers' idempotency keeps a redelivery from making a second fault or occurrence.

describe('multi-node: a worker killed while it holds a fault event', { timeout: 120_000 }, () => {
  let c: ClusterEnv;
  let gw: ChildNode;
  let workerA: ChildNode;
  let workerB: ChildNode;
  let charger: VirtualCharger;
  const chargerId = `MN-W-${process.pid}`;
  const stream = () => eventStream(c, chargerId);

  /** the stream entry of this charger's fault.reported */
  const faultEntry = async () => {
    const all = entries(await c.redis.call('XRANGE', stream(), '-', '+'));
    return all.find((e) => e.fields?.t === 'fault.reported' && e.fields.e?.includes(chargerId));
  };
  const pendingOwner = async (id: string) => {
    const raw = (await c.redis.call('XPENDING', stream(), 'workers', id, id, '1')) as unknown[][];
    return raw[0]?.[1] as string | undefined;
  };

  beforeAll(async () => {
    c = await clusterEnv();
    [gw, workerA] = await Promise.all([startNode('gateway', c.env), startNode('worker', { ...c.env, NODE_ID: `worker-a-${process.pid}` })]);
    // no periodic meter values: the fault must be the next event the frozen worker is handed
    charger = await chargerAt(gw.ocppUrl!, chargerId, '1.6', { meterValueSampleIntervalS: 86_400 });
  });
  afterAll(async () => {
    await charger?.stop();
    await c?.close();
  });

  it('the event it held is claimed by another worker: one fault, one ticket, diagnosed through the gateway', async () => {
    onTestFailed(() => console.log([...(workerB?.logs ?? []), ...gw.logs].filter((l) => !l.includes('"level":30')).join('\n')));
    // the boot's status notifications (connectors 0 and 1) are in, and worker A has finished everything so far
    await expect.poll(async () => entries(await c.redis.call('XRANGE', stream(), '-', '+')).filter((e) => e.fields?.t === 'connector.status').length, { timeout: 10_000 }).toBe(2);
    await expect.poll(() => workBacklog(c), { timeout: 10_000 }).toBe(0);
    // frozen while blocked in its read of the group (not between two reads): Redis hands it the next entry
    const blockedInRead = async () =>
      ((await c.redis.call('CLIENT', 'LIST')) as string).split('\n').some((l) => l.includes(`name=chargemend:${workerA.nodeId}:`) && / flags=b /.test(l) && / cmd=xreadgroup /.test(l));
    await expect.poll(blockedInRead, { timeout: 10_000 }).toBe(true);
    workerA.freeze();
    // an error code without a status change: one event, nothing published alongside it
    charger.injectFault({ kind: 'status-error', errorCode: 'GroundFailure', connectorId: 1, clearsBy: 'repair', faulted: false });
    // the frozen worker was blocked reading the group: Redis hands it the entry, which stays pending there
    await expect.poll(async () => (await faultEntry())?.id, { timeout: 10_000 }).toBeDefined();
    const entry = (await faultEntry())!;
    // Redis hands a new entry to a blocked reader within the XADD itself, so its owner is settled by now.
    // A's blocking read lasts at most a second (less when a retry is due): if it ran out between the look
    // above and the entry's arrival, A sits frozen between two reads and the entry is still unread. Then
    // the test reads it as A's consumer — the state a worker leaves that read the event and died.
    if ((await pendingOwner(entry.id)) === undefined) {
      await c.redis.call('XREADGROUP', 'GROUP', 'workers', workerA.nodeId, 'COUNT', '100', 'STREAMS', stream(), '>');
    }
    expect(await pendingOwner(entry.id)).toBe(workerA.nodeId);
    await workerA.kill('SIGKILL');

    workerB = await startNode('worker', { ...c.env, NODE_ID: `worker-b-${process.pid}` });
    await workerB.logLine(/took over events a stopped worker had not finished/);
    await expect.poll(() => c.db.prisma.ticket.count({ where: { chargerId } }), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => pendingOwner(entry.id), { timeout: 10_000 }).toBeUndefined();

    const faults = await c.db.prisma.fault.findMany({ where: { chargerId, code: 'GroundFailure' } });
    expect(faults).toHaveLength(1);
    const ticket = await c.db.prisma.ticket.findFirstOrThrow({ where: { chargerId } });
    expect(ticket).toMatchObject({ occurrences: 1, faultClass: 'ocpp16:GroundFailure' });
    expect(faults[0]!.ticketId).toBe(ticket.id);
    // the new worker's safety response went through Redis to the gateway holding the charger
    const outOfService = await c.db.prisma.command.findFirst({ where: { chargerId, kind: 'changeAvailability' } });
    expect(outOfService).not.toBeNull();
    await expect.poll(async () => (await c.db.prisma.command.findUniqueOrThrow({ where: { id: outOfService!.id } })).status, { timeout: 10_000 }).toBe('succeeded');
  });

  it('the same event delivered again changes nothing', async () => {
    const entry = (await faultEntry())!;
    await c.redis.call('XADD', stream(), '*', 'o', 'test-redelivery', 't', entry.fields!.t!, 'e', entry.fields!.e!);
    await workerB.logLine(/fault event delivered again/);
    expect(await c.db.prisma.fault.count({ where: { chargerId, code: 'GroundFailure' } })).toBe(1);
    const ticket = await c.db.prisma.ticket.findFirstOrThrow({ where: { chargerId } });
    expect(ticket.occurrences).toBe(1);
    expect(await c.db.prisma.ticketEvent.count({ where: { ticketId: ticket.id, type: 'occurrence' } })).toBe(0);
  });
});
