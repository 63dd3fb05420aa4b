import type { ContactChannel, TicketPriority } from '../../db/generated/enums.ts';
import type { TicketRecord } from '../../tickets/ticket-service.ts';
import { createTicketIn, titleFrom } from '../create-ticket.ts';
import { publishTicket } from '../ticket-events.ts';
import { moveTicket } from '../transition-ticket.ts';
import type { WorkflowDeps } from '../workflow-deps.ts';
import { checkRoutable } from './route-consultation.ts';

export interface Contact {
  name: string;
  phone?: string | null | undefined;
  email?: string | null | undefined;
}

export interface OpenConsultationInput {
  customerId?: string | undefined;
  chargerId?: string | undefined;
  channel: ContactChannel;
  contact: Contact;
  content: string;
  priority?: TicketPriority | undefined;
  /** a simple question answered at once: the consultation closes with it */
  answer?: string | undefined;
  /** a complex one goes to the right person, with the reply time promised to the customer */
  routeTo?: { userId: string; promisedReplyBy: Date } | undefined;
  actor: string;
}

/** Logs a consultation (phone, e-mail, chat, web): who asked, how, what; answered now or routed. */
export async function openConsultation(deps: WorkflowDeps, input: OpenConsultationInput): Promise<TicketRecord> {
  const at = deps.now();
  if (input.routeTo) await checkRoutable(deps, input.routeTo.userId, input.routeTo.promisedReplyBy, at);
  const ticket = await deps.prisma.$transaction(async (tx) => {
    let t = await createTicketIn(tx, { type: 'consultation', title: titleFrom(input.content), customerId: input.customerId, chargerId: input.chargerId, priority: input.priority, actor: input.actor, detail: { channel: input.channel } }, at);
    await tx.consultation.create({
      data: { ticketId: t.id, channel: input.channel, contactName: input.contact.name, contactPhone: input.contact.phone ?? null, contactEmail: input.contact.email ?? null, content: input.content },
    });
    if (input.answer) {
      await tx.consultation.update({ where: { ticketId: t.id }, data: { answer: input.answer, answeredAt: at, answeredBy: input.actor } });
      t = await moveTicket(tx, t, { ticketId: t.id, to: 'closed', via: 'answer', actor: input.actor, note: 'answered at once' }, at);
    } else if (input.routeTo) {
      await tx.consultation.update({ where: { ticketId: t.id }, data: { routedTo: input.routeTo.userId, promisedReplyBy: input.routeTo.promisedReplyBy } });
      t = await moveTicket(tx, t, { ticketId: t.id, to: 'routed', via: 'route', actor: input.actor, detail: { routedTo: input.routeTo.userId, promisedReplyBy: input.routeTo.promisedReplyBy.toISOString() }, data: { assigneeId: input.routeTo.userId } }, at);
    }
    return t;
  });
  publishTicket(deps.bus, ticket, 'created', at);
  return ticket;
}
