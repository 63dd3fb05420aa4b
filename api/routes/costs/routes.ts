import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CostEntry } from '../../../core/db/generated/client.ts';
import { decideCost, recordCost } from '../../../core/costs/record-cost.ts';
import { userActor } from '../../../core/workflow/workflow-deps.ts';
import { mapAfterSalesErrors } from '../workflow/after-sales-errors.ts';
import { workflowDeps } from '../workflow/workflow-deps.ts';
import { costBody, costList, costListQuery, costParams, costSchema, decisionBody } from './schema.ts';

const tags = ['costs'];
const present = (c: CostEntry) => ({ id: String(c.id), ticketId: c.ticketId, category: c.category, amountCents: c.amountCents, minutes: c.minutes, distanceKm: c.distanceKm, description: c.description, at: c.at.toISOString(), status: c.status, decidedBy: c.decidedBy });

/** Costs per ticket (labour, parts, travel); spending over the year's budget waits for a supervisor. */
export const costRoutes: FastifyPluginAsyncZod = async (app) => {
  mapAfterSalesErrors(app);
  const deps = workflowDeps(app.deps);

  app.post('', { config: { access: 'tickets:write', action: 'costs.record' }, schema: { tags, summary: 'Book a cost on a ticket (pending approval when over budget)', body: costBody, response: { 201: costSchema } } }, async (req, reply) => {
    const c = await recordCost(deps, { ...req.body, actor: userActor(req.principal!.userId) });
    req.auditTarget = `cost:${c.id}`;
    return reply.code(201).send(present(c));
  });

  app.get('', { config: { access: 'costs:read' }, schema: { tags, summary: 'Costs, by ticket or status', querystring: costListQuery, response: { 200: costList } } }, async (req) => {
    const rows = await deps.prisma.costEntry.findMany({ where: { ...(req.query.ticketId ? { ticketId: req.query.ticketId } : {}), ...(req.query.status ? { status: req.query.status } : {}) }, orderBy: { id: 'asc' }, take: 1000 });
    return { items: rows.map(present), totalApprovedCents: rows.filter((r) => r.status === 'approved').reduce((s, r) => s + r.amountCents, 0) };
  });

  app.post('/:id/decision', { config: { access: 'tickets:supervise', action: 'costs.decide' }, schema: { tags, summary: 'Approve or reject over-budget spending', params: costParams, body: decisionBody, response: { 200: costSchema } } }, async (req) =>
    present(await decideCost(deps, { costId: BigInt(req.params.id), approve: req.body.approve, actor: userActor(req.principal!.userId) })),
  );
};
