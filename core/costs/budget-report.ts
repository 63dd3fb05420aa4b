import type { Db } from '../workflow/workflow-deps.ts';

export interface BudgetLine {
  category: string;
  budgetCents: number | null;
  actualCents: number;
  pendingCents: number;
  /** actual over budget, percent; null without a budget */
  usedPercent: number | null;
}

/** Budget against actual (approved) spending per category for a year, summed in the database. */
export async function budgetReport(db: Db, year: number): Promise<BudgetLine[]> {
  const rows = await db.$queryRaw<Array<{ category: string; budget: number | null; actual: number; pending: number }>>`
    WITH cats AS (SELECT unnest(enum_range(NULL::"CostCategory")) AS category)
    SELECT cats.category::text AS category, b."amount_cents" AS budget,
      coalesce(sum(c."amount_cents") FILTER (WHERE c."status" = 'approved'), 0)::int AS actual,
      coalesce(sum(c."amount_cents") FILTER (WHERE c."status" = 'pending_approval'), 0)::int AS pending
    FROM cats
    LEFT JOIN "budget" b ON b."category" = cats.category AND b."year" = ${year}
    LEFT JOIN "cost_entry" c ON c."category" = cats.category AND c."at" >= ${new Date(Date.UTC(year, 0, 1))} AND c."at" < ${new Date(Date.UTC(year + 1, 0, 1))}
    GROUP BY cats.category, b."amount_cents" ORDER BY cats.category`;
  return rows.map((r) => ({ category: r.category, budgetCents: r.budget, actualCents: r.actual, pendingCents: r.pending, usedPercent: r.budget ? Math.round((r.actual / r.budget) * 1000) / 10 : null }));
}
