import type { SlaPause } from '../db/generated/client.ts';
import { recordTicketEvent } from '../workflow/ticket-events.ts';
import type { WorkflowDeps } from '../workflow/workflow-deps.ts';
import { SlaError } from './errors.ts';

export type PauseReason = 'customer' | 'parts';

/** Stops a ticket's SLA clock while it waits for the customer or for parts. */
export async function pauseSla(deps: WorkflowDeps, input: { ticketId: string; reason: PauseReason; actor: string }): Promise<SlaPause> {
  const at = deps.now();
  return deps.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT ticket_id FROM "ticket_sla" WHERE ticket_id = ${input.ticketId}::uuid FOR UPDATE`;
    const sla = await tx.ticketSla.findUnique({ where: { ticketId: input.ticketId }, include: { pauses: { where: { endedAt: null } } } });
    if (!sla) throw new SlaError('SLA_NOT_FOUND', 'the ticket has no SLA');
    if (sla.pauses.length) throw new SlaError('SLA_ALREADY_PAUSED', `the SLA clock is already paused (waiting for ${sla.pauses[0]!.reason})`);
    const pause = await tx.slaPause.create({ data: { ticketId: input.ticketId, reason: input.reason, startedAt: at } });
    await recordTicketEvent(tx, input.ticketId, at, input.actor, 'sla_paused', { reason: input.reason });
    return pause;
  });
}

/** Starts the clock again. */
export async function resumeSla(deps: WorkflowDeps, input: { ticketId: string; actor: string }): Promise<SlaPause> {
  const at = deps.now();
  return deps.prisma.$transaction(async (tx) => {
    const open = await tx.slaPause.findFirst({ where: { ticketId: input.ticketId, endedAt: null } });
    if (!open) throw new SlaError('SLA_NOT_PAUSED', 'the SLA clock is not paused');
    const pause = await tx.slaPause.update({ where: { id: open.id }, data: { endedAt: at } });
    await recordTicketEvent(tx, input.ticketId, at, input.actor, 'sla_resumed', { reason: open.reason, pausedMinutes: Math.round((at.getTime() - open.startedAt.getTime()) / 60_000) });
    return pause;
  });
}
