import type { Command } from '../db/generated/client.ts';
import type { ContactChannel, TicketStatus } from '../db/generated/enums.ts';
import { notifyCustomer } from '../customers/notify-customer.ts';
import type { TicketRecord } from '../tickets/ticket-service.ts';
import { WorkflowError } from './errors.ts';
import { publishTicket, recordTicketEvent } from './ticket-events.ts';
import { lockTicket, moveTicket } from './transition-ticket.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

export type EscalationDecision = 'replacement' | 'suspension' | 'continue' | 'cancel';

export interface DecideInput {
  ticketId: string;
  decision: EscalationDecision;
  /** for `continue`: where the repair goes on (default awaiting_dispatch) */
  next?: 'remote_action' | 'awaiting_dispatch' | 'on_site' | undefined;
  reason: string;
  /** what the customer is told; required for replacement and suspension */
  notice?: { channel: ContactChannel; subject: string; message: string } | undefined;
  actor: string;
}

const NEXT: Record<EscalationDecision, (i: DecideInput) => TicketStatus | null> = {
  // the charger is replaced: a visit installs the new one
  replacement: () => 'awaiting_dispatch',
  // out of use until the supervisor decides again; the ticket stays with them
  suspension: () => null,
  continue: (i) => i.next ?? 'awaiting_dispatch',
  cancel: () => 'cancelled',
};

/**
 * The supervisor's decision on an escalated repair. Replacement and suspension take the charger out of
 * use (ChangeAvailability Inoperative through the command service, recorded against the ticket) and the
 * customer is told; the decision and the notice are in the timeline.
 */
export async function decideEscalation(deps: WorkflowDeps, input: DecideInput): Promise<{ ticket: TicketRecord; command: Command | null }> {
  const t0 = await deps.prisma.ticket.findUnique({ where: { id: input.ticketId } });
  if (!t0) throw new WorkflowError('TICKET_NOT_FOUND', `no ticket ${input.ticketId}`);
  if (t0.status !== 'escalated') {
    throw new WorkflowError('TICKET_TRANSITION_NOT_ALLOWED', `only an escalated ticket takes a supervisor's decision; this one is ${t0.status}`, { from: t0.status, to: 'escalated', allowed: [] });
  }
  const outOfUse = input.decision === 'replacement' || input.decision === 'suspension';
  if (outOfUse && !input.notice) throw new WorkflowError('TICKET_TRANSITION_NEEDS_ACTION', `a ${input.decision} must tell the customer: give a notice`, { action: 'notice' });
  if (outOfUse && !t0.chargerId) throw new WorkflowError('TICKET_NO_CHARGER', 'the ticket names no charger to take out of use');
  if (outOfUse && !deps.commands) throw new WorkflowError('COMMANDS_UNAVAILABLE', 'this node cannot send commands to chargers');

  // The command is the decision's effect on the charger: queued if it is offline, delivered when it returns.
  const command = outOfUse
    ? await deps.commands!.issue({ chargerId: t0.chargerId!, command: { kind: 'changeAvailability', operative: false }, requestedBy: input.actor, ticketId: t0.id, whenOffline: 'queue' })
    : null;
  const at = deps.now();
  const ticket = await deps.prisma.$transaction(async (tx) => {
    const t = await lockTicket(tx, input.ticketId);
    await recordTicketEvent(tx, t.id, at, input.actor, 'supervisor_decision', { decision: input.decision, reason: input.reason, ...(command ? { commandId: command.id } : {}) });
    if (input.notice) await notifyCustomer(tx, { ticketId: t.id, ...input.notice, actor: input.actor }, at);
    const next = NEXT[input.decision](input);
    return next ? moveTicket(tx, t, { ticketId: t.id, to: next, via: 'decision', actor: input.actor, note: input.reason, detail: { decision: input.decision } }, at) : t;
  });
  publishTicket(deps.bus, ticket, 'status', at);
  return { ticket, command };
}
