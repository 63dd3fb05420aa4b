import type { ApiConfig } from '../../api/config.ts';
import type { TransactionService } from '../../core/chargers/transactions.ts';
import { RedisRemediationClaims } from '../../core/cluster/redis-remediation-claims.ts';
import type { CommandService } from '../../core/commands/command-service.ts';
import { DiagnosisRunner } from '../../core/diagnosis/diagnosis-runner.ts';
import { FaultResponse } from '../../core/diagnosis/fault-response.ts';
import { LocalRemediationClaims, type RemediationClaims } from '../../core/diagnosis/remediation-claims.ts';
import { RemediationTakeover } from '../../core/diagnosis/remediation-takeover.ts';
import { LADDER_ACTOR, SelfHealing } from '../../core/diagnosis/self-healing.ts';
import { TicketClaims } from '../../core/diagnosis/ticket-claims.ts';
import type { EventBus } from '../../core/event-bus.ts';
import { FaultIntake } from '../../core/faults/fault-intake.ts';
import { SyntheticFaults } from '../../core/faults/synthetic-faults.ts';
import { pruneProcessedEvents } from '../../core/processed-events.ts';
import { recordConnectionTelemetry } from '../../core/telemetry-recorder.ts';
import { TicketService } from '../../core/tickets/ticket-service.ts';
import { WebhookDispatcher } from '../../core/webhooks/webhook-dispatcher.ts';
import { startAfterSalesWorkers } from '../../core/workflow/after-sales-workers.ts';
import type { Base } from './base.ts';
import type { Cluster } from './cluster.ts';

export interface WorkerPieces {
  tickets: TicketService;
  faults: FaultIntake;
  responses: FaultResponse;
  webhooks: WebhookDispatcher;
}

const DAY_MS = 86_400_000;

/**
 * Everything that reacts to events (work subscriptions): fault intake and tickets, diagnosis and
 * self-healing, command follow-ups and queued delivery, synthetic faults, webhooks, connection telemetry.
 * `cluster` (multi-node): other workers may be running at the same time, so only what is certainly abandoned
 * is taken over.
 */
export async function startWorker(base: Base, bus: EventBus, commands: CommandService, transactions: TransactionService, apiConfig: ApiConfig, cluster: Pick<Cluster, 'link'> | undefined): Promise<WorkerPieces> {
  const { config, db, telemetry, catalogue, log, cleanups } = base;
  const multiNode = cluster !== undefined;
  recordConnectionTelemetry(bus, telemetry);

  const interrupted = await commands.failInterrupted(multiNode ? new Date(Date.now() - config.ocpp.commandTimeoutMs - 60_000) : undefined);
  if (interrupted > 0) log.warn({ interrupted }, 'commands in flight at the last stop were marked failed');
  commands.start();
  cleanups.push(() => commands.stop());

  const ticketLog = log.child({ component: 'tickets' });
  const tickets = new TicketService(db.prisma, bus, { recurrenceDays: config.diagnosis.recurrenceDays }, ticketLog);
  const checkTimeoutMs = Math.min(config.ocpp.commandTimeoutMs, 15_000);
  const diagnosis = new DiagnosisRunner(db.prisma, telemetry, commands, tickets, catalogue, bus, { checkTimeoutMs }, ticketLog);
  // a response's claim lasts 2/3 of SELF_HEALING_TAKEOVER_S and workers look for unclaimed responses every
  // 1/3: a stopped worker's ladder, or ticket without its diagnosis, has a new driver within SELF_HEALING_TAKEOVER_S
  const takeoverMs = config.diagnosis.takeoverS * 1000;
  const leaseMs = Math.floor((takeoverMs * 2) / 3);
  const ownClaims: RemediationClaims = cluster ? new RedisRemediationClaims(cluster.link, { leaseMs }, ticketLog) : new LocalRemediationClaims();
  const claims = new TicketClaims(ownClaims);
  // after the responses have stopped (cleanups run last-first)
  cleanups.push(() => claims.close());
  const selfHealing = new SelfHealing(db.prisma, catalogue, tickets, commands, transactions, bus, { resetWindowS: config.diagnosis.resetWindowS, logsTimeoutMs: 5 * 60_000, stableMs: config.diagnosis.stableS * 1000 }, ticketLog);
  const responses = new FaultResponse(db.prisma, catalogue, tickets, diagnosis, selfHealing, claims, ticketLog);
  const faults = new FaultIntake(db.prisma, catalogue, tickets, bus, { ticketOpened: (t) => responses.ticketOpened(t), faultsCleared: (id, at) => selfHealing.faultsCleared(id, at) }, ticketLog);
  faults.start();
  // before the database closes: no ladder or stability wait may run into a closed pool
  cleanups.push(() => responses.stop());
  // first of the two at a stop: fault events retrying through a database outage give up
  cleanups.push(() => faults.stop());
  const synthetic = new SyntheticFaults(bus, { flappingConnects: config.diagnosis.flappingConnects, flappingWindowS: config.diagnosis.flappingWindowS, stuckAfterS: config.diagnosis.stuckAfterS });
  synthetic.start();
  cleanups.push(() => synthetic.stop());
  if (!cluster) {
    // one process: remediation interrupted by the last stop has no one to drive it on; a person takes it,
    // with the reason on the ticket's timeline
    const interrupted = await db.prisma.ticket.findMany({ where: { status: 'remote_action' }, select: { id: true } });
    for (const t of interrupted) {
      await tickets.transition(t.id, ['remote_action'], 'awaiting_dispatch', 'system', { reason: 'automatic remediation was interrupted by a restart' });
    }
  }
  // Responses whose worker stopped are driven on: in multi-node mode another worker's ladders and tickets not
  // diagnosed yet; in one process, tickets the last run opened but stopped (or crashed) before diagnosing.
  // A response under way holds its ticket's claim, so none is taken twice.
  const takeover = new RemediationTakeover(db.prisma, claims, responses, { everyMs: Math.floor(takeoverMs / 3), graceMs: leaseMs, actor: LADDER_ACTOR }, ticketLog);
  takeover.start();
  cleanups.push(() => takeover.stop());

  // SLA watch and maintenance-visit generation: safe on several workers (conditional updates, locks)
  const stopAfterSales = startAfterSalesWorkers(
    { prisma: db.prisma, bus, log: log.child({ component: 'after-sales' }), now: () => new Date(), commands },
    { slaSweepMs: config.afterSales.slaSweepMs, maintenanceMs: config.afterSales.maintenanceMs },
  );
  cleanups.push(() => stopAfterSales());

  const webhooks = new WebhookDispatcher(db.prisma, bus, log.child({ component: 'webhooks' }), apiConfig.webhooks);
  await webhooks.start();
  cleanups.push(() => webhooks.stop());

  if (multiNode) {
    // de-duplication markers matter while a redelivery is possible (minutes); a week is plenty
    const prune = setInterval(() => void pruneProcessedEvents(db.prisma, new Date(Date.now() - 7 * DAY_MS)).catch((err: unknown) => log.warn({ err }, 'pruning processed events failed')), 3_600_000);
    prune.unref();
    cleanups.push(() => clearInterval(prune));
  }
  return { tickets, faults, responses, webhooks };
}
