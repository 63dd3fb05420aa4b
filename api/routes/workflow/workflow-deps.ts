import type { ApiDeps } from '../../api-deps.ts';
import type { WorkflowDeps } from '../../../core/workflow/workflow-deps.ts';

/** The after-sales use cases' dependencies, from the app's shared infrastructure. */
export function workflowDeps(deps: ApiDeps): WorkflowDeps {
  // `commands` is absent on an API-only node (no gateway): actions that talk to chargers refuse there
  return { prisma: deps.prisma, bus: deps.bus, log: deps.log, now: deps.now, commands: deps.commands, telemetry: deps.telemetry };
}
