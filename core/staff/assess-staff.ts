import type { Prisma, StaffAssessment } from '../db/generated/client.ts';
import { serviceKpis, type ServiceKpis } from '../kpi/service-kpis.ts';
import type { WorkflowDeps } from '../workflow/workflow-deps.ts';
import { StaffError } from './errors.ts';

export interface AssessmentBasis {
  kpis: ServiceKpis;
  complaints: { received: number; upheld: number };
  training: { planned: number; completed: number };
}

/**
 * A staff member's score for a period, 0–100: satisfaction 30, timeliness 20, repair success 20,
 * first-time fix 10, training plan done 20; minus 10 for each complaint about them that the investigation
 * upheld (a responsible party was named). A KPI with nothing to count neither helps nor hurts: its weight
 * is left out of the total.
 */
export function assessmentScore(b: AssessmentBasis): number {
  const parts: Array<[number | null, number]> = [
    [b.kpis.customerSatisfaction.mean === null ? null : (b.kpis.customerSatisfaction.mean - 1) / 4, 30],
    [b.kpis.repairTimeliness.rate, 20],
    [b.kpis.repairSuccess.rate, 20],
    [b.kpis.firstTimeFix.rate, 10],
    [b.training.planned === 0 ? null : Math.min(1, b.training.completed / b.training.planned), 20],
  ];
  const counted = parts.filter(([v]) => v !== null) as Array<[number, number]>;
  const weight = counted.reduce((s, [, w]) => s + w, 0);
  const base = weight === 0 ? 100 : (counted.reduce((s, [v, w]) => s + v * w, 0) / weight) * 100;
  return Math.max(0, Math.round((base - 10 * b.complaints.upheld) * 10) / 10);
}

/** The periodic assessment: the person's KPIs, complaint outcomes and training, combined and kept. */
export async function assessStaff(deps: WorkflowDeps, input: { userId: string; from: Date; to: Date; recurrenceDays: number; notes?: string | undefined; actor: string }): Promise<StaffAssessment & { basis: AssessmentBasis }> {
  if (!(await deps.prisma.user.count({ where: { id: input.userId } }))) throw new StaffError('STAFF_USER_NOT_FOUND', `no user ${input.userId}`);
  const kpis = await serviceKpis(deps.prisma, { from: input.from, to: input.to, userId: input.userId, recurrenceDays: input.recurrenceDays });
  const [complaints] = await deps.prisma.$queryRaw<Array<{ received: number; upheld: number }>>`
    SELECT count(*)::int AS received, count(*) FILTER (WHERE c."responsible_party" IS NOT NULL)::int AS upheld
    FROM "complaint" c JOIN "ticket" t ON t."id" = c."ticket_id"
    WHERE c."staff_id" = ${input.userId}::uuid AND t."created_at" >= ${input.from} AND t."created_at" < ${input.to}`;
  const years = [...new Set([input.from.getUTCFullYear(), new Date(input.to.getTime() - 1).getUTCFullYear()])];
  const planned = await deps.prisma.trainingPlanItem.count({ where: { year: { in: years }, OR: [{ userId: input.userId }, { userId: null }], dueBy: { lt: input.to } } });
  const completed = await deps.prisma.trainingRecord.count({ where: { userId: input.userId, completedAt: { gte: input.from, lt: input.to } } });
  const basis: AssessmentBasis = { kpis, complaints: complaints ?? { received: 0, upheld: 0 }, training: { planned, completed } };
  const row = await deps.prisma.staffAssessment.create({
    data: { userId: input.userId, periodStart: input.from, periodEnd: input.to, kpis: basis as unknown as Prisma.InputJsonValue, score: assessmentScore(basis), notes: input.notes ?? null, assessedBy: input.actor, at: deps.now() },
  });
  return { ...row, basis };
}
