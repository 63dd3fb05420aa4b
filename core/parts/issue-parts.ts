import type { Prisma, StockMovement } from '../db/generated/client.ts';
import { WorkflowError } from '../workflow/errors.ts';
import type { WorkflowDeps } from '../workflow/workflow-deps.ts';
import { PartError } from './errors.ts';

export interface PartLine {
  partId: string;
  quantity: number;
}

export interface IssuePartsInput {
  /** goods-out only against a work order (repair, maintenance or installation visit) */
  workOrderId: string;
  lines: PartLine[];
  /** the person who takes the parts and signs for them */
  receiverId: string;
  receiverName: string;
  /** the receiver's drawn signature; a logged-in receiver recording their own use signs by doing so */
  receiverSignature?: Buffer | undefined;
  actor: string;
  note?: string | undefined;
}

/** Same part twice in one request counts once, with the quantities added; sorted so that concurrent
 *  multi-part issues take their row locks in one order (no deadlock). */
export function mergeLines(lines: PartLine[]): PartLine[] {
  const byPart = new Map<string, number>();
  for (const l of lines) byPart.set(l.partId, (byPart.get(l.partId) ?? 0) + l.quantity);
  return [...byPart].map(([partId, quantity]) => ({ partId, quantity })).sort((a, b) => a.partId.localeCompare(b.partId));
}

/**
 * Goods-out inside the caller's transaction. Each line is one conditional UPDATE (… WHERE quantity >= n):
 * the database decides, row by row, so concurrent goods-out can never take stock below zero; a line that
 * does not fit fails the whole transaction, leaving nothing half-issued.
 */
export async function issuePartsIn(tx: Prisma.TransactionClient, input: IssuePartsInput, at: Date): Promise<StockMovement[]> {
  const wo = await tx.workOrder.findUnique({ where: { id: input.workOrderId }, select: { id: true, completedAt: true, cancelledAt: true } });
  if (!wo) throw new WorkflowError('WORK_ORDER_NOT_FOUND', `no work order ${input.workOrderId}`);
  if (wo.completedAt || wo.cancelledAt) throw new PartError('STOCK_WORK_ORDER_CLOSED', 'parts can only be issued against an open work order');
  const out: StockMovement[] = [];
  for (const line of mergeLines(input.lines)) {
    const rows = await tx.$queryRaw<Array<{ quantity: number }>>`
      UPDATE "part" SET "quantity" = "quantity" - ${line.quantity}, "updated_at" = ${at}
      WHERE "id" = ${line.partId}::uuid AND "quantity" >= ${line.quantity}
      RETURNING "quantity"`;
    const balance = rows[0]?.quantity;
    if (balance === undefined) {
      const part = await tx.part.findUnique({ where: { id: line.partId }, select: { quantity: true, sku: true } });
      if (!part) throw new PartError('PART_NOT_FOUND', `no part ${line.partId}`);
      throw new PartError('STOCK_INSUFFICIENT', `only ${part.quantity} of ${part.sku} in stock, ${line.quantity} asked`, { partId: line.partId, available: part.quantity, requested: line.quantity });
    }
    out.push(
      await tx.stockMovement.create({
        data: {
          partId: line.partId,
          kind: 'goods_out',
          quantity: -line.quantity,
          balanceAfter: balance,
          at,
          actor: input.actor,
          workOrderId: input.workOrderId,
          receiverId: input.receiverId,
          receiverName: input.receiverName,
          receiverSignature: input.receiverSignature ? new Uint8Array(input.receiverSignature) : null,
          note: input.note ?? null,
        },
      }),
    );
  }
  return out;
}

/** The goods-out use case on its own (the store hands parts to an engineer before the visit). */
export async function issueParts(deps: WorkflowDeps, input: IssuePartsInput): Promise<StockMovement[]> {
  const at = deps.now();
  return deps.prisma.$transaction((tx) => issuePartsIn(tx, input, at));
}
