import type { Db } from '../workflow/workflow-deps.ts';

export interface ReorderSuggestion {
  partId: string;
  sku: string;
  name: string;
  quantity: number;
  reorderPoint: number;
  /** parts issued per 30 days, from goods-out over the look-back window */
  monthlyDemand: number;
  suggestedQuantity: number;
}

/**
 * Purchase planning from stock and demand, in the database: a part is suggested when its stock is at or
 * below its reorder point, or would be within a month at its recent rate of use. The suggestion covers the
 * reorder point plus a month of demand, and at least the part's reorder quantity.
 */
export async function reorderSuggestions(db: Db, now: Date, lookBackDays = 90): Promise<ReorderSuggestion[]> {
  const since = new Date(now.getTime() - lookBackDays * 86_400_000);
  const rows = await db.$queryRaw<Array<{ part_id: string; sku: string; name: string; quantity: number; reorder_point: number; reorder_quantity: number; monthly: number }>>`
    SELECT p."id" AS part_id, p."sku", p."name", p."quantity", p."reorder_point", p."reorder_quantity",
           coalesce(-sum(m."quantity") FILTER (WHERE m."kind" = 'goods_out'), 0)::float8 * 30 / ${lookBackDays} AS monthly
    FROM "part" p
    LEFT JOIN "stock_movement" m ON m."part_id" = p."id" AND m."at" >= ${since}
    GROUP BY p."id"
    HAVING p."quantity" <= p."reorder_point" + coalesce(-sum(m."quantity") FILTER (WHERE m."kind" = 'goods_out'), 0)::float8 * 30 / ${lookBackDays}
    ORDER BY p."quantity" - p."reorder_point" ASC, p."sku" ASC`;
  return rows.map((r) => {
    const monthlyDemand = Math.round(r.monthly * 10) / 10;
    const need = Math.ceil(r.reorder_point + r.monthly - r.quantity);
    return { partId: r.part_id, sku: r.sku, name: r.name, quantity: r.quantity, reorderPoint: r.reorder_point, monthlyDemand, suggestedQuantity: Math.max(r.reorder_quantity, need) };
  });
}
