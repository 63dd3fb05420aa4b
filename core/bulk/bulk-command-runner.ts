import { CommandError } from '../commands/command-errors.ts';
import type { Prisma } from '../db/generated/client.ts';
import type { BulkItemStatus } from '../db/generated/enums.ts';
import type { ChargerCommand } from '../domain/commands.ts';
import { issueAuditedCommand, type AuditedCommandDeps, type Requester } from './audited-command.ts';
import { selectChargers, type FleetFilter } from './fleet-filter.ts';
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

// A charger that answered at all "accepted" unless it said no or never answered.
const REFUSED = new Set(['rejected', 'failed', 'timed_out', 'expired']);

/**
 * One command to every charger a filter selects, in the background, with at most `concurrency` waiting
 * for an answer at once. Each charger's result (accepted, failed, offline) is written as it arrives, so
 * progress is readable while the job runs; one charger's failure never stops the others.
 *
 * One runner per process: jobs left running by a stopped process are marked interrupted at start.
 */
export class BulkCommandRunner {
  private readonly running = new Set<Promise<void>>();
  private stopping = false;

  constructor(private readonly deps: AuditedCommandDeps) {}

  /** Jobs a previous process left running cannot resume half-way (their requester's intent was "now"). */
  async recover(): Promise<number> {
    const { prisma } = this.deps;
    const jobs = await prisma.bulkCommandJob.findMany({ where: { status: 'running' }, select: { id: true } });
    for (const { id } of jobs) {
      await prisma.bulkCommandItem.updateMany({ where: { jobId: id, status: { in: ['pending', 'sent'] } }, data: { status: 'failed', error: 'interrupted: the server stopped before this charger was reached' } });
      await prisma.bulkCommandJob.update({ where: { id }, data: { status: 'interrupted', finishedAt: this.deps.now() } });
    }
    if (jobs.length > 0) this.deps.log.warn({ jobs: jobs.length }, 'bulk command jobs interrupted by the last stop');
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
    await this.deps.prisma.bulkCommandJob.update({ where: { id: job.id }, data: { status, finishedAt: this.deps.now() } });
  }

  private async sendOne(jobId: string, chargerId: string, input: StartBulkCommand): Promise<void> {
    if (this.stopping) {
      await this.setItem(jobId, chargerId, 'failed', { error: 'interrupted: the server stopped before this charger was reached' });
      return;
    }
    await this.setItem(jobId, chargerId, 'sent', {});
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
