import type { Prisma, StockMovement, WorkOrder } from '../db/generated/client.ts';
import { PartError } from '../parts/errors.ts';
import { issuePartsIn, type PartLine } from '../parts/issue-parts.ts';
import type { TicketRecord } from '../tickets/ticket-service.ts';
import { WorkflowError } from './errors.ts';
import { publishTicket, recordTicketEvent } from './ticket-events.ts';
import { lockTicket, moveTicket } from './transition-ticket.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

/**
 * Work on a charger starts only once these are done (the regulation's "on-site inspection and repair
 * under safety rules"); the engineer ticks each one and the record keeps it.
 */
export const SAFETY_CHECKLIST = [
  'supply isolated',
  'lock-out/tag-out applied',
  'absence of voltage verified',
  'PPE worn',
  'work area secured',
] as const;

export interface ChecklistItem {
  item: string;
  done: boolean;
  note?: string | undefined;
}

export interface OnSiteInput {
  ticketId: string;
  /** when the engineer arrived (default: now) */
  arrivedAt?: Date | undefined;
  inspectionNotes: string;
  actions: string[];
  safetyChecklist: ChecklistItem[];
  /** spare parts used: issued from stock against the visit's work order, the engineer signing for them */
  partsUsed: PartLine[];
  /** the recording engineer (user id and name) */
  engineer: { id: string; name: string };
  actor: string;
}

/** The missing or unticked items of the safety checklist. */
export function unsafeItems(checklist: ChecklistItem[]): string[] {
  const done = new Set(checklist.filter((c) => c.done).map((c) => c.item.trim().toLowerCase()));
  return SAFETY_CHECKLIST.filter((item) => !done.has(item.toLowerCase()));
}

/**
 * The on-site record: arrival, inspection notes, actions, the safety checklist (complete, or nothing is
 * recorded) and the parts used, which leave stock in the same transaction. A dispatched ticket moves to
 * `on_site`; one already on site gets its record completed (a second visit adds to it).
 */
export async function recordOnSite(deps: WorkflowDeps, input: OnSiteInput): Promise<{ ticket: TicketRecord; workOrder: WorkOrder; movements: StockMovement[] }> {
  const missing = unsafeItems(input.safetyChecklist);
  if (missing.length > 0) {
    throw new WorkflowError('ONSITE_SAFETY_CHECKLIST_INCOMPLETE', `work may not be recorded before the safety checklist is complete; missing: ${missing.join(', ')}`, { missing });
  }
  const at = deps.now();
  const result = await deps.prisma.$transaction(async (tx) => {
    const t = await lockTicket(tx, input.ticketId);
    const wo = await currentWorkOrder(tx, t.id);
    if (t.type === 'maintenance' && input.partsUsed.length) await requireApproved(tx, input.partsUsed.map((p) => p.partId));
    const workOrder = await tx.workOrder.update({
      where: { id: wo.id },
      data: {
        arrivedAt: wo.arrivedAt ?? input.arrivedAt ?? at,
        inspectionNotes: wo.inspectionNotes ? `${wo.inspectionNotes}\n${input.inspectionNotes}` : input.inspectionNotes,
        actions: [...wo.actions, ...input.actions],
        safetyChecklist: input.safetyChecklist as unknown as Prisma.InputJsonValue,
      },
    });
    const movements = input.partsUsed.length
      ? await issuePartsIn(tx, { workOrderId: wo.id, lines: input.partsUsed, receiverId: input.engineer.id, receiverName: input.engineer.name, actor: input.actor, note: 'used on site' }, at)
      : [];
    const record = {
      workOrderId: wo.id,
      inspectionNotes: input.inspectionNotes,
      actions: input.actions,
      safetyChecklist: input.safetyChecklist,
      partsUsed: movements.map((m) => ({ partId: m.partId, quantity: -m.quantity, movementId: String(m.id) })),
    };
    const ticket =
      t.status === 'on_site'
        ? (await recordTicketEvent(tx, t.id, at, input.actor, 'on_site_record', record), t)
        : await moveTicket(tx, t, { ticketId: t.id, to: 'on_site', via: 'on-site', actor: input.actor, detail: { arrivedAt: workOrder.arrivedAt?.toISOString(), ...record } }, at);
    return { ticket, workOrder, movements };
  });
  publishTicket(deps.bus, result.ticket, 'status', at);
  return result;
}

/** Maintenance uses genuine or approved parts only (the regulation). */
async function requireApproved(tx: Prisma.TransactionClient, partIds: string[]): Promise<void> {
  const unapproved = await tx.part.findMany({ where: { id: { in: partIds }, approved: false }, select: { sku: true } });
  if (unapproved.length) throw new PartError('PART_NOT_APPROVED', `maintenance may use only genuine or approved parts; not approved: ${unapproved.map((p) => p.sku).join(', ')}`);
}

/** The visit in progress: the ticket's latest work order that is neither completed nor cancelled. */
export async function currentWorkOrder(tx: Prisma.TransactionClient, ticketId: string): Promise<WorkOrder> {
  const wo = await tx.workOrder.findFirst({ where: { ticketId, completedAt: null, cancelledAt: null }, orderBy: { createdAt: 'desc' } });
  if (!wo) throw new WorkflowError('WORK_ORDER_NOT_FOUND', 'the ticket has no open work order: dispatch an engineer first');
  return wo;
}
