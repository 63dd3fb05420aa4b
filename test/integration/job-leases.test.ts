import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BulkCommandRunner } from '../../core/bulk/bulk-command-runner.ts';
import type { JobLease } from '../../core/bulk/job-lease.ts';
import { systemClock } from '../../core/campaigns/campaign-clock.ts';
import { RESTART_REASON } from '../../core/campaigns/campaign-leases.ts';
import { CampaignRunner } from '../../core/campaigns/campaign-runner.ts';
import type { CommandRecord, IssueCommand } from '../../core/commands/command-service.ts';
import { MIGRATIONS_DIR, openDatabase, type Database } from '../../core/db/database.ts';
import type { Prisma } from '../../core/db/generated/client.ts';
import { migrate } from '../../core/db/migrator.ts';
import { LocalEventBus } from '../../core/event-bus.ts';
import { createTestDatabase, type TestDatabase } from '../support/pg.ts';

// Bulk jobs and firmware campaigns are held by the node running them under a lease (core/bulk/job-lease.ts).
// Several runners on one real PostgreSQL database stand for api nodes: a node starting takes only the work
// of nodes that are gone (its own from before a restart, expired leases), live nodes keep theirs by
// renewing, and a node that took over sends what is left without sending any charger twice.

const log = pino({ level: 'silent' });
const requester = { actor: 'user:00000000-0000-4000-8000-000000000001', actorLabel: 'lead@example.com', actorRole: 'supervisor', via: 'session' as const };
const image = { id: randomUUID(), url: 'http://cms.test/firmware/x/fw-3.0.bin', version: '3.0', model: null };
const past = () => new Date(Date.now() - 60_000);
const future = () => new Date(Date.now() + 60_000);

describe('job leases: which node runs a bulk job or a firmware campaign', { timeout: 60_000 }, () => {
  let tdb: TestDatabase;
  let db: Database;
  const bus = new LocalEventBus(log);
  const issued: CommandRecord[] = [];
  /** chargers whose command is held until the test lets it go */
  const held = new Map<string, Promise<void>>();

  const commands = {
    async issue(input: IssueCommand): Promise<CommandRecord> {
      await held.get(input.chargerId);
      const row = await db.prisma.command.create({
        data: { chargerId: input.chargerId, kind: input.command.kind, params: input.command as Prisma.InputJsonValue, status: 'accepted', requestedBy: input.requestedBy, sentAt: new Date() },
      });
      issued.push(row);
      return row;
    },
  };
  const campaignRunner = (owner: string, leaseMs = 60_000) =>
    new CampaignRunner({ prisma: db.prisma, commands, bus, clock: systemClock, now: () => new Date(), sendConcurrency: 1, lease: { owner, leaseMs }, log });
  const bulkRunner = (lease: JobLease) => new BulkCommandRunner({ prisma: db.prisma, commands, now: () => new Date(), lease, log });
  const chargers = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

  /** a campaign as some node left it: one wave over `items` */
  const campaignRow = (over: Partial<Prisma.FirmwareCampaignCreateInput>, items: Array<{ chargerId: string; status?: 'pending' | 'sent' | 'succeeded'; commandId?: string }>) =>
    db.prisma.firmwareCampaign.create({
      data: {
        imageId: image.id,
        firmwareUrl: image.url,
        version: image.version,
        filter: { ids: items.map((i) => i.chargerId) },
        canaryPercent: 0,
        waveSize: items.length,
        pauseS: 0,
        maxFailureRate: 1,
        waves: 1,
        requestedBy: requester.actor,
        requester: { via: 'session' },
        ...over,
        items: { create: items.map((i) => ({ wave: 0, ...i })) },
      },
    });
  const bulkRow = (over: Partial<Prisma.BulkCommandJobCreateInput>, ids: string[]) =>
    db.prisma.bulkCommandJob.create({
      data: {
        command: { kind: 'clearCache' },
        filter: { ids },
        concurrency: 1,
        requestedBy: requester.actor,
        requester: { via: 'session' },
        total: ids.length,
        ...over,
        items: { create: ids.map((chargerId, i) => ({ chargerId, status: i === 0 ? 'sent' : 'pending' })) },
      },
    });
  const commandRow = (chargerId: string) =>
    db.prisma.command.create({ data: { chargerId, kind: 'updateFirmware', params: { kind: 'updateFirmware', url: image.url }, status: 'accepted', requestedBy: requester.actor } });
  /** the charger reports Installed: the command's row changes and command.updated is published */
  const installed = async (commandId: string) => {
    const c = await db.prisma.command.update({ where: { id: commandId }, data: { status: 'succeeded', completedAt: new Date() } });
    bus.publish({ type: 'command.updated', chargerId: c.chargerId, at: new Date(), commandId, kind: c.kind, status: 'succeeded', ticketId: undefined, requestedBy: c.requestedBy });
  };
  const campaign = (id: string) => db.prisma.firmwareCampaign.findUniqueOrThrow({ where: { id }, include: { items: { orderBy: { chargerId: 'asc' } } } });
  const job = (id: string) => db.prisma.bulkCommandJob.findUniqueOrThrow({ where: { id }, include: { items: { orderBy: { chargerId: 'asc' } } } });

  beforeAll(async () => {
    tdb = await createTestDatabase('cm_leases');
    db = await openDatabase({ databaseUrl: tdb.url, dataDir: '/nonexistent', log });
    await db.withSession((s) => migrate(s, { migrationsDir: MIGRATIONS_DIR, log }));
    await db.prisma.charger.createMany({ data: ['S', 'R', 'F', 'T'].flatMap((p) => chargers(p, 6)).map((id) => ({ id, model: id.split('-')[0]! })) });
  });
  afterAll(async () => {
    await db?.close();
    await tdb?.drop();
  });

  it('a node starting takes only the work whose node is gone (its own from before the restart, expired leases) and leaves live nodes alone', async () => {
    const [s0, s1, s2, s3, s4, s5] = chargers('S', 6) as [string, string, string, string, string, string];
    const inFlight = await commandRow(s3);
    // node A is alive and in the middle of sending: s0 claimed, its command not issued yet
    const live = await campaignRow({ ownerNode: 'node-a', leaseExpiresAt: future() }, [{ chargerId: s0, status: 'sent' }, { chargerId: s1 }]);
    // node X died while sending: s2 claimed but never sent, s3's update on its way, s4 not reached
    const orphan = await campaignRow({ ownerNode: 'node-x', leaseExpiresAt: past() }, [{ chargerId: s2, status: 'sent' }, { chargerId: s3, status: 'sent', commandId: inFlight.id }, { chargerId: s4 }]);
    // this very node (same NODE_ID) before its restart, lease still running
    const mine = await campaignRow({ ownerNode: 'node-b', leaseExpiresAt: future() }, [{ chargerId: s5 }]);
    const haltedOrphan = await campaignRow({ ownerNode: 'node-x', leaseExpiresAt: past(), status: 'halted', statusReason: 'canary wave: 1 of 1 chargers failed' }, [{ chargerId: s0, status: 'succeeded' }]);
    const finished = await campaignRow({ ownerNode: 'node-x', leaseExpiresAt: past(), status: 'completed' }, [{ chargerId: s1, status: 'succeeded' }]);
    const liveJob = await bulkRow({ ownerNode: 'node-a', leaseExpiresAt: future() }, [s0, s1]);
    const orphanJob = await bulkRow({ ownerNode: 'node-x', leaseExpiresAt: past() }, [s2, s3]);
    const mineJob = await bulkRow({ ownerNode: 'node-b', leaseExpiresAt: future() }, [s4, s5]);

    const b = campaignRunner('node-b');
    const bBulk = bulkRunner({ owner: 'node-b', leaseMs: 60_000 });
    await b.start();
    expect(await bBulk.recover()).toBe(2);
    await b.idle();

    expect(await campaign(live.id)).toMatchObject({ status: 'running', statusReason: null, ownerNode: 'node-a', items: [{ status: 'sent', error: null }, { status: 'pending' }] });
    expect(await campaign(orphan.id)).toMatchObject({
      status: 'paused',
      statusReason: 'paused: node node-x, which was running it, stopped (its lease ran out); resume it once the fleet has reconnected',
      ownerNode: 'node-b',
      items: [{ status: 'failed', error: 'interrupted: node node-x stopped while sending' }, { status: 'sent' }, { status: 'pending' }],
    });
    expect(await campaign(mine.id)).toMatchObject({ status: 'paused', statusReason: RESTART_REASON, ownerNode: 'node-b' });
    expect(await campaign(haltedOrphan.id)).toMatchObject({ status: 'halted', statusReason: 'canary wave: 1 of 1 chargers failed', ownerNode: 'node-b' });
    expect(await campaign(finished.id)).toMatchObject({ status: 'completed', ownerNode: 'node-x' });
    expect(await job(liveJob.id)).toMatchObject({ status: 'running', finishedAt: null, items: [{ status: 'sent' }, { status: 'pending' }] });
    expect(await job(orphanJob.id)).toMatchObject({ status: 'interrupted', items: [{ status: 'failed', error: 'interrupted: node node-x stopped before this charger was reached' }, { status: 'failed' }] });
    expect(await job(mineJob.id)).toMatchObject({ status: 'interrupted', items: [{ status: 'failed', error: 'interrupted: the server stopped before this charger was reached' }, { status: 'failed' }] });
    expect(issued).toHaveLength(0);

    // the update node X sent is followed by the node that took its campaign over
    await installed(inFlight.id);
    await b.idle();
    expect((await campaign(orphan.id)).items[1]).toMatchObject({ chargerId: s3, status: 'succeeded' });

    // node A dies now: once its lease has run out, node B's next check pauses and interrupts its work
    await db.prisma.firmwareCampaign.update({ where: { id: live.id }, data: { leaseExpiresAt: past() } });
    await db.prisma.bulkCommandJob.update({ where: { id: liveJob.id }, data: { leaseExpiresAt: past() } });
    await b.checkLeases();
    expect(await bBulk.checkLeases()).toBe(1);
    await b.idle();
    expect(await campaign(live.id)).toMatchObject({ status: 'paused', statusReason: expect.stringContaining('node node-a'), ownerNode: 'node-b', items: [{ status: 'failed', error: 'interrupted: node node-a stopped while sending' }, { status: 'pending' }] });
    expect(await job(liveJob.id)).toMatchObject({ status: 'interrupted', items: [{ status: 'failed' }, { status: 'failed' }] });
    expect(issued).toHaveLength(0);
    await b.stop();
    await bBulk.stop();
  });

  it("a live node's renewals keep its campaign and bulk job while another node checks; once it stops, the other pauses its campaign", async () => {
    const ids = chargers('R', 2);
    let letGo!: () => void;
    const gate = new Promise<void>((resolve) => (letGo = resolve));
    for (const id of ids) held.set(id, gate);
    const a = campaignRunner('node-a', 1_000);
    const aBulk = bulkRunner({ owner: 'node-a', leaseMs: 1_000 });
    const b = campaignRunner('node-b', 1_000);
    const bBulk = bulkRunner({ owner: 'node-b', leaseMs: 1_000 });
    await Promise.all([a.start(), aBulk.recover(), b.start(), bBulk.recover()]);
    const checksByB = vi.spyOn(b, 'checkLeases');
    const bulkChecksByB = vi.spyOn(bBulk, 'checkLeases');

    // both stay under way: the first charger's command does not come back until the gate opens
    const c = await a.create({ image, filter: { ids }, canaryPercent: 0, waveSize: 2, pauseS: 0, maxFailureRate: 1, requester });
    const j = await aBulk.start({ filter: { ids }, command: { kind: 'clearCache' }, concurrency: 1, requester });
    const firstLease = (await campaign(c.id)).leaseExpiresAt!.getTime();
    // three lease lengths, node B checking every third of one
    await expect.poll(() => checksByB.mock.calls.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(9);
    await expect.poll(() => bulkChecksByB.mock.calls.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(9);
    await expect.poll(async () => (await campaign(c.id)).leaseExpiresAt!.getTime(), { timeout: 5_000 }).toBeGreaterThan(firstLease + 2_000);
    expect(await campaign(c.id)).toMatchObject({ status: 'running', ownerNode: 'node-a' });
    expect(await job(j.id)).toMatchObject({ status: 'running', ownerNode: 'node-a' });

    letGo();
    await Promise.all([a.idle(), aBulk.idle()]);
    expect(await job(j.id)).toMatchObject({ status: 'completed', items: [{ status: 'accepted' }, { status: 'accepted' }] });

    // node A stops (and renews no more): node B pauses its campaign and follows the updates A sent
    await a.stop();
    await aBulk.stop();
    await expect.poll(async () => (await campaign(c.id)).status, { timeout: 10_000 }).toBe('paused');
    expect(await campaign(c.id)).toMatchObject({ ownerNode: 'node-b', statusReason: expect.stringMatching(/^paused: node node-a, which was running it, stopped/) });
    const sent = issued.filter((i) => ids.includes(i.chargerId));
    expect(sent.map((i) => `${i.chargerId}:${i.kind}`).sort()).toEqual(['R-0:clearCache', 'R-0:updateFirmware', 'R-1:clearCache', 'R-1:updateFirmware']);
    for (const i of sent.filter((x) => x.kind === 'updateFirmware')) await installed(i.id);
    // node B's check that took it over may still be starting to follow them: wait for the outcome itself
    await expect.poll(async () => (await campaign(c.id)).items.map((i) => i.status), { timeout: 10_000 }).toEqual(['succeeded', 'succeeded']);
    await b.stop();
    await bBulk.stop();
  });

  it('a node that lost its lease while sending stops claiming; the node that took over and was resumed sends the rest, no charger twice', async () => {
    const ids = chargers('T', 3);
    let letGo!: () => void;
    held.set(ids[0]!, new Promise<void>((resolve) => (letGo = resolve)));
    const a = campaignRunner('node-a');
    const b = campaignRunner('node-b');
    await Promise.all([a.start(), b.start()]);

    const c = await a.create({ image, filter: { ids }, canaryPercent: 0, waveSize: 3, pauseS: 0, maxFailureRate: 1, requester });
    // node A is stuck issuing the first update (one at a time) while its lease runs out
    await expect.poll(async () => (await campaign(c.id)).items[0]!.status).toBe('sent');
    await db.prisma.firmwareCampaign.update({ where: { id: c.id }, data: { leaseExpiresAt: past() } });
    await b.checkLeases();
    expect(await campaign(c.id)).toMatchObject({ status: 'paused', ownerNode: 'node-b', items: [{ status: 'failed', error: 'interrupted: node node-a stopped while sending' }, { status: 'pending' }, { status: 'pending' }] });

    // node A comes back: the update it was issuing goes out, but it claims no further charger
    letGo();
    await a.idle();
    expect(issued.filter((i) => ids.includes(i.chargerId)).map((i) => i.chargerId)).toEqual(['T-0']);
    expect((await campaign(c.id)).items.map((i) => i.status)).toEqual(['failed', 'pending', 'pending']);

    await b.resume(c.id, 'lead@example.com');
    await b.idle();
    const sent = issued.filter((i) => ids.includes(i.chargerId));
    expect(sent.map((i) => i.chargerId)).toEqual(['T-0', 'T-1', 'T-2']);
    for (const i of sent.slice(1)) await installed(i.id);
    await b.idle();
    expect(await campaign(c.id)).toMatchObject({ status: 'completed', ownerNode: 'node-b', items: [{ status: 'failed' }, { status: 'succeeded' }, { status: 'succeeded' }] });
    await a.stop();
    await b.stop();
  });
});
