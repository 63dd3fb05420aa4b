import type { TicketRecord } from '../../tickets/ticket-service.ts';
import { WorkflowError } from '../errors.ts';
import { publishTicket } from '../ticket-events.ts';
import { lockTicket, moveTicket } from '../transition-ticket.ts';
import type { WorkflowDeps } from '../workflow-deps.ts';

/** The reply to the customer: recorded with who answered and when; the consultation closes. */
export async function answerConsultation(deps: WorkflowDeps, input: { ticketId: string; answer: string; actor: string }): Promise<TicketRecord> {
  const at = deps.now();
  const ticket = await deps.prisma.$transaction(async (tx) => {
    const t = await lockTicket(tx, input.ticketId);
    if (t.type !== 'consultation') throw new WorkflowError('TICKET_WRONG_TYPE', `ticket ${input.ticketId} is a ${t.type}, not a consultation`);
    const c = await tx.consultation.findUniqueOrThrow({ where: { ticketId: t.id } });
    const late = c.promisedReplyBy !== null && at > c.promisedReplyBy;
    const moved = await moveTicket(tx, t, { ticketId: t.id, to: 'closed', via: 'answer', actor: input.actor, note: 'answered', detail: { late } }, at);
    await tx.consultation.update({ where: { ticketId: t.id }, data: { answer: input.answer, answeredAt: at, answeredBy: input.actor } });
    return moved;
  });
  publishTicket(deps.bus, ticket, 'status', at);
  return ticket;
}
