import type { WorkflowDeps } from '../workflow/workflow-deps.ts';
import { PartError } from './errors.ts';

export interface CountedLine {
  partId: string;
  counted: number;
}

export interface Discrepancy {
  partId: string;
  sku: string;
  name: string;
  expected: number;
  counted: number;
  difference: number;
}

/**
 * A stock count: each counted part is locked, compared with the books and corrected to what was counted
 * (a count adjustment movement); the discrepancy report lists every difference.
 */
export async function recordStockCount(deps: WorkflowDeps, input: { lines: CountedLine[]; note?: string | undefined; actor: string }): Promise<{ countId: string; discrepancies: Discrepancy[] }> {
  const at = deps.now();
  return deps.prisma.$transaction(async (tx) => {
    const count = await tx.stockCount.create({ data: { at, actor: input.actor, note: input.note ?? null } });
    const discrepancies: Discrepancy[] = [];
    for (const line of [...input.lines].sort((a, b) => a.partId.localeCompare(b.partId))) {
      const [part] = await tx.$queryRaw<Array<{ quantity: number; sku: string; name: string }>>`SELECT "quantity", "sku", "name" FROM "part" WHERE "id" = ${line.partId}::uuid FOR UPDATE`;
      if (!part) throw new PartError('PART_NOT_FOUND', `no part ${line.partId}`);
      await tx.stockCountLine.create({ data: { countId: count.id, partId: line.partId, expected: part.quantity, counted: line.counted } });
      const difference = line.counted - part.quantity;
      if (difference === 0) continue;
      await tx.part.update({ where: { id: line.partId }, data: { quantity: line.counted } });
      await tx.stockMovement.create({ data: { partId: line.partId, kind: 'count_adjustment', quantity: difference, balanceAfter: line.counted, at, actor: input.actor, countId: count.id, note: input.note ?? null } });
      discrepancies.push({ partId: line.partId, sku: part.sku, name: part.name, expected: part.quantity, counted: line.counted, difference });
    }
    return { countId: count.id, discrepancies };
  });
}
