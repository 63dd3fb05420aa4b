import type { MaintenancePlan } from '../db/generated/client.ts';
import type { WorkflowDeps } from '../workflow/workflow-deps.ts';
import { MaintenanceError } from './errors.ts';

export interface PlanInput {
  name: string;
  /** exactly one of the two: a plan for one charger, or for every charger of a model */
  chargerId?: string | undefined;
  model?: string | undefined;
  intervalDays: number;
  energyKwhPerService?: number | undefined;
  sessionsPerService?: number | undefined;
  leadDays?: number | undefined;
  /** empty: the model's maintenance checklist */
  checklist?: string[] | undefined;
  actor: string;
}

export async function createMaintenancePlan(deps: WorkflowDeps, input: PlanInput): Promise<MaintenancePlan> {
  if (!input.chargerId === !input.model) throw new MaintenanceError('MAINTENANCE_PLAN_INVALID', 'a plan is for one charger or for one model: give exactly one of chargerId and model');
  const { actor, ...rest } = input;
  return deps.prisma.maintenancePlan.create({ data: { ...rest, chargerId: rest.chargerId ?? null, model: rest.model ?? null, checklist: rest.checklist ?? [], createdBy: actor } });
}
