import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { MaintenancePlan } from '../../../core/db/generated/client.ts';
import { generateMaintenanceWorkOrders } from '../../../core/maintenance/generate-work-orders.ts';
import { recordMaintenanceFindings } from '../../../core/maintenance/record-maintenance-findings.ts';
import { createMaintenancePlan } from '../../../core/maintenance/save-maintenance-plan.ts';
import type { Role } from '../../../core/users/permissions.ts';
import { WorkflowError } from '../../../core/workflow/errors.ts';
import { getWorkflowTicket } from '../../../core/workflow/get-workflow-ticket.ts';
import { userActor } from '../../../core/workflow/workflow-deps.ts';
import { mapAfterSalesErrors } from '../workflow/after-sales-errors.ts';
import { presentWorkflowTicket } from '../workflow/presenter.ts';
import { workflowDeps } from '../workflow/workflow-deps.ts';
import { findingsBody, generatedSchema, idParams, planBody, planList, planSchema, visitSchema } from './schema.ts';

const tags = ['maintenance'];
const presentPlan = (p: MaintenancePlan) => ({ id: p.id, name: p.name, chargerId: p.chargerId, model: p.model, intervalDays: p.intervalDays, energyKwhPerService: p.energyKwhPerService, sessionsPerService: p.sessionsPerService, leadDays: p.leadDays, checklist: p.checklist, active: p.active });

/** Maintenance plans per charger or model, visits generated ahead of their due date, findings. Visits are dispatched and recorded on site through /api/workflow. */
export const maintenanceRoutes: FastifyPluginAsyncZod = async (app) => {
  mapAfterSalesErrors(app);
  const deps = workflowDeps(app.deps);
  const view = async (id: string, role: Role) => {
    const v = await deps.prisma.maintenanceVisit.findUnique({ where: { ticketId: id } });
    if (!v) throw new WorkflowError('TICKET_NOT_FOUND', `no maintenance visit ${id}`);
    return {
      ticket: presentWorkflowTicket(await getWorkflowTicket(deps.prisma, id), role),
      planId: v.planId,
      chargerId: v.chargerId,
      dueAt: v.dueAt.toISOString(),
      checklist: v.checklist as Array<{ item: string; done: boolean; ok?: boolean; note?: string }>,
      findings: v.findings as Array<{ description: string; severity: string; openRepair: boolean; repairTicketId?: string }> | null,
      completedAt: v.completedAt?.toISOString() ?? null,
    };
  };

  app.get('/plans', { config: { access: 'tickets:read' }, schema: { tags, summary: 'Maintenance plans', response: { 200: planList } } }, async () => ({
    items: (await deps.prisma.maintenancePlan.findMany({ orderBy: { createdAt: 'asc' }, take: 1000 })).map(presentPlan),
  }));

  app.post('/plans', { config: { access: 'tickets:supervise', action: 'maintenance.plan.create' }, schema: { tags, summary: 'Add a plan for a charger or a model (interval, usage limits, lead time, checklist)', body: planBody, response: { 201: planSchema } } }, async (req, reply) => {
    const p = await createMaintenancePlan(deps, { ...req.body, actor: userActor(req.principal!.userId) });
    req.auditTarget = `maintenance-plan:${p.id}`;
    return reply.code(201).send(presentPlan(p));
  });

  app.post('/generate', { config: { access: 'tickets:supervise', action: 'maintenance.generate' }, schema: { tags, summary: 'Generate the visits now due within their lead time (the scheduler does this daily)', response: { 200: generatedSchema } } }, async () => ({
    created: (await generateMaintenanceWorkOrders(deps)).map((t) => ({ ticketId: t.id, reference: `T-${t.number}`, chargerId: t.chargerId })),
  }));

  app.get('/visits/:id', { config: { access: 'tickets:read' }, schema: { tags, summary: 'One maintenance visit', params: idParams, response: { 200: visitSchema } } }, async (req) => view(req.params.id, req.principal!.role));

  app.post('/visits/:id/findings', { config: { access: 'tickets:write', action: 'maintenance.findings' }, schema: { tags, summary: 'Checklist and findings; findings can open repair tickets; the customer is told; the visit closes', params: idParams, body: findingsBody, response: { 200: visitSchema } } }, async (req) => {
    await recordMaintenanceFindings(deps, { ticketId: req.params.id, ...req.body, actor: userActor(req.principal!.userId) });
    return view(req.params.id, req.principal!.role);
  });
};
