import type { TicketRecord } from '../tickets/ticket-service.ts';
import { publishTicket } from './ticket-events.ts';
import { lockTicket, moveTicket } from './transition-ticket.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

export interface EscalateInput {
  ticketId: string;
  /** a safety hazard, or a quality problem (repeat failures, a batch defect) */
  kind: 'safety' | 'quality';
  reason: string;
  actor: string;
}

/** Hands a repair ticket to a supervisor, who decides replacement, suspension or how the repair goes on. */
export async function escalateTicket(deps: WorkflowDeps, input: EscalateInput): Promise<TicketRecord> {
  const at = deps.now();
  const ticket = await deps.prisma.$transaction(async (tx) => {
    const t = await lockTicket(tx, input.ticketId);
    return moveTicket(tx, t, { ticketId: t.id, to: 'escalated', via: 'escalate', actor: input.actor, note: input.reason, detail: { kind: input.kind }, data: { escalated: true } }, at);
  });
  publishTicket(deps.bus, ticket, 'escalated', at);
  return ticket;
}
