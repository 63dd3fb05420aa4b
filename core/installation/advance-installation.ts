import type { Prisma } from '../db/generated/client.ts';
import type { TicketRecord } from '../tickets/ticket-service.ts';
import { WorkflowError } from '../workflow/errors.ts';
import { parseSignature } from '../workflow/signature-image.ts';
import { publishTicket } from '../workflow/ticket-events.ts';
import { lockTicket, moveTicket } from '../workflow/transition-ticket.ts';
import type { WorkflowDeps } from '../workflow/workflow-deps.ts';
import { requireComplete, type TickedItem } from './checklists.ts';

// The installation's steps after scheduling, besides commissioning (commission-installation.ts):
// installed per the manual (checklist complete) → customer trained → acceptance report signed by both.

async function step(deps: WorkflowDeps, ticketId: string, work: (tx: Prisma.TransactionClient, t: TicketRecord, at: Date) => Promise<TicketRecord>): Promise<TicketRecord> {
  const at = deps.now();
  const ticket = await deps.prisma.$transaction(async (tx) => {
    const t = await lockTicket(tx, ticketId);
    if (t.type !== 'installation') throw new WorkflowError('TICKET_WRONG_TYPE', `ticket ${ticketId} is a ${t.type}, not an installation`);
    return work(tx, t, at);
  });
  publishTicket(deps.bus, ticket, 'status', at);
  return ticket;
}

export function recordInstallation(deps: WorkflowDeps, input: { ticketId: string; checklist: TickedItem[]; notes?: string | undefined; actor: string }): Promise<TicketRecord> {
  return step(deps, input.ticketId, async (tx, t, at) => {
    const inst = await tx.installation.findUniqueOrThrow({ where: { ticketId: t.id } });
    requireComplete((inst.checklist as Array<{ item: string }>).map((c) => c.item), input.checklist);
    const moved = await moveTicket(tx, t, { ticketId: t.id, to: 'installed', actor: input.actor, note: input.notes, detail: { checklist: input.checklist } }, at);
    await tx.installation.update({ where: { ticketId: t.id }, data: { checklist: input.checklist as unknown as Prisma.InputJsonValue, installedAt: at } });
    return moved;
  });
}

export function recordTraining(deps: WorkflowDeps, input: { ticketId: string; traineeName: string; topics: string[]; actor: string }): Promise<TicketRecord> {
  return step(deps, input.ticketId, async (tx, t, at) => {
    const moved = await moveTicket(tx, t, { ticketId: t.id, to: 'trained', actor: input.actor, detail: { traineeName: input.traineeName, topics: input.topics } }, at);
    await tx.installation.update({ where: { ticketId: t.id }, data: { trainedAt: at, traineeName: input.traineeName, trainingTopics: input.topics } });
    return moved;
  });
}

interface Signer {
  name: string;
  signature: string;
}

/** The acceptance report, signed by the customer and the technician; the installation closes. */
export function signAcceptance(deps: WorkflowDeps, input: { ticketId: string; customer: Signer; technician: Signer; actor: string }): Promise<TicketRecord> {
  const customer = parseSignature(input.customer.signature);
  const technician = parseSignature(input.technician.signature);
  return step(deps, input.ticketId, async (tx, t, at) => {
    const ready = t.status === 'trained' ? await moveTicket(tx, t, { ticketId: t.id, to: 'awaiting_signoff', actor: input.actor, note: 'acceptance report prepared' }, at) : t;
    for (const [role, signer, image] of [['customer', input.customer, customer], ['technician', input.technician, technician]] as const) {
      await tx.signoff.create({ data: { ticketId: t.id, role, name: signer.name, imageType: image.type, image: new Uint8Array(image.bytes), signedAt: at, recordedBy: input.actor } });
    }
    return moveTicket(tx, ready, { ticketId: t.id, to: 'closed', via: 'acceptance', actor: input.actor, note: 'acceptance report signed', detail: { customer: input.customer.name, technician: input.technician.name } }, at);
  });
}
