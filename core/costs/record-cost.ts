import type { CostEntry } from '../db/generated/client.ts';
import type { CostCategory } from '../db/generated/enums.ts';
import { WorkflowError } from '../workflow/errors.ts';
import { recordTicketEvent } from '../workflow/ticket-events.ts';
import type { WorkflowDeps } from '../workflow/workflow-deps.ts';
import { CostError } from './errors.ts';

export interface CostInput {
  ticketId: string;
  category: CostCategory;
  amountCents: number;
  /** labour time */
  minutes?: number | undefined;
  /** travel distance */
  distanceKm?: number | undefined;
  description: string;
  actor: string;
}

/**
 * Books a cost on a ticket. When it takes its category over the year's budget it waits for a supervisor's
 * approval; the budget row is locked meanwhile, so two bookings cannot both slip under it.
 */
export async function recordCost(deps: WorkflowDeps, input: CostInput): Promise<CostEntry> {
  const at = deps.now();
  const year = at.getUTCFullYear();
  return deps.prisma.$transaction(async (tx) => {
    if (!(await tx.ticket.count({ where: { id: input.ticketId } }))) throw new WorkflowError('TICKET_NOT_FOUND', `no ticket ${input.ticketId}`);
    const [budget] = await tx.$queryRaw<Array<{ amount_cents: number }>>`SELECT "amount_cents" FROM "budget" WHERE "year" = ${year} AND "category" = ${input.category}::"CostCategory" FOR UPDATE`;
    let status: CostEntry['status'] = 'approved';
    if (budget) {
      const [spent] = await tx.$queryRaw<Array<{ cents: number }>>`
        SELECT coalesce(sum("amount_cents"), 0)::int AS cents FROM "cost_entry"
        WHERE "category" = ${input.category}::"CostCategory" AND "status" = 'approved' AND "at" >= ${new Date(Date.UTC(year, 0, 1))} AND "at" < ${new Date(Date.UTC(year + 1, 0, 1))}`;
      if ((spent?.cents ?? 0) + input.amountCents > budget.amount_cents) status = 'pending_approval';
    }
    const entry = await tx.costEntry.create({
      data: { ticketId: input.ticketId, category: input.category, amountCents: input.amountCents, minutes: input.minutes ?? null, distanceKm: input.distanceKm ?? null, description: input.description, at, actor: input.actor, status },
    });
    await recordTicketEvent(tx, input.ticketId, at, input.actor, 'cost', { costId: String(entry.id), category: input.category, amountCents: input.amountCents, status });
    return entry;
  });
}

/** A supervisor's decision on over-budget spending. */
export async function decideCost(deps: WorkflowDeps, input: { costId: bigint; approve: boolean; actor: string }): Promise<CostEntry> {
  const at = deps.now();
  return deps.prisma.$transaction(async (tx) => {
    const c = await tx.costEntry.findUnique({ where: { id: input.costId } });
    if (!c) throw new CostError('COST_NOT_FOUND', `no cost ${input.costId}`);
    const { count } = await tx.costEntry.updateMany({ where: { id: input.costId, status: 'pending_approval' }, data: { status: input.approve ? 'approved' : 'rejected', decidedBy: input.actor, decidedAt: at } });
    if (count === 0) throw new CostError('COST_NOT_PENDING', `the cost is ${c.status}, not waiting for approval`);
    await recordTicketEvent(tx, c.ticketId, at, input.actor, input.approve ? 'cost_approved' : 'cost_rejected', { costId: String(c.id), amountCents: c.amountCents });
    return tx.costEntry.findUniqueOrThrow({ where: { id: input.costId } });
  });
}
