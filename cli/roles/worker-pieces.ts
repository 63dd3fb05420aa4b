import type { ApiConfig } from '../../api/config.ts';
import type { TransactionService } from '../../core/chargers/transactions.ts';
import type { CommandService } from '../../core/commands/command-service.ts';
import { DiagnosisRunner } from '../../core/diagnosis/diagnosis-runner.ts';
import { FaultResponse } from '../../core/diagnosis/fault-response.ts';
import { SelfHealing } from '../../core/diagnosis/self-healing.ts';
import type { EventBus } from '../../core/event-bus.ts';
import { FaultIntake } from '../../core/faults/fault-intake.ts';
import { SyntheticFaults } from '../../core/faults/synthetic-faults.ts';
import { pruneProcessedEvents } from '../../core/processed-events.ts';
import { recordConnectionTelemetry } from '../../core/telemetry-recorder.ts';
import { TicketService } from '../../core/tickets/ticket-service.ts';
import { WebhookDispatcher } from '../../core/webhooks/webhook-dispatcher.ts';
import { startAfterSalesWorkers } from '../../core/workflow/after-sales-workers.ts';
import type { Base } from './base.ts';

export interface WorkerPieces {
  tickets: TicketService;
  faults: FaultIntake;
  responses: FaultResponse;
  webhooks: WebhookDispatcher;
}

/** In multi-node mode a ticket left in remote_action this long by a stopped worker goes to a person. */
const STALE_REMEDIATION_MS = 60 * 60_000;
const DAY_MS = 86_400_000;

/**
 * Everything that reacts to events (work subscriptions): fault intake and tickets, diagnosis and
 * self-healing, command follow-ups and queued delivery, synthetic faults, webhooks, connection telemetry.
 * `multiNode`: other nodes may be working at the same time, so only what is certainly abandoned is taken over.
 */
export async function startWorker(base: Base, bus: EventBus, commands: CommandService, transactions: TransactionService, apiConfig: ApiConfig, multiNode: boolean): Promise<WorkerPieces> {
  const { config, db, telemetry, catalogue, log, cleanups } = base;
  recordConnectionTelemetry(bus, telemetry);

  const interrupted = await commands.failInterrupted(multiNode ? new Date(Date.now() - config.ocpp.commandTimeoutMs - 60_000) : undefined);
  if (interrupted > 0) log.warn({ interrupted }, 'commands in flight at the last stop were marked failed');
  commands.start();
  cleanups.push(() => commands.stop());

  const ticketLog = log.child({ component: 'tickets' });
  const tickets = new TicketService(db.prisma, bus, { recurrenceDays: config.diagnosis.recurrenceDays }, ticketLog);
  const checkTimeoutMs = Math.min(config.ocpp.commandTimeoutMs, 15_000);
  const diagnosis = new DiagnosisRunner(db.prisma, telemetry, commands, tickets, catalogue, bus, { checkTimeoutMs }, ticketLog);
  const selfHealing = new SelfHealing(db.prisma, catalogue, tickets, commands, transactions, bus, { resetWindowS: config.diagnosis.resetWindowS, logsTimeoutMs: 5 * 60_000, stableMs: config.diagnosis.stableS * 1000 }, ticketLog);
  const responses = new FaultResponse(diagnosis, selfHealing, ticketLog);
  const faults = new FaultIntake(db.prisma, catalogue, tickets, bus, { ticketOpened: (t) => responses.ticketOpened(t), faultsCleared: (id, at) => selfHealing.faultsCleared(id, at) }, ticketLog);
  faults.start();
  // before the database closes: no ladder or stability wait may run into a closed pool
  cleanups.push(() => responses.stop());
  const synthetic = new SyntheticFaults(bus, { flappingConnects: config.diagnosis.flappingConnects, flappingWindowS: config.diagnosis.flappingWindowS, stuckAfterS: config.diagnosis.stuckAfterS });
  synthetic.start();
  cleanups.push(() => synthetic.stop());
  // remediation interrupted by the last stop cannot resume half-way: hand those tickets to a person
  await db.prisma.ticket.updateMany({
    where: { status: 'remote_action', ...(multiNode ? { updatedAt: { lt: new Date(Date.now() - STALE_REMEDIATION_MS) } } : {}) },
    data: { status: 'awaiting_dispatch' },
  });

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
