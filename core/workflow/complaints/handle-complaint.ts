import type { ContactChannel } from '../../db/generated/enums.ts';
import type { Prisma } from '../../db/generated/client.ts';
import { notifyCustomer } from '../../customers/notify-customer.ts';
import type { TicketRecord } from '../../tickets/ticket-service.ts';
import { WorkflowError } from '../errors.ts';
import { publishTicket } from '../ticket-events.ts';
import { lockTicket, moveTicket } from '../transition-ticket.ts';
import type { WorkflowDeps } from '../workflow-deps.ts';

// The complaint loop of the regulation, one use case per step: acknowledge (apology and promise) →
// the supervisor investigates (cause, responsible party) → a handling plan is shared with the customer →
// a follow-up checks satisfaction; an unsatisfied customer gets a new plan (or a new investigation).

async function step(deps: WorkflowDeps, ticketId: string, work: (tx: Prisma.TransactionClient, t: TicketRecord, at: Date) => Promise<TicketRecord>): Promise<TicketRecord> {
  const at = deps.now();
  const ticket = await deps.prisma.$transaction(async (tx) => {
    const t = await lockTicket(tx, ticketId);
    if (t.type !== 'complaint') throw new WorkflowError('TICKET_WRONG_TYPE', `ticket ${ticketId} is a ${t.type}, not a complaint`);
    return work(tx, t, at);
  });
  publishTicket(deps.bus, ticket, 'status', at);
  return ticket;
}

export function acknowledgeComplaint(deps: WorkflowDeps, input: { ticketId: string; apology: string; promise: string; channel: ContactChannel; actor: string }): Promise<TicketRecord> {
  return step(deps, input.ticketId, async (tx, t, at) => {
    const moved = await moveTicket(tx, t, { ticketId: t.id, to: 'acknowledged', via: 'acknowledge', actor: input.actor }, at);
    await tx.complaint.update({ where: { ticketId: t.id }, data: { apology: input.apology, promise: input.promise, acknowledgedAt: at } });
    await notifyCustomer(tx, { ticketId: t.id, channel: input.channel, subject: 'We are sorry', message: `${input.apology}\n\n${input.promise}`, actor: input.actor }, at);
    return moved;
  });
}

export function investigateComplaint(deps: WorkflowDeps, input: { ticketId: string; cause: string; responsibleParty: string; staffId?: string | undefined; actor: string }): Promise<TicketRecord> {
  return step(deps, input.ticketId, async (tx, t, at) => {
    const moved = await moveTicket(tx, t, { ticketId: t.id, to: 'investigating', via: 'investigate', actor: input.actor, detail: { cause: input.cause, responsibleParty: input.responsibleParty } }, at);
    await tx.complaint.update({
      where: { ticketId: t.id },
      data: { cause: input.cause, responsibleParty: input.responsibleParty, investigatedAt: at, investigatedBy: input.actor, ...(input.staffId ? { staffId: input.staffId } : {}) },
    });
    return moved;
  });
}

export function shareComplaintPlan(deps: WorkflowDeps, input: { ticketId: string; measures: string[]; ownerId: string; deadline: Date; channel: ContactChannel; actor: string }): Promise<TicketRecord> {
  return step(deps, input.ticketId, async (tx, t, at) => {
    const moved = await moveTicket(tx, t, { ticketId: t.id, to: 'plan_shared', via: 'plan', actor: input.actor }, at);
    await tx.complaintPlan.create({ data: { complaintId: t.id, measures: input.measures, ownerId: input.ownerId, deadline: input.deadline, sharedAt: at, createdBy: input.actor } });
    const message = `What we will do:\n${input.measures.map((m) => `- ${m}`).join('\n')}\n\nBy ${input.deadline.toISOString().slice(0, 10)}.`;
    await notifyCustomer(tx, { ticketId: t.id, channel: input.channel, subject: 'How we will handle your complaint', message, actor: input.actor }, at);
    return moved;
  });
}

/** A follow-up after handling: a satisfied customer closes the complaint; otherwise the loop goes on. */
export function recordComplaintFollowUp(deps: WorkflowDeps, input: { ticketId: string; channel: ContactChannel; notes?: string | undefined; satisfaction: number; satisfied: boolean; actor: string }): Promise<TicketRecord> {
  return step(deps, input.ticketId, async (tx, t, at) => {
    let moved = await moveTicket(tx, t, { ticketId: t.id, to: 'follow_up', via: 'follow-up', actor: input.actor, detail: { satisfaction: input.satisfaction, satisfied: input.satisfied } }, at);
    await tx.complaintFollowUp.create({ data: { complaintId: t.id, at, actor: input.actor, channel: input.channel, notes: input.notes ?? null, satisfaction: input.satisfaction, satisfied: input.satisfied } });
    if (input.satisfied) {
      moved = await moveTicket(tx, moved, { ticketId: t.id, to: 'closed', via: 'follow-up', actor: input.actor, note: 'the customer is satisfied' }, at);
      await tx.complaint.update({ where: { ticketId: t.id }, data: { satisfiedAt: at } });
    }
    return moved;
  });
}
