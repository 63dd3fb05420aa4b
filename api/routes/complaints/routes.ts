import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Prisma } from '../../../core/db/generated/client.ts';
import { acknowledgeComplaint, investigateComplaint, recordComplaintFollowUp, shareComplaintPlan } from '../../../core/workflow/complaints/handle-complaint.ts';
import { openComplaint } from '../../../core/workflow/complaints/open-complaint.ts';
import { WorkflowError } from '../../../core/workflow/errors.ts';
import { userActor } from '../../../core/workflow/workflow-deps.ts';
import { decodeCursor, keysetAfter, keysetOrder, parseSort, toPage } from '../../pagination.ts';
import { mapAfterSalesErrors } from '../workflow/after-sales-errors.ts';
import { workflowDeps } from '../workflow/workflow-deps.ts';
import { presentComplaint } from './presenter.ts';
import { acknowledgeBody, complaintBody, complaintListQuery, complaintPage, complaintSchema, followUpBody, idParams, investigationBody, planBody } from './schema.ts';

const tags = ['complaints'];
const SORTS = { createdAt: { nullable: false, kind: 'date' } } as const;
const INCLUDE = { complaint: { include: { plans: { orderBy: { sharedAt: 'asc' } }, followUps: { orderBy: { at: 'asc' } } } } } satisfies Prisma.TicketInclude;

/** Complaints: apology and promise, the supervisor's investigation, a plan shared with the customer, follow-ups until satisfied. */
export const complaintRoutes: FastifyPluginAsyncZod = async (app) => {
  mapAfterSalesErrors(app);
  const deps = workflowDeps(app.deps);
  const load = async (id: string) => {
    const t = await deps.prisma.ticket.findUnique({ where: { id }, include: INCLUDE });
    if (!t?.complaint) throw new WorkflowError('TICKET_NOT_FOUND', `no complaint ${id}`);
    return t;
  };
  const actor = (userId: string) => userActor(userId);

  app.get('', { config: { access: 'tickets:read' }, schema: { tags, summary: 'Complaints, newest first', querystring: complaintListQuery, response: { 200: complaintPage } } }, async (req) => {
    const q = req.query;
    const sort = parseSort('-createdAt', SORTS);
    const where: Prisma.TicketWhereInput = {
      AND: [{ type: 'complaint' }, q.status ? { status: q.status } : {}, q.staffId ? { complaint: { staffId: q.staffId } } : {}, keysetAfter(sort, decodeCursor(q.cursor, '-createdAt')) as Prisma.TicketWhereInput],
    };
    const rows = await deps.prisma.ticket.findMany({ where, include: INCLUDE, orderBy: keysetOrder(sort) as Prisma.TicketOrderByWithRelationInput[], take: q.limit + 1 });
    return toPage(rows, q.limit, sort, (t) => ({ v: t.createdAt, id: t.id }), (t) => presentComplaint(t, req.principal!.role));
  });

  app.post('', { config: { access: 'tickets:write', action: 'complaints.open' }, schema: { tags, summary: 'Log a complaint', body: complaintBody, response: { 201: complaintSchema } } }, async (req, reply) => {
    const t = await openComplaint(deps, { ...req.body, actor: actor(req.principal!.userId) });
    req.auditTarget = `ticket:${t.id}`;
    return reply.code(201).send(presentComplaint(await load(t.id), req.principal!.role));
  });

  app.get('/:id', { config: { access: 'tickets:read' }, schema: { tags, summary: 'One complaint with its plans and follow-ups', params: idParams, response: { 200: complaintSchema } } }, async (req) => presentComplaint(await load(req.params.id), req.principal!.role));

  app.post('/:id/acknowledge', { config: { access: 'tickets:write', action: 'complaints.acknowledge' }, schema: { tags, summary: 'Acknowledge with an apology and a promise (the customer is told)', params: idParams, body: acknowledgeBody, response: { 200: complaintSchema } } }, async (req) => {
    await acknowledgeComplaint(deps, { ticketId: req.params.id, ...req.body, actor: actor(req.principal!.userId) });
    return presentComplaint(await load(req.params.id), req.principal!.role);
  });

  app.post('/:id/investigation', { config: { access: 'tickets:supervise', action: 'complaints.investigate' }, schema: { tags, summary: "The supervisor's investigation: cause and responsible party", params: idParams, body: investigationBody, response: { 200: complaintSchema } } }, async (req) => {
    await investigateComplaint(deps, { ticketId: req.params.id, ...req.body, actor: actor(req.principal!.userId) });
    return presentComplaint(await load(req.params.id), req.principal!.role);
  });

  app.post('/:id/plan', { config: { access: 'tickets:supervise', action: 'complaints.plan' }, schema: { tags, summary: 'Share a handling plan (measures, owner, deadline) with the customer', params: idParams, body: planBody, response: { 200: complaintSchema } } }, async (req) => {
    await shareComplaintPlan(deps, { ticketId: req.params.id, measures: req.body.measures, ownerId: req.body.ownerId, deadline: new Date(req.body.deadline), channel: req.body.channel, actor: actor(req.principal!.userId) });
    return presentComplaint(await load(req.params.id), req.principal!.role);
  });

  app.post('/:id/follow-ups', { config: { access: 'tickets:write', action: 'complaints.follow-up' }, schema: { tags, summary: 'A follow-up with the satisfaction result; a satisfied customer closes the complaint', params: idParams, body: followUpBody, response: { 200: complaintSchema } } }, async (req) => {
    await recordComplaintFollowUp(deps, { ticketId: req.params.id, ...req.body, actor: actor(req.principal!.userId) });
    return presentComplaint(await load(req.params.id), req.principal!.role);
  });
};
