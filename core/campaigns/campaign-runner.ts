import { CommandError } from '../commands/command-errors.ts';
import type { Prisma } from '../db/generated/client.ts';
import type { CommandStatus } from '../db/generated/enums.ts';
import type { EventBus } from '../event-bus.ts';
import { KeyedQueue } from '../util/keyed-queue.ts';
import { issueAuditedCommand, type AuditedCommandDeps, type Requester } from '../bulk/audited-command.ts';
import { selectChargers, type FleetFilter } from '../bulk/fleet-filter.ts';
import { everyThirdOfLease, leaseEnd, type JobLease } from '../bulk/job-lease.ts';
import type { Periodic } from '../periodic.ts';
import { runLimited } from '../bulk/run-limited.ts';
import type { CampaignClock } from './campaign-clock.ts';
import { CampaignError } from './campaign-errors.ts';
import { renewCampaignLeases, takeOverCampaigns } from './campaign-leases.ts';
import { planWaves, waveVerdict, type WaveCounts } from './wave-plan.ts';

export interface CreateCampaign {
  image: { id: string; url: string; version: string; model: string | null };
  filter: FleetFilter;
  /** share of the chargers in the first (canary) wave; 0 = no canary */
  canaryPercent: number;
  waveSize: number;
  /** pause after each wave before the next starts */
  pauseS: number;
  /** 0–1: a wave whose failure share passes this halts the campaign */
  maxFailureRate: number;
  requester: Requester;
}

export interface CampaignRunnerDeps extends AuditedCommandDeps {
  bus: EventBus;
  clock: CampaignClock;
  /** UpdateFirmware requests waiting for a charger's answer at once, within a wave */
  sendConcurrency: number;
  /** this node as the holder of the campaigns it drives */
  lease: JobLease;
}

export type CampaignRecord = Prisma.FirmwareCampaignGetPayload<object>;

const FINAL: ReadonlySet<CommandStatus> = new Set(['succeeded', 'rejected', 'failed', 'timed_out', 'expired']);

/**
 * Rolls a firmware image out in waves (see wave-plan.ts), transport-free: UpdateFirmware goes through the
 * command service, outcomes come back as `command.updated` events (Installed → succeeded; a download,
 * install or delivery failure, or no answer in time → failed). After each wave the campaign pauses
 * `pauseS`, then starts the next; it halts by itself when a wave's failure share passes the threshold.
 * Work on one campaign is serialised (a keyed queue), so events, timers and people's pause/resume/cancel
 * never interleave on one node.
 *
 * One runner per api node. Each campaign is driven by one node, its owner, under a lease (job-lease.ts,
 * campaign-leases.ts): the node that created it, or the one a person last resumed it on. Only the owner
 * starts waves, claims chargers and judges outcomes; pause and cancel from any node are status changes the
 * owner obeys. Starting or restarting a node leaves the campaigns of live nodes alone. A campaign whose
 * node is gone — this node before its restart, or another whose lease ran out — is taken over *paused*
 * with a reason naming that node, and a person resumes it: that node may have sent updates it never
 * recorded, and someone should look at the fleet before more go out. Taking over records the outcomes of
 * the updates under way; a charger claimed but not yet sent to is failed as interrupted, never sent again.
 * No charger is sent twice: each is claimed once, atomically, and only by the campaign's owner. A node
 * that lost its lease while alive (frozen longer than JOB_LEASE_MS) stops claiming at once; an update it
 * was issuing at that moment is recorded failed as interrupted although it went out (its command and
 * audit entry show it).
 */
export class CampaignRunner {
  private readonly queue = new KeyedQueue();
  /** commands of this runner's campaigns still waiting for their final status → campaign id */
  private readonly inflight = new Map<string, string>();
  private readonly timers = new Map<string, () => void>();
  /** "<campaign>:<wave>" whose failures a person accepted by resuming after the halt */
  private readonly accepted = new Set<string>();
  private readonly work = new Set<Promise<unknown>>();
  private offBus: (() => void) | undefined;
  private leases: Periodic | undefined;

  constructor(private readonly deps: CampaignRunnerDeps) {}

  async start(): Promise<void> {
    this.offBus = this.deps.bus.watch('command.updated', (e) => {
      const campaignId = this.inflight.get(e.commandId);
      if (campaignId !== undefined && FINAL.has(e.status)) this.track(this.queue.run(campaignId, () => this.settle(campaignId, e.commandId, e.status)));
    });
    await this.takeOver(true);
    this.leases = everyThirdOfLease(this.deps.lease, () => this.checkLeases(), this.deps.log, 'firmware campaigns');
  }

  /**
   * Every third of the lease: renews this node's leases, takes over the campaigns of nodes that are gone,
   * and catches up on its own (an outcome another node recorded, an event this node missed).
   */
  async checkLeases(): Promise<void> {
    await renewCampaignLeases(this.prisma, this.deps.lease);
    await this.takeOver(false);
    const mine = await this.prisma.firmwareCampaign.findMany({
      where: { ownerNode: this.owner, OR: [{ status: { in: ['running', 'paused', 'halted'] } }, { items: { some: { status: 'sent' } } }] },
      select: { id: true, status: true },
    });
    await this.followOpen(mine.map((c) => c.id));
    for (const c of mine) if (c.status === 'running') this.track(this.queue.run(c.id, () => this.catchUp(c.id)));
  }

  async stop(): Promise<void> {
    this.offBus?.();
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
    await this.leases?.stop();
  }

  /** Resolves when every wave, outcome and timer callback started so far has settled (tests). */
  async idle(): Promise<void> {
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
  }

  async create(input: CreateCampaign): Promise<CampaignRecord> {
    const { prisma } = this.deps;
    if (input.image.model !== null && input.filter.model !== input.image.model) {
      throw new CampaignError('CAMPAIGN_MODEL_MISMATCH', `image ${input.image.version} is built for model ${input.image.model}: add "model": "${input.image.model}" to the filter`);
    }
    const waves = planWaves(await selectChargers(prisma, input.filter), input.canaryPercent, input.waveSize);
    const c = await prisma.firmwareCampaign.create({
      data: {
        imageId: input.image.id,
        firmwareUrl: input.image.url,
        version: input.image.version,
        filter: input.filter as Prisma.InputJsonValue,
        canaryPercent: input.canaryPercent,
        waveSize: input.waveSize,
        pauseS: input.pauseS,
        maxFailureRate: input.maxFailureRate,
        waves: waves.length,
        requestedBy: input.requester.actor,
        requester: { actorLabel: input.requester.actorLabel ?? null, actorRole: input.requester.actorRole ?? null, via: input.requester.via },
        createdAt: this.deps.clock.now(),
        ownerNode: this.owner,
        leaseExpiresAt: await leaseEnd(prisma, this.deps.lease.leaseMs),
        items: { createMany: { data: waves.flatMap((ids, wave) => ids.map((chargerId) => ({ chargerId, wave }))) } },
      },
    });
    this.deps.log.info({ campaignId: c.id, chargers: waves.flat().length, waves: waves.length, version: c.version }, 'firmware campaign started');
    this.track(this.sendWave(c.id, 0));
    return c;
  }

  pause(id: string, by: string): Promise<CampaignRecord> {
    return this.queue.run(id, async () => {
      await this.find(id, ['running']);
      this.cancelTimer(id);
      return this.update(id, { status: 'paused', statusReason: `paused by ${by}` });
    });
  }

  /** Continues a paused campaign, or a halted one whose failures the person accepts; this node drives it from now on. */
  resume(id: string, by: string): Promise<CampaignRecord> {
    return this.queue.run(id, async () => {
      const c = await this.find(id, ['paused', 'halted']);
      if (c.status === 'halted') this.accepted.add(`${id}:${c.currentWave}`);
      const resumed = await this.update(id, { status: 'running', statusReason: `resumed by ${by}`, ownerNode: this.owner, leaseExpiresAt: await leaseEnd(this.prisma, this.deps.lease.leaseMs) });
      // outcomes of updates the previous owner sent arrive here now
      this.track(this.followOpen([id]));
      // a halt stops sending mid-wave: send the rest of that wave first
      if ((await this.prisma.firmwareCampaignItem.count({ where: { campaignId: id, wave: c.currentWave, status: 'pending' } })) > 0) {
        this.track(this.sendWave(id, c.currentWave));
      } else if (c.nextWaveAt) {
        this.schedule(id, c.nextWaveAt);
      } else {
        await this.evaluate(id);
      }
      return resumed;
    });
  }

  cancel(id: string, by: string): Promise<CampaignRecord> {
    return this.queue.run(id, async () => {
      await this.find(id, ['running', 'paused', 'halted']);
      this.cancelTimer(id);
      // updates already sent go on; their outcomes are still recorded
      return this.update(id, { status: 'cancelled', statusReason: `cancelled by ${by}`, nextWaveAt: null, finishedAt: this.deps.clock.now() });
    });
  }

  private get prisma() {
    return this.deps.prisma;
  }

  private get owner(): string {
    return this.deps.lease.owner;
  }

  /** Takes over the campaigns whose node is gone (at start: also this node's own, left from its last run). */
  private async takeOver(atStart: boolean): Promise<void> {
    const now = this.deps.clock.now();
    const taken = await takeOverCampaigns(this.prisma, this.deps.lease, atStart, now);
    if (taken.length === 0) return;
    for (const t of taken) {
      const who = t.previousOwner === null || t.previousOwner === this.owner ? 'the server' : `node ${t.previousOwner}`;
      // claimed but never issued: that node stopped between the two
      await this.prisma.firmwareCampaignItem.updateMany({ where: { campaignId: t.id, status: 'sent', commandId: null }, data: { status: 'failed', error: `interrupted: ${who} stopped while sending`, finishedAt: now } });
    }
    const paused = taken.filter((t) => t.previousStatus === 'running');
    const nodes = [...new Set(taken.map((t) => t.previousOwner))];
    if (paused.length > 0) this.deps.log.warn({ campaigns: paused.map((t) => t.id), nodes }, atStart ? 'firmware campaigns paused: the node running them stopped (or this node restarted)' : 'firmware campaigns paused: the node running them stopped');
    if (taken.length > paused.length) this.deps.log.info({ campaigns: taken.filter((t) => t.previousStatus !== 'running').map((t) => t.id), nodes }, 'firmware campaigns taken over from a node that stopped');
    await this.followOpen(taken.map((t) => t.id));
  }

  /** Follows the updates of these campaigns that wait for their outcome and that this node does not follow yet. */
  private async followOpen(campaignIds: string[]): Promise<void> {
    if (campaignIds.length === 0) return;
    const open = await this.prisma.firmwareCampaignItem.findMany({ where: { campaignId: { in: campaignIds }, status: 'sent', commandId: { not: null } }, select: { campaignId: true, commandId: true } });
    for (const item of open) if (!this.inflight.has(item.commandId!)) this.track(this.follow(item.campaignId, item.commandId!));
  }

  /** The owner's periodic look at a running campaign: an outcome recorded on another node must not stall it. */
  private async catchUp(id: string): Promise<void> {
    const c = await this.prisma.firmwareCampaign.findUnique({ where: { id } });
    if (!c || c.status !== 'running' || c.ownerNode !== this.owner) return;
    if (!c.nextWaveAt) await this.evaluate(id);
    else if (!this.timers.has(id)) this.schedule(id, c.nextWaveAt);
  }

  private async sendWave(id: string, wave: number): Promise<void> {
    const c = await this.queue.run(id, async () => {
      const row = await this.prisma.firmwareCampaign.findUnique({ where: { id } });
      if (!row || row.status !== 'running' || row.ownerNode !== this.owner) return undefined;
      // moving on needs the pause after the current wave to have been set (never two starts of one wave)
      if (wave !== row.currentWave && (wave !== row.currentWave + 1 || !row.nextWaveAt)) return undefined;
      return this.update(id, { currentWave: wave, nextWaveAt: null });
    });
    if (!c) return;
    const items = await this.prisma.firmwareCampaignItem.findMany({ where: { campaignId: id, wave, status: 'pending' }, orderBy: { chargerId: 'asc' } });
    this.deps.log.info({ campaignId: id, wave, chargers: items.length }, 'firmware campaign wave');
    await runLimited(items, this.deps.sendConcurrency, (item) => this.sendOne(c, item.id, item.chargerId), (err, item) => {
      this.deps.log.error({ err, campaignId: id, chargerId: item.chargerId }, 'firmware campaign: sending to one charger failed');
      this.track(this.fail(id, item.id, `internal error: ${(err as Error).message}`));
    });
  }

  private async sendOne(c: CampaignRecord, itemId: bigint, chargerId: string): Promise<void> {
    // a pause lets the wave under way finish; a halt or a cancel stops it, and so does losing the campaign
    const claimed = await this.prisma.firmwareCampaignItem.updateMany({
      where: { id: itemId, status: 'pending', campaign: { ownerNode: this.owner, status: { notIn: ['halted', 'cancelled'] } } },
      data: { status: 'sent', sentAt: this.deps.clock.now() },
    });
    if (claimed.count === 0) return;
    const r = c.requester as { actorLabel: string | null; actorRole: string | null; via: Requester['via'] };
    const requester: Requester = { actor: c.requestedBy, actorLabel: r.actorLabel ?? undefined, actorRole: r.actorRole ?? undefined, via: r.via };
    let commandId: string;
    try {
      const row = await issueAuditedCommand(this.deps, { chargerId, command: { kind: 'updateFirmware', url: c.firmwareUrl, version: c.version }, whenOffline: 'fail' }, requester, {
        detail: { campaignId: c.id },
      });
      commandId = row.id;
    } catch (err) {
      if (!(err instanceof CommandError)) throw err;
      await this.fail(c.id, itemId, `${err.code}: ${err.message}`);
      return;
    }
    await this.prisma.firmwareCampaignItem.update({ where: { id: itemId }, data: { commandId } });
    await this.follow(c.id, commandId);
  }

  /** Waits for the command's final status through events; it may already have it (a fast DownloadFailed). */
  private async follow(campaignId: string, commandId: string): Promise<void> {
    this.inflight.set(commandId, campaignId);
    const row = await this.prisma.command.findUnique({ where: { id: commandId }, select: { status: true } });
    const status = row?.status ?? 'failed';
    if (FINAL.has(status)) await this.queue.run(campaignId, () => this.settle(campaignId, commandId, status));
  }

  private async settle(campaignId: string, commandId: string, status: CommandStatus): Promise<void> {
    this.inflight.delete(commandId);
    const ok = status === 'succeeded';
    const error = ok ? null : ((await this.prisma.command.findUnique({ where: { id: commandId }, select: { error: true } }))?.error ?? `command ${status}`);
    const { count } = await this.prisma.firmwareCampaignItem.updateMany({
      where: { campaignId, commandId, status: 'sent' },
      data: { status: ok ? 'succeeded' : 'failed', error, finishedAt: this.deps.clock.now() },
    });
    if (count > 0) await this.evaluate(campaignId);
  }

  private fail(campaignId: string, itemId: bigint, error: string): Promise<void> {
    return this.queue.run(campaignId, async () => {
      const { count } = await this.prisma.firmwareCampaignItem.updateMany({ where: { id: itemId, status: 'sent' }, data: { status: 'failed', error, finishedAt: this.deps.clock.now() } });
      if (count > 0) await this.evaluate(campaignId);
    });
  }

  /** After an outcome: halt, schedule the next wave, complete, or wait for more outcomes. Runs in the queue, on the owner. */
  private async evaluate(id: string): Promise<void> {
    const c = await this.prisma.firmwareCampaign.findUnique({ where: { id } });
    if (!c || c.ownerNode !== this.owner || (c.status !== 'running' && c.status !== 'paused')) return;
    const counts = await this.waveCounts(id, c.currentWave);
    const verdict = waveVerdict(counts, c.maxFailureRate, this.accepted.has(`${id}:${c.currentWave}`));
    const now = this.deps.clock.now();
    if (verdict === 'halt') {
      this.cancelTimer(id);
      const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;
      const reason = `${c.currentWave === 0 && c.canaryPercent > 0 ? 'canary wave' : `wave ${c.currentWave}`}: ${counts.failed} of ${counts.total} chargers failed (${pct(counts.failed / counts.total)} > ${pct(c.maxFailureRate)})`;
      await this.update(id, { status: 'halted', statusReason: reason, nextWaveAt: null });
      this.deps.log.warn({ campaignId: id, wave: c.currentWave, ...counts }, 'firmware campaign halted');
    } else if (verdict === 'complete') {
      if (c.currentWave + 1 >= c.waves) {
        await this.update(id, { status: 'completed', nextWaveAt: null, finishedAt: now });
        this.deps.log.info({ campaignId: id }, 'firmware campaign completed');
        return;
      }
      if (c.nextWaveAt) return;
      const at = new Date(now.getTime() + c.pauseS * 1000);
      await this.update(id, { nextWaveAt: at });
      if (c.status === 'running') this.schedule(id, at);
    }
  }

  private async waveCounts(campaignId: string, wave: number): Promise<WaveCounts> {
    const rows = await this.prisma.firmwareCampaignItem.groupBy({ by: ['status'], where: { campaignId, wave }, _count: { _all: true } });
    const n = (s: string) => rows.find((r) => r.status === s)?._count._all ?? 0;
    return { total: rows.reduce((sum, r) => sum + r._count._all, 0), succeeded: n('succeeded'), failed: n('failed') };
  }

  private schedule(id: string, at: Date): void {
    this.cancelTimer(id);
    const cancel = this.deps.clock.after(Math.max(0, at.getTime() - this.deps.clock.now().getTime()), () => {
      // the entry stays until the wave has started, so catchUp does not schedule it a second time
      this.track(
        this.nextWave(id).finally(() => {
          if (this.timers.get(id) === cancel) this.timers.delete(id);
        }),
      );
    });
    this.timers.set(id, cancel);
  }

  private async nextWave(id: string): Promise<void> {
    const c = await this.prisma.firmwareCampaign.findUnique({ where: { id } });
    if (c?.status === 'running' && c.nextWaveAt && c.ownerNode === this.owner) await this.sendWave(id, c.currentWave + 1);
  }

  private cancelTimer(id: string): void {
    this.timers.get(id)?.();
    this.timers.delete(id);
  }

  private async find(id: string, from: readonly CampaignRecord['status'][]): Promise<CampaignRecord> {
    const c = await this.prisma.firmwareCampaign.findUnique({ where: { id } });
    if (!c) throw new CampaignError('CAMPAIGN_NOT_FOUND', `no firmware campaign ${id}`);
    if (!from.includes(c.status)) throw new CampaignError('CAMPAIGN_INVALID_TRANSITION', `the campaign is ${c.status}; this needs it ${from.join(' or ')}`);
    return c;
  }

  private update(id: string, data: Prisma.FirmwareCampaignUpdateInput): Promise<CampaignRecord> {
    return this.prisma.firmwareCampaign.update({ where: { id }, data: { ...data, updatedAt: this.deps.clock.now() } });
  }

  private track(p: Promise<unknown>): void {
    const t = p.catch((err: unknown) => this.deps.log.error({ err }, 'firmware campaign step failed')).finally(() => this.work.delete(t));
    this.work.add(t);
  }
}
