import { CommandError } from '../commands/command-errors.ts';
import type { Prisma } from '../db/generated/client.ts';
import type { BulkItemStatus } from '../db/generated/enums.ts';
import type { ChargerCommand } from '../domain/commands.ts';
import { issueAuditedCommand, type AuditedCommandDeps, type Requester } from './audited-command.ts';
import { selectChargers, type FleetFilter } from './fleet-filter.ts';
import type { Periodic } from '../periodic.ts';
import { everyThirdOfLease, leaseEnd, type JobLease } from './job-lease.ts';
import { runLimited } from './run-limited.ts';

export interface StartBulkCommand {
  filter: FleetFilter;
  command: ChargerCommand;
  /** commands waiting for a charger's answer at once */
  concurrency: number;
  requester: Requester;
  requestId?: string | undefined;
}

export type BulkJobRecord = Prisma.BulkCommandJobGetPayload<object>;

export interface BulkCommandRunnerDeps extends AuditedCommandDeps {
  lease: JobLease;
}

// A charger that answered at all "accepted" unless it said no or never answered.
const REFUSED = new Set(['rejected', 'failed', 'timed_out', 'expired']);

/**
 * One command to every charger a filter selects, in the background, with at most `concurrency` waiting
 * for an answer at once. Each charger's result (accepted, failed, offline) is written as it arrives, so
 * progress is readable while the job runs; one charger's failure never stops the others.
 *
 * One runner per process. A job is held by the node that started it (job-lease.ts): a job cannot resume
 * half-way (its requester's intent was "now"), so one whose node stopped — this node before its restart,
 * or another node whose lease ran out — is marked interrupted, and the chargers it had not reached failed.
 * Jobs of live nodes are never touched. A node that lost its lease (frozen longer than JOB_LEASE_MS) stops
 * sending: each charger is claimed only while the job is still running and its own, so none is sent twice.
 */
export class BulkCommandRunner {
  private readonly running = new Set<Promise<void>>();
  private stopping = false;
  private leases: Periodic | undefined;

  constructor(private readonly deps: BulkCommandRunnerDeps) {}

  /** At start: interrupts the jobs this node left running and those of nodes that are gone, then keeps its leases. */
  async recover(): Promise<number> {
    const n = await this.interruptAbandoned(true);
    this.leases ??= everyThirdOfLease(this.deps.lease, () => this.checkLeases(), this.deps.log, 'bulk command jobs');
    return n;
  }

  /** Renews this node's leases, then interrupts the jobs of nodes whose lease ran out (every third of the lease). */
  async checkLeases(): Promise<number> {
    const { owner, leaseMs } = this.deps.lease;
    await this.deps.prisma.$executeRaw`
      UPDATE "bulk_command_job" SET "lease_expires_at" = now() + ${leaseMs}::integer * interval '1 millisecond'
      WHERE "owner_node" = ${owner} AND "status" = 'running'`;
    return this.interruptAbandoned(false);
  }

  private async interruptAbandoned(atStart: boolean): Promise<number> {
    const { prisma, lease } = this.deps;
    const finishedAt = this.deps.now();
    const jobs = await prisma.$transaction(async (tx) => {
      // at start, this node's own jobs (and jobs from before leases existed) are left over from its last run
      const rows = await tx.$queryRaw<Array<{ id: string; owner: string | null }>>`
        UPDATE "bulk_command_job" SET "status" = 'interrupted', "finished_at" = ${finishedAt}
        WHERE "status" = 'running'
          AND ((${atStart} AND ("owner_node" IS NULL OR "owner_node" = ${lease.owner}))
            OR ("owner_node" <> ${lease.owner} AND "lease_expires_at" < now()))
        RETURNING "id", "owner_node" AS "owner"`;
      for (const job of rows) {
        const who = job.owner === null || job.owner === lease.owner ? 'the server' : `node ${job.owner}`;
        await tx.bulkCommandItem.updateMany({ where: { jobId: job.id, status: { in: ['pending', 'sent'] } }, data: { status: 'failed', error: `interrupted: ${who} stopped before this charger was reached` } });
      }
      return rows;
    });
    if (jobs.length > 0) this.deps.log.warn({ jobs: jobs.map((j) => j.id), nodes: [...new Set(jobs.map((j) => j.owner))] }, 'bulk command jobs interrupted: the node running them stopped');
    return jobs.length;
  }

  /** Creates the job (one pending item per selected charger) and starts sending; resolves with the job. */
  async start(input: StartBulkCommand): Promise<BulkJobRecord> {
    const { prisma } = this.deps;
    const ids = await selectChargers(prisma, input.filter);
    const job = await prisma.bulkCommandJob.create({
      data: {
        command: input.command as Prisma.InputJsonValue,
        filter: input.filter as Prisma.InputJsonValue,
        concurrency: input.concurrency,
        requestedBy: input.requester.actor,
        requester: { actorLabel: input.requester.actorLabel ?? null, actorRole: input.requester.actorRole ?? null, via: input.requester.via },
        total: ids.length,
        createdAt: this.deps.now(),
        ownerNode: this.deps.lease.owner,
        leaseExpiresAt: await leaseEnd(prisma, this.deps.lease.leaseMs),
        items: { createMany: { data: ids.map((chargerId) => ({ chargerId })) } },
      },
    });
    const run = this.run(job, ids, input)
      .catch((err: unknown) => this.deps.log.error({ err, bulkJobId: job.id }, 'bulk command job failed'))
      .finally(() => this.running.delete(run));
    this.running.add(run);
    return job;
  }

  /** Stops starting new commands; resolves when those under way have their answer. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.running]);
    // renewed until the jobs under way have stopped; then the pass under way is awaited
    await this.leases?.stop();
  }

  /** Resolves when every job started so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private async run(job: BulkJobRecord, ids: string[], input: StartBulkCommand): Promise<void> {
    await runLimited(ids, job.concurrency, (chargerId) => this.sendOne(job.id, chargerId, input), (err, chargerId) => {
      this.deps.log.error({ err, bulkJobId: job.id, chargerId }, 'bulk command for one charger failed');
      void this.setItem(job.id, chargerId, 'failed', { error: `internal error: ${(err as Error).message}` }).catch(() => undefined);
    });
    const status = this.stopping ? 'interrupted' : 'completed';
    // not if another node has marked it interrupted meanwhile (this node had lost its lease)
    await this.deps.prisma.bulkCommandJob.updateMany({ where: { id: job.id, status: 'running' }, data: { status, finishedAt: this.deps.now() } });
  }

  private async sendOne(jobId: string, chargerId: string, input: StartBulkCommand): Promise<void> {
    if (this.stopping) {
      await this.setItem(jobId, chargerId, 'failed', { error: 'interrupted: the server stopped before this charger was reached' });
      return;
    }
    const { owner } = this.deps.lease;
    const claimed = await this.deps.prisma.bulkCommandItem.updateMany({ where: { jobId, chargerId, status: 'pending', job: { status: 'running', ownerNode: owner } }, data: { status: 'sent' } });
    // another node interrupted the job: this node's lease ran out (it was frozen or cut off from the database)
    if (claimed.count === 0) return;
    try {
      const row = await issueAuditedCommand(this.deps, { chargerId, command: input.command, whenOffline: 'fail' }, input.requester, {
        requestId: input.requestId,
        detail: { bulkJobId: jobId },
      });
      await this.setItem(jobId, chargerId, REFUSED.has(row.status) ? 'failed' : 'accepted', { commandId: row.id, commandStatus: row.status, error: row.error });
    } catch (err) {
      if (err instanceof CommandError) {
        await this.setItem(jobId, chargerId, err.code === 'COMMAND_CHARGER_OFFLINE' ? 'offline' : 'failed', { error: err.message });
        return;
      }
      throw err;
    }
  }

  private async setItem(jobId: string, chargerId: string, status: BulkItemStatus, data: { commandId?: string; commandStatus?: string; error?: string | null }): Promise<void> {
    await this.deps.prisma.bulkCommandItem.update({ where: { jobId_chargerId: { jobId, chargerId } }, data: { status, ...data } });
  }
}
