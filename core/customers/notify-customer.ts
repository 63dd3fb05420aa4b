import type { ContactChannel } from '../db/generated/enums.ts';
import type { CustomerNotice } from '../db/generated/client.ts';
import { recordTicketEvent } from '../workflow/ticket-events.ts';
import type { Db } from '../workflow/workflow-deps.ts';

export interface NoticeInput {
  ticketId: string;
  channel: ContactChannel;
  subject: string;
  message: string;
  actor: string;
}

/**
 * Records that the customer was told something about their ticket (decision, plan, outcome): the notice
 * goes to the customer's history and the ticket's timeline. Sending it (mail, SMS) is the channel's job.
 */
export async function notifyCustomer(db: Db, input: NoticeInput, at: Date): Promise<CustomerNotice> {
  const t = await db.ticket.findUniqueOrThrow({ where: { id: input.ticketId }, select: { customerId: true } });
  const notice = await db.customerNotice.create({
    data: { customerId: t.customerId, ticketId: input.ticketId, at, channel: input.channel, subject: input.subject, body: input.message, sentBy: input.actor },
  });
  await recordTicketEvent(db, input.ticketId, at, input.actor, 'customer_notified', { noticeId: String(notice.id), channel: input.channel, subject: input.subject });
  return notice;
}
