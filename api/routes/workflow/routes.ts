import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { decideEscalation } from '../../../core/workflow/decide-escalation.ts';
import { dispatchRepair } from '../../../core/workflow/dispatch-repair.ts';
import { escalateTicket } from '../../../core/workflow/escalate-ticket.ts';
import { WorkflowError } from '../../../core/workflow/errors.ts';
import { getWorkflowTicket } from '../../../core/workflow/get-workflow-ticket.ts';
import { recordOnSite } from '../../../core/workflow/record-on-site.ts';
import { recordRepairTest } from '../../../core/workflow/record-repair-test.ts';
import { signOffTicket } from '../../../core/workflow/sign-off-ticket.ts';
import { transitionTicket } from '../../../core/workflow/transition-ticket.ts';
import { userActor } from '../../../core/workflow/workflow-deps.ts';
import { mapAfterSalesErrors } from './after-sales-errors.ts';
import { presentMachines, presentWorkflowTicket } from './presenter.ts';
import {
  decisionBody,
  decisionResponse,
  dispatchBody,
  engineersQuery,
  engineersSchema,
  escalateBody,
  machinesSchema,
  onSiteBody,
  signoffBody,
  signoffParams,
  testBody,
  ticketIdParams,
  transitionBody,
  workflowTicketSchema,
} from './schema.ts';
import { slaRoutes } from './sla-routes.ts';
import { certifiedEngineer, engineersFor } from '../../../core/staff/certified-engineers.ts';
import { workflowDeps } from './workflow-deps.ts';

const tags = ['workflow'];

/** The ticket workflow: state machines, transitions, and the repair flow's actions (dispatch → sign-off). */
export const workflowRoutes: FastifyPluginAsyncZod = async (app) => {
  mapAfterSalesErrors(app);
  const deps = workflowDeps(app.deps);
  const view = async (id: string, role: Parameters<typeof presentWorkflowTicket>[1]) => presentWorkflowTicket(await getWorkflowTicket(deps.prisma, id), role);

  await app.register(slaRoutes(deps));

  app.get('/machines', { config: { access: 'tickets:read' }, schema: { tags, summary: 'The state machine of every ticket type', response: { 200: machinesSchema } } }, async () => presentMachines());

  app.get(
    '/tickets/:id',
    { config: { access: 'tickets:read' }, schema: { tags, summary: 'A ticket with its allowed transitions, visits, tests, sign-offs and timeline', params: ticketIdParams, response: { 200: workflowTicketSchema } } },
    async (req) => view(req.params.id, req.principal!.role),
  );

  app.get(
    '/tickets/:id/signoffs/:signoffId/image',
    { config: { access: 'tickets:read' }, schema: { tags, summary: 'The drawn signature image of a sign-off', params: signoffParams } },
    async (req, reply) => {
      const s = await deps.prisma.signoff.findFirst({ where: { id: req.params.signoffId, ticketId: req.params.id }, select: { imageType: true, image: true } });
      if (!s) throw new WorkflowError('TICKET_NOT_FOUND', 'no such sign-off on this ticket');
      // an SVG is a document: served inert (no scripts, no navigation) even if one slipped through
      return reply.type(s.imageType).header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox").header('x-content-type-options', 'nosniff').send(Buffer.from(s.image));
    },
  );

  app.post(
    '/tickets/:id/transitions',
    { config: { access: 'tickets:write', action: 'tickets.transition' }, schema: { tags, summary: 'Move a ticket along its state machine (409 lists the allowed moves)', params: ticketIdParams, body: transitionBody, response: { 200: workflowTicketSchema } } },
    async (req) => {
      await transitionTicket(deps, { ticketId: req.params.id, to: req.body.to, note: req.body.note, actor: userActor(req.principal!.userId) });
      return view(req.params.id, req.principal!.role);
    },
  );

  app.post(
    '/tickets/:id/dispatch',
    { config: { access: 'tickets:dispatch', action: 'tickets.dispatch' }, schema: { tags, summary: 'Dispatch a repair engineer: arrival window, tools, parts from the diagnosis', params: ticketIdParams, body: dispatchBody, response: { 200: workflowTicketSchema } } },
    async (req) => {
      const b = req.body;
      const windowStart = new Date(b.window.start);
      const input = { ticketId: req.params.id, engineerId: b.engineerId, windowStart, windowEnd: new Date(b.window.end), tools: b.tools, parts: b.parts, note: b.note, actor: userActor(req.principal!.userId) };
      await dispatchRepair(deps, input, certifiedEngineer(deps, () => windowStart));
      return view(req.params.id, req.principal!.role);
    },
  );

  app.get(
    '/tickets/:id/engineers',
    { config: { access: 'tickets:dispatch' }, schema: { tags, summary: 'The repair engineers a dispatch may offer: certified for the charger and the job on the given day', params: ticketIdParams, querystring: engineersQuery, response: { 200: engineersSchema } } },
    async (req) => {
      const t = await deps.prisma.ticket.findUnique({ where: { id: req.params.id } });
      if (!t) throw new WorkflowError('TICKET_NOT_FOUND', `no ticket ${req.params.id}`);
      return { items: await engineersFor(deps.prisma, t, req.query.on ? new Date(req.query.on) : deps.now()) };
    },
  );

  app.post(
    '/tickets/:id/on-site',
    { config: { access: 'tickets:write', action: 'tickets.on-site' }, schema: { tags, summary: 'On-site record: inspection, actions, safety checklist, parts used (issued from stock)', params: ticketIdParams, body: onSiteBody, response: { 200: workflowTicketSchema } } },
    async (req) => {
      const b = req.body;
      const p = req.principal!;
      await recordOnSite(deps, {
        ticketId: req.params.id,
        arrivedAt: b.arrivedAt ? new Date(b.arrivedAt) : undefined,
        inspectionNotes: b.inspectionNotes,
        actions: b.actions,
        safetyChecklist: b.safetyChecklist,
        partsUsed: b.partsUsed,
        engineer: { id: p.userId, name: p.name },
        actor: userActor(p.userId),
      });
      return view(req.params.id, p.role);
    },
  );

  app.post(
    '/tickets/:id/tests',
    { config: { access: 'tickets:write', action: 'tickets.test' }, schema: { tags, summary: 'Test after repair, with a fresh status/meter check from the charger over OCPP', params: ticketIdParams, body: testBody, response: { 200: workflowTicketSchema } } },
    async (req) => {
      await recordRepairTest(deps, { ticketId: req.params.id, passed: req.body.passed, notes: req.body.notes, freshCheck: req.body.freshCheck, returnToService: req.body.returnToService, actor: userActor(req.principal!.userId) });
      return view(req.params.id, req.principal!.role);
    },
  );

  app.post(
    '/tickets/:id/signoff',
    { config: { access: 'tickets:write', action: 'tickets.signoff' }, schema: { tags, summary: "The customer's sign-off (name, drawn signature, time); closes the repair", params: ticketIdParams, body: signoffBody, response: { 200: workflowTicketSchema } } },
    async (req) => {
      const b = req.body;
      await signOffTicket(deps, { ticketId: req.params.id, name: b.name, signature: b.signature, signedAt: b.signedAt ? new Date(b.signedAt) : undefined, actor: userActor(req.principal!.userId) });
      return view(req.params.id, req.principal!.role);
    },
  );

  app.post(
    '/tickets/:id/escalate',
    { config: { access: 'tickets:write', action: 'tickets.escalate' }, schema: { tags, summary: 'Escalate a safety or quality problem to a supervisor', params: ticketIdParams, body: escalateBody, response: { 200: workflowTicketSchema } } },
    async (req) => {
      await escalateTicket(deps, { ticketId: req.params.id, kind: req.body.kind, reason: req.body.reason, actor: userActor(req.principal!.userId) });
      return view(req.params.id, req.principal!.role);
    },
  );

  app.post(
    '/tickets/:id/decision',
    {
      config: { access: 'tickets:supervise', action: 'tickets.decision' },
      schema: { tags, summary: "A supervisor's decision on an escalated repair: replacement, suspension (ChangeAvailability Inoperative), continue or cancel; the customer is told", params: ticketIdParams, body: decisionBody, response: { 200: decisionResponse } },
    },
    async (req) => {
      const b = req.body;
      const { command } = await decideEscalation(deps, { ticketId: req.params.id, decision: b.decision, next: b.next, reason: b.reason, notice: b.notice, actor: userActor(req.principal!.userId) });
      return { ticket: await view(req.params.id, req.principal!.role), commandId: command?.id ?? null };
    },
  );
};

