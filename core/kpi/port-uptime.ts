import type { Db } from '../workflow/workflow-deps.ts';

/** Statuses in which a port cannot charge (OCPP); everything else counts as operative. */
const DOWN = ['Faulted', 'Unavailable'];

export interface PortUptime {
  month: string;
  chargerId: string;
  evseId: number;
  connectorId: number;
  /** minutes with a known status in the month */
  observedMinutes: number;
  operativeMinutes: number;
  /** percent, two decimals */
  uptimePercent: number | null;
}

/**
 * Uptime per port and calendar month (UTC) after the US NEVI rule (23 CFR 680.116): the share of minutes
 * a port was operative. Computed in the database from the status history (telemetry_status): each status
 * lasts until the next one, cut at month boundaries; the status before a month carries into it. Minutes
 * before a port's first known status are not observed. Outages the rule excludes (utility outages, vandalism,
 * scheduled maintenance) are not told apart yet: every Faulted/Unavailable minute counts as down.
 */
export async function portUptime(db: Db, q: { from: Date; to: Date; chargerId?: string | undefined }): Promise<PortUptime[]> {
  const charger = q.chargerId ?? null;
  const rows = await db.$queryRaw<Array<{ month: Date; charger_id: string; evse_id: number; connector_id: number; observed: number; operative: number }>>`
    WITH ports AS (
      SELECT DISTINCT "charger_id", "evse_id", "connector_id" FROM "telemetry_status"
      WHERE "evse_id" > 0 AND "ts" < ${q.to} AND (${charger}::text IS NULL OR "charger_id" = ${charger}::text)
    ),
    changes AS (
      SELECT t."charger_id", t."evse_id", t."connector_id", t."ts", t."status" FROM "telemetry_status" t
      JOIN ports p USING ("charger_id", "evse_id", "connector_id")
      WHERE t."ts" >= ${q.from} AND t."ts" < ${q.to}
      UNION ALL
      SELECT p."charger_id", p."evse_id", p."connector_id", ${q.from}::timestamptz, prev."status" FROM ports p
      JOIN LATERAL (SELECT "status" FROM "telemetry_status" t WHERE t."charger_id" = p."charger_id" AND t."evse_id" = p."evse_id" AND t."connector_id" = p."connector_id" AND t."ts" < ${q.from} ORDER BY t."ts" DESC LIMIT 1) prev ON true
    ),
    spans AS (
      SELECT *, lead("ts", 1, ${q.to}::timestamptz) OVER (PARTITION BY "charger_id", "evse_id", "connector_id" ORDER BY "ts") AS "until" FROM changes
    ),
    months AS (
      SELECT m AS start, m + interval '1 month' AS "end" FROM generate_series(date_trunc('month', ${q.from}::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', ${q.to}::timestamptz - interval '1 millisecond', interval '1 month') m
    )
    SELECT months.start AS month, s."charger_id", s."evse_id", s."connector_id",
      sum(extract(epoch FROM least(s."until", months."end") - greatest(s."ts", months.start)) / 60)::float8 AS observed,
      sum(extract(epoch FROM least(s."until", months."end") - greatest(s."ts", months.start)) / 60) FILTER (WHERE NOT (s."status" = ANY(${DOWN})))::float8 AS operative
    FROM spans s JOIN months ON s."ts" < months."end" AND s."until" > months.start
    GROUP BY 1, 2, 3, 4 ORDER BY 2, 3, 4, 1`;
  return rows.map((r) => ({
    month: new Date(r.month).toISOString().slice(0, 7),
    chargerId: r.charger_id,
    evseId: r.evse_id,
    connectorId: r.connector_id,
    observedMinutes: Math.round(r.observed * 100) / 100,
    operativeMinutes: Math.round((r.operative ?? 0) * 100) / 100,
    uptimePercent: r.observed > 0 ? Math.round(((r.operative ?? 0) / r.observed) * 10_000) / 100 : null,
  }));
}
