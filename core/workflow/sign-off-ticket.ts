import type { Signoff } from '../db/generated/client.ts';
import type { TicketRecord } from '../tickets/ticket-service.ts';
import { WorkflowError } from './errors.ts';
import { parseSignature } from './signature-image.ts';
import { publishTicket } from './ticket-events.ts';
import { lockTicket, moveTicket } from './transition-ticket.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

export interface SignOffInput {
  ticketId: string;
  /** the customer's name as they signed */
  name: string;
  /** the drawn signature: data:image/png;base64,… or data:image/svg+xml,… */
  signature: string;
  /** when the customer signed (default: now) */
  signedAt?: Date | undefined;
  actor: string;
}

/**
 * The customer signs the repair record: name, drawn signature and time are kept with the ticket, the
 * visit's work order is completed and the ticket closes. A repair closes in no other way.
 */
export async function signOffTicket(deps: WorkflowDeps, input: SignOffInput): Promise<{ ticket: TicketRecord; signoff: Signoff }> {
  const image = parseSignature(input.signature);
  const at = deps.now();
  const signedAt = input.signedAt ?? at;
  const result = await deps.prisma.$transaction(async (tx) => {
    const t = await lockTicket(tx, input.ticketId);
    if (t.type !== 'repair') throw new WorkflowError('TICKET_WRONG_TYPE', `a ${t.type} ticket is not signed off this way`);
    const signoff = await tx.signoff.create({
      data: { ticketId: t.id, role: 'customer', name: input.name, imageType: image.type, image: new Uint8Array(image.bytes), signedAt, recordedBy: input.actor },
    });
    const ticket = await moveTicket(tx, t, { ticketId: t.id, to: 'closed', via: 'signoff', actor: input.actor, note: 'signed off by the customer', detail: { signoffId: signoff.id, signedBy: input.name, signedAt: signedAt.toISOString() } }, at);
    await tx.workOrder.updateMany({ where: { ticketId: t.id, completedAt: null, cancelledAt: null }, data: { completedAt: at } });
    return { ticket, signoff };
  });
  publishTicket(deps.bus, result.ticket, 'status', at);
  return result;
}
