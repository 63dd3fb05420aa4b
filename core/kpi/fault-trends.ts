import { Prisma } from '../db/generated/client.ts';
import type { Db } from '../workflow/workflow-deps.ts';

export type TrendDimension = 'code' | 'faultClass' | 'model' | 'firmware' | 'site';
export type TrendBucket = 'day' | 'week' | 'month';

const KEY: Record<TrendDimension, Prisma.Sql> = {
  code: Prisma.sql`f."code"`,
  faultClass: Prisma.sql`f."fault_class"`,
  model: Prisma.sql`coalesce(c."model", 'unknown')`,
  firmware: Prisma.sql`coalesce(c."firmware_version", 'unknown')`,
  site: Prisma.sql`coalesce(s."name", 'no site')`,
};

/** Fault counts per time bucket (UTC) and per error code, fault class, model, firmware or site, grouped in the database. */
export async function faultTrends(db: Db, q: { from: Date; to: Date; by: TrendDimension; bucket: TrendBucket }): Promise<Array<{ bucket: string; key: string; faults: number; chargers: number }>> {
  const rows = await db.$queryRaw<Array<{ bucket: Date; key: string; faults: number; chargers: number }>>`
    SELECT date_trunc(${q.bucket}, f."reported_at" AT TIME ZONE 'UTC') AS bucket, ${KEY[q.by]} AS key,
           count(*)::int AS faults, count(DISTINCT f."charger_id")::int AS chargers
    FROM "fault" f JOIN "charger" c ON c."id" = f."charger_id" LEFT JOIN "site" s ON s."id" = c."site_id"
    WHERE f."reported_at" >= ${q.from} AND f."reported_at" < ${q.to}
    GROUP BY 1, 2 ORDER BY 1 ASC, 3 DESC, 2 ASC`;
  return rows.map((r) => ({ bucket: `${new Date(r.bucket).toISOString().slice(0, 10)}`, key: r.key, faults: r.faults, chargers: r.chargers }));
}
