import type { Db } from '../workflow/workflow-deps.ts';

// Record reviews (the regulation's "completeness of repair, maintenance, consultation and complaint
// records"): every record closed in a period is checked in the database; incomplete ones are flagged with
// what is missing, and the share of complete records per type feeds the quality KPIs.

export interface FlaggedRecord {
  ticketId: string;
  reference: string;
  type: string;
  closedAt: string;
  assigneeId: string | null;
  issues: string[];
}

export interface ReviewSummary {
  type: string;
  checked: number;
  complete: number;
  rate: number | null;
}

export async function reviewRecords(db: Db, q: { from: Date; to: Date }): Promise<{ summary: ReviewSummary[]; flagged: FlaggedRecord[] }> {
  const rows = await db.$queryRaw<Array<{ id: string; number: number; type: string; closed_at: Date; assignee_id: string | null; issues: string[] }>>`
    WITH closed AS (
      SELECT t."id", t."number", t."type"::text AS type, t."closed_at", t."assignee_id" FROM "ticket" t
      WHERE t."status" = 'closed' AND t."closed_at" >= ${q.from} AND t."closed_at" < ${q.to}
        AND t."type" IN ('repair', 'maintenance', 'consultation', 'complaint')
    )
    SELECT c.*, array_remove(ARRAY[
      CASE WHEN c.type IN ('repair', 'maintenance') AND NOT EXISTS (SELECT 1 FROM "work_order" w WHERE w."ticket_id" = c."id") THEN 'no visit recorded' END,
      CASE WHEN c.type IN ('repair', 'maintenance') AND EXISTS (SELECT 1 FROM "work_order" w WHERE w."ticket_id" = c."id" AND w."cancelled_at" IS NULL AND (w."inspection_notes" IS NULL OR w."safety_checklist" IS NULL)) THEN 'on-site record incomplete (inspection notes or safety checklist)' END,
      CASE WHEN c.type = 'repair' AND NOT EXISTS (SELECT 1 FROM "ticket_test" x WHERE x."ticket_id" = c."id" AND x."passed") THEN 'no passed test after repair' END,
      CASE WHEN c.type = 'repair' AND NOT EXISTS (SELECT 1 FROM "signoff" s WHERE s."ticket_id" = c."id" AND s."role" = 'customer') THEN 'no customer signature' END,
      CASE WHEN c.type = 'maintenance' AND NOT EXISTS (SELECT 1 FROM "maintenance_visit" v WHERE v."ticket_id" = c."id" AND v."findings" IS NOT NULL) THEN 'no findings recorded' END,
      CASE WHEN c.type = 'consultation' AND NOT EXISTS (SELECT 1 FROM "consultation" k WHERE k."ticket_id" = c."id" AND k."answer" IS NOT NULL) THEN 'no answer recorded' END,
      CASE WHEN c.type = 'complaint' AND NOT EXISTS (SELECT 1 FROM "complaint" k WHERE k."ticket_id" = c."id" AND k."apology" IS NOT NULL) THEN 'no acknowledgement with apology' END,
      CASE WHEN c.type = 'complaint' AND NOT EXISTS (SELECT 1 FROM "complaint" k WHERE k."ticket_id" = c."id" AND k."cause" IS NOT NULL AND k."responsible_party" IS NOT NULL) THEN 'no investigation (cause, responsible party)' END,
      CASE WHEN c.type = 'complaint' AND NOT EXISTS (SELECT 1 FROM "complaint_plan" p WHERE p."complaint_id" = c."id") THEN 'no handling plan' END,
      CASE WHEN c.type = 'complaint' AND NOT EXISTS (SELECT 1 FROM "complaint_follow_up" f WHERE f."complaint_id" = c."id" AND f."satisfied") THEN 'no follow-up finding the customer satisfied' END
    ], NULL) AS issues
    FROM closed c ORDER BY c."closed_at", c."number"`;
  const types = ['repair', 'maintenance', 'consultation', 'complaint'];
  const summary = types.map((type) => {
    const of = rows.filter((r) => r.type === type);
    const complete = of.filter((r) => r.issues.length === 0).length;
    return { type, checked: of.length, complete, rate: of.length ? Math.round((complete / of.length) * 10_000) / 10_000 : null };
  });
  const flagged = rows
    .filter((r) => r.issues.length > 0)
    .map((r) => ({ ticketId: r.id, reference: `T-${r.number}`, type: r.type, closedAt: r.closed_at.toISOString(), assigneeId: r.assignee_id, issues: r.issues }));
  return { summary, flagged };
}
