import type { Prisma, TicketTest } from '../db/generated/client.ts';
import type { TicketRecord } from '../tickets/ticket-service.ts';
import { WorkflowError } from './errors.ts';
import { runFreshChecks } from './fresh-checks.ts';
import { currentWorkOrder } from './record-on-site.ts';
import { publishTicket } from './ticket-events.ts';
import { lockTicket, moveTicket } from './transition-ticket.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

export interface RepairTestInput {
  ticketId: string;
  /** the engineer's verdict on the functional test (charging session, RCD test, …) */
  passed: boolean;
  notes?: string | undefined;
  /** ask the charger for a fresh status and meter values over OCPP, and let a fault it reports fail the test */
  freshCheck: boolean;
  /** put the charger back into service (ChangeAvailability Operative) before the fresh checks */
  returnToService?: boolean | undefined;
  actor: string;
}

/**
 * The test after repair: recorded with the engineer's verdict and, on demand, the charger's own fresh
 * answers. The ticket passes through `testing`; a passed test waits for the customer's sign-off, a
 * failed one goes back on site.
 */
export async function recordRepairTest(deps: WorkflowDeps, input: RepairTestInput): Promise<{ ticket: TicketRecord; test: TicketTest }> {
  const before = await deps.prisma.ticket.findUnique({ where: { id: input.ticketId } });
  if (!before) throw new WorkflowError('TICKET_NOT_FOUND', `no ticket ${input.ticketId}`);
  if (before.status !== 'on_site') {
    throw new WorkflowError('TICKET_TRANSITION_NOT_ALLOWED', `a test after repair is recorded on site; the ticket is ${before.status}`, { from: before.status, to: 'testing', allowed: [] });
  }
  if (input.freshCheck && !before.chargerId) throw new WorkflowError('TICKET_NO_CHARGER', 'the ticket names no charger to check');
  if (input.freshCheck && !deps.commands) throw new WorkflowError('COMMANDS_UNAVAILABLE', 'this node cannot send commands to chargers');

  // OCPP round trips take seconds: they run before the transaction, never inside it
  const checks = input.freshCheck ? await runFreshChecks(deps, before, input.actor, { returnToService: input.returnToService ?? false }) : [];
  const passed = input.passed && checks.every((c) => c.status === 'ok');
  const at = deps.now();

  const result = await deps.prisma.$transaction(async (tx) => {
    const t = await lockTicket(tx, input.ticketId);
    const wo = await currentWorkOrder(tx, t.id);
    const test = await tx.ticketTest.create({
      data: { ticketId: t.id, workOrderId: wo.id, at, actor: input.actor, passed, notes: input.notes ?? null, checks: checks as unknown as Prisma.InputJsonValue },
    });
    const detail = { testId: String(test.id), passed, engineerVerdict: input.passed, checks: checks.map((c) => ({ name: c.name, status: c.status, summary: c.summary })) };
    const testing = await moveTicket(tx, t, { ticketId: t.id, to: 'testing', via: 'test', actor: input.actor, detail }, at);
    const ticket = await moveTicket(tx, testing, { ticketId: t.id, to: passed ? 'awaiting_signoff' : 'on_site', via: 'test', actor: input.actor, note: passed ? 'test passed' : 'test failed', detail: { testId: String(test.id) } }, at);
    return { ticket, test };
  });
  publishTicket(deps.bus, result.ticket, 'status', at);
  return result;
}
