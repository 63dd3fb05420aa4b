import type { StaffCertification, TrainingPlanItem, TrainingRecord } from '../db/generated/client.ts';
import type { WorkflowDeps } from '../workflow/workflow-deps.ts';
import { StaffError } from './errors.ts';

async function requireUser(deps: WorkflowDeps, userId: string): Promise<void> {
  if (!(await deps.prisma.user.count({ where: { id: userId } }))) throw new StaffError('STAFF_USER_NOT_FOUND', `no user ${userId}`);
}

export async function addCertification(deps: WorkflowDeps, input: { userId: string; code: string; name: string; models?: string[] | undefined; issuedAt?: Date | undefined; expiresAt?: Date | undefined }): Promise<StaffCertification> {
  await requireUser(deps, input.userId);
  return deps.prisma.staffCertification.create({ data: { userId: input.userId, code: input.code, name: input.name, models: input.models ?? [], issuedAt: input.issuedAt ?? null, expiresAt: input.expiresAt ?? null } });
}

export async function planTraining(deps: WorkflowDeps, input: { year: number; userId?: string | undefined; category: string; topic: string; dueBy?: Date | undefined }): Promise<TrainingPlanItem> {
  if (input.userId) await requireUser(deps, input.userId);
  return deps.prisma.trainingPlanItem.create({ data: { year: input.year, userId: input.userId ?? null, category: input.category, topic: input.topic, dueBy: input.dueBy ?? null } });
}

export async function recordTraining(deps: WorkflowDeps, input: { userId: string; planItemId?: string | undefined; category: string; topic: string; completedAt: Date; hours?: number | undefined; result?: string | undefined; actor: string }): Promise<TrainingRecord> {
  await requireUser(deps, input.userId);
  const { actor, ...rest } = input;
  return deps.prisma.trainingRecord.create({ data: { ...rest, planItemId: rest.planItemId ?? null, hours: rest.hours ?? null, result: rest.result ?? null, recordedBy: actor } });
}
