import { generateMaintenanceWorkOrders } from '../maintenance/generate-work-orders.ts';
import { sweepSlas } from '../sla/sweep-slas.ts';
import { runEvery } from '../periodic.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

export interface AfterSalesWorkerOptions {
  /** how often SLAs are checked for responses, resolutions, warnings and breaches */
  slaSweepMs: number;
  /** how often maintenance plans are checked for visits coming due */
  maintenanceMs: number;
}

/**
 * The after-sales background work of a node: the SLA watch and maintenance-visit generation. Both are
 * safe to run on several nodes at once (conditional updates, advisory locks). The composition root starts
 * them once and calls the returned stop on shutdown.
 */
export function startAfterSalesWorkers(deps: WorkflowDeps, opts: AfterSalesWorkerOptions): () => Promise<void> {
  const every = (ms: number, name: string, job: () => Promise<unknown>) => runEvery(ms, job, (err) => deps.log.error({ err }, `${name} failed`));
  const passes = [every(opts.slaSweepMs, 'SLA sweep', () => sweepSlas(deps)), every(opts.maintenanceMs, 'maintenance generation', () => generateMaintenanceWorkOrders(deps))];
  return async () => {
    await Promise.all(passes.map((p) => p.stop()));
  };
}
