import type { StockMovement } from '../db/generated/client.ts';
import type { WorkflowDeps } from '../workflow/workflow-deps.ts';
import { PartError } from './errors.ts';

export interface GoodsInLine {
  partId: string;
  quantity: number;
  /** the incoming inspection: parts that fail it do not enter stock */
  inspectionPassed: boolean;
  inspectionNotes?: string | undefined;
}

/**
 * Goods-in from a supplier: each line is inspected; accepted quantities enter stock (an atomic increment),
 * rejected ones are recorded against the supplier (for its evaluation) and stay out.
 */
export async function receiveGoods(deps: WorkflowDeps, input: { supplierId: string; lines: GoodsInLine[]; actor: string; note?: string | undefined }): Promise<StockMovement[]> {
  const at = deps.now();
  return deps.prisma.$transaction(async (tx) => {
    if (!(await tx.supplier.count({ where: { id: input.supplierId } }))) throw new PartError('SUPPLIER_NOT_FOUND', `no supplier ${input.supplierId}`);
    const out: StockMovement[] = [];
    for (const line of [...input.lines].sort((a, b) => a.partId.localeCompare(b.partId))) {
      const add = line.inspectionPassed ? line.quantity : 0;
      const rows = await tx.$queryRaw<Array<{ quantity: number }>>`
        UPDATE "part" SET "quantity" = "quantity" + ${add}, "updated_at" = ${at} WHERE "id" = ${line.partId}::uuid RETURNING "quantity"`;
      if (!rows[0]) throw new PartError('PART_NOT_FOUND', `no part ${line.partId}`);
      out.push(
        await tx.stockMovement.create({
          data: {
            partId: line.partId,
            kind: line.inspectionPassed ? 'goods_in' : 'goods_in_rejected',
            quantity: add,
            rejectedQuantity: line.inspectionPassed ? 0 : line.quantity,
            balanceAfter: rows[0].quantity,
            at,
            actor: input.actor,
            supplierId: input.supplierId,
            inspectionPassed: line.inspectionPassed,
            inspectionNotes: line.inspectionNotes ?? null,
            note: input.note ?? null,
          },
        }),
      );
    }
    return out;
  });
}
