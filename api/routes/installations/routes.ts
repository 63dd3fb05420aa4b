import { maskPersonalData } from '../../../core/users/mask-personal-data.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordInstallation, recordTraining, signAcceptance } from '../../../core/installation/advance-installation.ts';
import { commissionInstallation } from '../../../core/installation/commission-installation.ts';
import { scheduleInstallation } from '../../../core/installation/schedule-installation.ts';
import type { Role } from '../../../core/users/permissions.ts';
import { WorkflowError } from '../../../core/workflow/errors.ts';
import { getWorkflowTicket } from '../../../core/workflow/get-workflow-ticket.ts';
import { userActor } from '../../../core/workflow/workflow-deps.ts';
import { mapAfterSalesErrors } from '../workflow/after-sales-errors.ts';
import { presentWorkflowTicket } from '../workflow/presenter.ts';
import { workflowDeps } from '../workflow/workflow-deps.ts';
import { acceptanceBody, checklistBody, checklistParams, checklistSchema, idParams, installationSchema, installedBody, scheduleBody, trainingBody } from './schema.ts';

const tags = ['installations'];

/** Installation and commissioning: scheduled → installed (checklist) → commissioned (OCPP check) → trained → acceptance signed. */
export const installationRoutes: FastifyPluginAsyncZod = async (app) => {
  mapAfterSalesErrors(app);
  const deps = workflowDeps(app.deps);
  const view = async (id: string, role: Role) => {
    const inst = await deps.prisma.installation.findUnique({ where: { ticketId: id } });
    if (!inst) throw new WorkflowError('TICKET_NOT_FOUND', `no installation ${id}`);
    return {
      ticket: presentWorkflowTicket(await getWorkflowTicket(deps.prisma, id), role),
      chargerId: inst.chargerId,
      model: inst.model,
      window: { start: inst.scheduledStart.toISOString(), end: inst.scheduledEnd.toISOString() },
      installerId: inst.installerId,
      checklist: inst.checklist as Array<{ item: string; done: boolean; note?: string }>,
      installedAt: inst.installedAt?.toISOString() ?? null,
      commissionedAt: inst.commissionedAt?.toISOString() ?? null,
      trainedAt: inst.trainedAt?.toISOString() ?? null,
      // the customer's trainee is personal data: masked like every customer name
      traineeName: inst.traineeName === null ? null : maskPersonalData({ name: inst.traineeName }, role).name ?? null,
      trainingTopics: inst.trainingTopics,
    };
  };
  const actor = (userId: string) => userActor(userId);

  app.post('', { config: { access: 'tickets:dispatch', action: 'installations.schedule' }, schema: { tags, summary: 'Schedule an installation with the customer (the model\'s checklist applies)', body: scheduleBody, response: { 201: installationSchema } } }, async (req, reply) => {
    const b = req.body;
    const t = await scheduleInstallation(deps, { ...b, window: { start: new Date(b.window.start), end: new Date(b.window.end) }, actor: actor(req.principal!.userId) });
    req.auditTarget = `ticket:${t.id}`;
    return reply.code(201).send(await view(t.id, req.principal!.role));
  });

  app.get('/:id', { config: { access: 'tickets:read' }, schema: { tags, summary: 'One installation', params: idParams, response: { 200: installationSchema } } }, async (req) => view(req.params.id, req.principal!.role));

  app.post('/:id/installed', { config: { access: 'tickets:write', action: 'installations.installed' }, schema: { tags, summary: 'Installed per the manual: the whole checklist ticked', params: idParams, body: installedBody, response: { 200: installationSchema } } }, async (req) => {
    await recordInstallation(deps, { ticketId: req.params.id, ...req.body, actor: actor(req.principal!.userId) });
    return view(req.params.id, req.principal!.role);
  });

  app.post('/:id/commission', { config: { access: 'tickets:write', action: 'installations.commission' }, schema: { tags, summary: 'Commissioning test: the charger booted over OCPP and passes a fresh status/meter check (422 with the checks when not)', params: idParams, response: { 200: installationSchema } } }, async (req) => {
    await commissionInstallation(deps, { ticketId: req.params.id, actor: actor(req.principal!.userId) });
    return view(req.params.id, req.principal!.role);
  });

  app.post('/:id/training', { config: { access: 'tickets:write', action: 'installations.training' }, schema: { tags, summary: 'The customer was trained', params: idParams, body: trainingBody, response: { 200: installationSchema } } }, async (req) => {
    await recordTraining(deps, { ticketId: req.params.id, ...req.body, actor: actor(req.principal!.userId) });
    return view(req.params.id, req.principal!.role);
  });

  app.post('/:id/acceptance', { config: { access: 'tickets:write', action: 'installations.acceptance' }, schema: { tags, summary: 'The acceptance report, signed by the customer and the technician; closes the installation', params: idParams, body: acceptanceBody, response: { 200: installationSchema } } }, async (req) => {
    await signAcceptance(deps, { ticketId: req.params.id, ...req.body, actor: actor(req.principal!.userId) });
    return view(req.params.id, req.principal!.role);
  });

  app.put('/checklists/:model/:kind', { config: { access: 'tickets:supervise', action: 'checklists.save' }, schema: { tags, summary: "A charger model's installation or maintenance checklist", params: checklistParams, body: checklistBody, response: { 200: checklistSchema } } }, async (req) => {
    const { model, kind } = req.params;
    const c = await deps.prisma.modelChecklist.upsert({ where: { model_kind: { model, kind } }, create: { model, kind, items: req.body.items }, update: { items: req.body.items } });
    return { model: c.model, kind, items: c.items };
  });
};
