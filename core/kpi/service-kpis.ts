import { Prisma } from '../db/generated/client.ts';
import type { Role } from '../users/permissions.ts';
import type { Db } from '../workflow/workflow-deps.ts';

// The service-quality KPIs of the regulation for a period, a team (role) or a person, computed in the
// database (aggregates over the period's rows, never everything loaded into memory). A ticket counts for
// the person it is assigned to. Resolutions are read from the timeline, so a ticket resolved, reopened
// and resolved again counts each time it was resolved in the period.

export interface KpiScope {
  from: Date;
  to: Date;
  userId?: string | undefined;
  team?: Role | undefined;
  /** a recurrence within this many days of a resolution counts against repair success */
  recurrenceDays: number;
}

const rate = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);
const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

export async function serviceKpis(db: Db, s: KpiScope) {
  const who = s.userId
    ? Prisma.sql`AND t."assignee_id" = ${s.userId}::uuid`
    : s.team
      ? Prisma.sql`AND t."assignee_id" IN (SELECT "id" FROM "app_user" WHERE "role"::text = ${s.team})`
      : Prisma.empty;

  const [sat] = await db.$queryRaw<Array<{ n: number; mean: number | null }>>`
    SELECT count(*)::int AS n, avg(sv."score")::float8 AS mean
    FROM "survey" sv JOIN "ticket" t ON t."id" = sv."ticket_id"
    WHERE sv."answered_at" >= ${s.from} AND sv."answered_at" < ${s.to} ${who}`;

  const [rep] = await db.$queryRaw<Array<{ resolved: number; remote: number; not_reopened: number; closed: number; first_visit: number; with_sla: number; on_time: number }>>`
    WITH res AS (
      SELECT e."ticket_id", e."at", e."detail"->>'to' AS outcome
      FROM "ticket_event" e JOIN "ticket" t ON t."id" = e."ticket_id"
      WHERE t."type" = 'repair' AND e."type" = 'status' AND e."detail"->>'to' IN ('closed', 'resolved_remotely')
        AND e."at" >= ${s.from} AND e."at" < ${s.to} ${who}
    )
    SELECT count(*)::int AS resolved,
      count(*) FILTER (WHERE res.outcome = 'resolved_remotely')::int AS remote,
      count(*) FILTER (WHERE NOT EXISTS (
        SELECT 1 FROM "ticket_event" r WHERE r."ticket_id" = res."ticket_id" AND r."at" > res."at"
          AND r."at" <= res."at" + make_interval(days => ${s.recurrenceDays})
          AND (r."type" = 'reopened' OR (r."type" = 'status' AND r."detail"->>'to' = 'open'))))::int AS not_reopened,
      count(*) FILTER (WHERE res.outcome = 'closed')::int AS closed,
      count(*) FILTER (WHERE res.outcome = 'closed' AND (SELECT count(*) FROM "work_order" w WHERE w."ticket_id" = res."ticket_id" AND w."created_at" <= res."at" AND w."cancelled_at" IS NULL) = 1)::int AS first_visit,
      count(sla."ticket_id")::int AS with_sla,
      count(sla."ticket_id") FILTER (WHERE sla."resolution_breached_at" IS NULL)::int AS on_time
    FROM res LEFT JOIN "ticket_sla" sla ON sla."ticket_id" = res."ticket_id"`;

  const [cmp] = await db.$queryRaw<Array<{ received: number; handled: number }>>`
    SELECT count(*)::int AS received, count(*) FILTER (WHERE t."status" = 'closed' AND t."closed_at" < ${s.to})::int AS handled
    FROM "ticket" t WHERE t."type" = 'complaint' AND t."created_at" >= ${s.from} AND t."created_at" < ${s.to} ${who}`;

  const [resp] = await db.$queryRaw<Array<{ n: number; mean: number | null; p50: number | null; p90: number | null }>>`
    WITH r AS (
      SELECT extract(epoch FROM sla."responded_at" - t."created_at") / 60 AS minutes
      FROM "ticket" t JOIN "ticket_sla" sla ON sla."ticket_id" = t."id"
      WHERE sla."responded_at" IS NOT NULL AND t."created_at" >= ${s.from} AND t."created_at" < ${s.to} ${who}
    )
    SELECT count(*)::int AS n, avg(minutes)::float8 AS mean,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes)::float8 AS p50,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY minutes)::float8 AS p90
    FROM r`;

  return {
    period: { from: s.from.toISOString(), to: s.to.toISOString() },
    scope: s.userId ? { userId: s.userId } : s.team ? { team: s.team } : {},
    customerSatisfaction: { responses: sat!.n, mean: sat!.mean === null ? null : Math.round(sat!.mean * 100) / 100 },
    repairTimeliness: { resolved: rep!.with_sla, withinSla: rep!.on_time, rate: rate(rep!.on_time, rep!.with_sla) },
    repairSuccess: { resolved: rep!.resolved, notReopened: rep!.not_reopened, rate: rate(rep!.not_reopened, rep!.resolved), recurrenceDays: s.recurrenceDays },
    firstTimeFix: { closed: rep!.closed, fixedOnFirstVisit: rep!.first_visit, rate: rate(rep!.first_visit, rep!.closed) },
    complaintHandling: { received: cmp!.received, handled: cmp!.handled, rate: rate(cmp!.handled, cmp!.received) },
    responseTime: { tickets: resp!.n, meanMinutes: round1(resp!.mean), p50Minutes: round1(resp!.p50), p90Minutes: round1(resp!.p90) },
    remoteResolution: { resolved: rep!.resolved, remote: rep!.remote, rate: rate(rep!.remote, rep!.resolved) },
  };
}

export type ServiceKpis = Awaited<ReturnType<typeof serviceKpis>>;
