import type { ContactChannel, TicketPriority } from '../../db/generated/enums.ts';
import type { TicketRecord } from '../../tickets/ticket-service.ts';
import type { Contact } from '../consultations/open-consultation.ts';
import { createTicketIn, titleFrom } from '../create-ticket.ts';
import { publishTicket } from '../ticket-events.ts';
import type { WorkflowDeps } from '../workflow-deps.ts';

export interface OpenComplaintInput {
  customerId?: string | undefined;
  channel: ContactChannel;
  contact: Contact;
  content: string;
  /** the ticket (repair, installation, …) the complaint is about */
  relatedTicketId?: string | undefined;
  /** the staff member it concerns, if the customer names one (counts in their assessment) */
  staffId?: string | undefined;
  priority?: TicketPriority | undefined;
  actor: string;
}

export async function openComplaint(deps: WorkflowDeps, input: OpenComplaintInput): Promise<TicketRecord> {
  const at = deps.now();
  const ticket = await deps.prisma.$transaction(async (tx) => {
    const t = await createTicketIn(tx, { type: 'complaint', title: titleFrom(input.content), customerId: input.customerId, priority: input.priority ?? 'high', actor: input.actor, detail: { channel: input.channel } }, at);
    await tx.complaint.create({
      data: {
        ticketId: t.id,
        channel: input.channel,
        contactName: input.contact.name,
        contactPhone: input.contact.phone ?? null,
        contactEmail: input.contact.email ?? null,
        content: input.content,
        relatedTicketId: input.relatedTicketId ?? null,
        staffId: input.staffId ?? null,
      },
    });
    return t;
  });
  publishTicket(deps.bus, ticket, 'created', at);
  return ticket;
}
