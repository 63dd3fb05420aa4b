import { Prisma, type Supplier, type SupplierEvaluation } from '../db/generated/client.ts';
import type { Db, WorkflowDeps } from '../workflow/workflow-deps.ts';
import { PartError } from './errors.ts';

export async function createSupplier(deps: WorkflowDeps, input: { name: string; contact?: string | null | undefined; email?: string | null | undefined; phone?: string | null | undefined }): Promise<Supplier> {
  try {
    return await deps.prisma.supplier.create({ data: input });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') throw new PartError('SUPPLIER_NAME_TAKEN', `a supplier named ${input.name} exists`);
    throw err;
  }
}

/** Scores 1–5 for quality, delivery and service over a period. */
export async function evaluateSupplier(deps: WorkflowDeps, input: { supplierId: string; period: string; quality: number; delivery: number; service: number; notes?: string | undefined; actor: string }): Promise<SupplierEvaluation> {
  if (!(await deps.prisma.supplier.count({ where: { id: input.supplierId } }))) throw new PartError('SUPPLIER_NOT_FOUND', `no supplier ${input.supplierId}`);
  const { actor, ...rest } = input;
  return deps.prisma.supplierEvaluation.create({ data: { ...rest, notes: rest.notes ?? null, at: deps.now(), evaluatedBy: actor } });
}

export interface SupplierScore {
  evaluations: number;
  quality: number | null;
  delivery: number | null;
  service: number | null;
  /** share of received units that failed incoming inspection */
  rejectionRate: number | null;
}

/** A supplier's averages and its goods-in rejection rate, computed in the database. */
export async function supplierScore(db: Db, supplierId: string): Promise<SupplierScore> {
  const [e] = await db.$queryRaw<Array<{ n: number; quality: number | null; delivery: number | null; service: number | null }>>`
    SELECT count(*)::int AS n, avg("quality")::float8 AS quality, avg("delivery")::float8 AS delivery, avg("service")::float8 AS service
    FROM "supplier_evaluation" WHERE "supplier_id" = ${supplierId}::uuid`;
  const [g] = await db.$queryRaw<Array<{ accepted: number; rejected: number }>>`
    SELECT coalesce(sum("quantity") FILTER (WHERE "kind" = 'goods_in'), 0)::int AS accepted, coalesce(sum("rejected_quantity"), 0)::int AS rejected
    FROM "stock_movement" WHERE "supplier_id" = ${supplierId}::uuid`;
  const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
  const received = (g?.accepted ?? 0) + (g?.rejected ?? 0);
  return { evaluations: e?.n ?? 0, quality: round(e?.quality ?? null), delivery: round(e?.delivery ?? null), service: round(e?.service ?? null), rejectionRate: received ? round((g!.rejected ?? 0) / received) : null };
}
