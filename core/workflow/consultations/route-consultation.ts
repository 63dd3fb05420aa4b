import type { TicketRecord } from '../../tickets/ticket-service.ts';
import { WorkflowError } from '../errors.ts';
import { publishTicket } from '../ticket-events.ts';
import { lockTicket, moveTicket } from '../transition-ticket.ts';
import type { WorkflowDeps } from '../workflow-deps.ts';

/** Only an active colleague can take a consultation, and only with a reply time still ahead. */
export async function checkRoutable(deps: WorkflowDeps, userId: string, promisedReplyBy: Date, now: Date): Promise<void> {
  const u = await deps.prisma.user.findUnique({ where: { id: userId }, select: { disabled: true, role: true } });
  if (!u || u.disabled || u.role === 'viewer') throw new WorkflowError('CONSULTATION_ROUTE_INVALID', 'route consultations to an active colleague who can answer them', { userId });
  if (!(promisedReplyBy > now)) throw new WorkflowError('CONSULTATION_ROUTE_INVALID', 'the promised reply time must lie ahead');
}

/** Routes (or re-routes) a consultation to the right person with the reply time promised to the customer. */
export async function routeConsultation(deps: WorkflowDeps, input: { ticketId: string; userId: string; promisedReplyBy: Date; actor: string }): Promise<TicketRecord> {
  const at = deps.now();
  await checkRoutable(deps, input.userId, input.promisedReplyBy, at);
  const ticket = await deps.prisma.$transaction(async (tx) => {
    const t = await lockTicket(tx, input.ticketId);
    if (t.type !== 'consultation') throw new WorkflowError('TICKET_WRONG_TYPE', `ticket ${input.ticketId} is a ${t.type}, not a consultation`);
    const moved = await moveTicket(tx, t, { ticketId: t.id, to: 'routed', via: 'route', actor: input.actor, detail: { routedTo: input.userId, promisedReplyBy: input.promisedReplyBy.toISOString() }, data: { assigneeId: input.userId } }, at);
    await tx.consultation.update({ where: { ticketId: t.id }, data: { routedTo: input.userId, promisedReplyBy: input.promisedReplyBy } });
    return moved;
  });
  publishTicket(deps.bus, ticket, 'status', at);
  return ticket;
}
