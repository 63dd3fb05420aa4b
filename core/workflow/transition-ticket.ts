import { Prisma } from '../db/generated/client.ts';
import type { TicketStatus } from '../db/generated/enums.ts';
import { OPEN_STATUSES, openKeyOf, type TicketRecord } from '../tickets/ticket-service.ts';
import { WorkflowError } from './errors.ts';
import { allowedTransitions, findEdge, type TransitionVia } from './state-machines.ts';
import { publishTicket, recordTicketEvent } from './ticket-events.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

export interface TransitionInput {
  ticketId: string;
  to: TicketStatus;
  /** "user:<id>", "rule:<name>" or "system" */
  actor: string;
  note?: string | undefined;
  /** extra facts for the timeline entry */
  detail?: Record<string, unknown> | undefined;
  /** the use case performing the move; moves that carry data are only legal through theirs */
  via?: TransitionVia | undefined;
  /** columns the move changes besides the status */
  data?: Prisma.TicketUpdateManyMutationInput | undefined;
}

/** Locks the ticket row for the rest of the transaction: workflow moves on one ticket run one at a time. */
export async function lockTicket(tx: Prisma.TransactionClient, ticketId: string): Promise<TicketRecord> {
  await tx.$queryRaw`SELECT id FROM "ticket" WHERE id = ${ticketId}::uuid FOR UPDATE`;
  const t = await tx.ticket.findUnique({ where: { id: ticketId } });
  if (!t) throw new WorkflowError('TICKET_NOT_FOUND', `no ticket ${ticketId}`);
  return t;
}

/**
 * Moves a (locked) ticket along its state machine inside the caller's transaction and writes the
 * timeline entry. Refuses a move its table does not list (with the legal ones), and a move that belongs
 * to another use case. Keeps the fault pipeline's open key in step: a repair ticket holds it while open.
 */
export async function moveTicket(tx: Prisma.TransactionClient, t: TicketRecord, input: TransitionInput, at: Date): Promise<TicketRecord> {
  const edge = findEdge(t.type, t.status, input.to);
  if (!edge) {
    const allowed = allowedTransitions(t.type, t.status);
    throw new WorkflowError('TICKET_TRANSITION_NOT_ALLOWED', `a ${t.type} ticket in ${t.status} cannot move to ${input.to}; allowed: ${allowed.join(', ') || 'none'}`, {
      from: t.status,
      to: input.to,
      allowed,
    });
  }
  if (edge.via !== input.via) {
    throw new WorkflowError('TICKET_TRANSITION_NEEDS_ACTION', `moving a ${t.type} ticket to ${input.to} records data of its own: use the "${edge.via}" action`, { from: t.status, to: input.to, action: edge.via });
  }

  const data: Prisma.TicketUpdateInput = { status: input.to, ...input.data };
  const wasOpen = OPEN_STATUSES.includes(t.status);
  const isOpen = OPEN_STATUSES.includes(input.to);
  if (t.type === 'repair' && wasOpen && !isOpen) data.openKey = null;
  if (t.type === 'repair' && !wasOpen && isOpen && t.chargerId && t.faultClass) {
    data.openKey = openKeyOf(t.chargerId, { evseId: t.evseId ?? 0, connectorId: t.connectorId ?? 0 }, t.faultClass);
  }
  if (input.to === 'resolved_remotely' || input.to === 'closed') {
    data.resolvedAt = at;
    if (input.note) data.resolution = input.note;
  }
  if (input.to === 'closed' || input.to === 'cancelled') data.closedAt = at;
  if (input.to === 'open' && (t.status === 'closed' || t.status === 'resolved_remotely')) {
    Object.assign(data, { reopenCount: { increment: 1 }, resolvedAt: null, resolution: null, closedAt: null });
  }

  let updated: TicketRecord;
  try {
    updated = await tx.ticket.update({ where: { id: t.id }, data });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      throw new WorkflowError('TICKET_ALREADY_OPEN_FOR_FAULT', `another open ticket already tracks ${t.faultClass} on ${t.chargerId}; add to that one instead`);
    }
    throw err;
  }
  await recordTicketEvent(tx, t.id, at, input.actor, 'status', {
    from: t.status,
    to: input.to,
    ...(input.via ? { via: input.via } : {}),
    ...(input.note ? { note: input.note } : {}),
    ...input.detail,
  });
  return updated;
}

/** The plain `transition` use case: one move of one ticket, atomically with its timeline entry. */
export async function transitionTicket(deps: WorkflowDeps, input: TransitionInput): Promise<TicketRecord> {
  const at = deps.now();
  const ticket = await deps.prisma.$transaction(async (tx) => moveTicket(tx, await lockTicket(tx, input.ticketId), input, at));
  publishTicket(deps.bus, ticket, 'status', at);
  return ticket;
}
