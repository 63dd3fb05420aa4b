import type { Prisma } from '../db/generated/client.ts';
import { WorkflowError } from './errors.ts';
import type { Db } from './workflow-deps.ts';

const INCLUDE = {
  customer: { select: { id: true, name: true, tier: true } },
  site: { select: { id: true, name: true, address: true } },
  workOrders: { orderBy: { createdAt: 'asc' }, include: { movements: { select: { partId: true, quantity: true, kind: true } } } },
  tests: { orderBy: { at: 'asc' } },
  signoffs: { orderBy: { signedAt: 'asc' }, select: { id: true, role: true, name: true, signedAt: true } },
  events: { orderBy: [{ at: 'asc' }, { id: 'asc' }] },
} satisfies Prisma.TicketInclude;

export type WorkflowTicket = Prisma.TicketGetPayload<{ include: typeof INCLUDE }>;

/** A ticket with everything its workflow recorded: visits, tests, sign-offs and the whole timeline. */
export async function getWorkflowTicket(db: Db, ticketId: string): Promise<WorkflowTicket> {
  const t = await db.ticket.findUnique({ where: { id: ticketId }, include: INCLUDE });
  if (!t) throw new WorkflowError('TICKET_NOT_FOUND', `no ticket ${ticketId}`);
  return t;
}
