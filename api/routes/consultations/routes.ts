import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Prisma } from '../../../core/db/generated/client.ts';
import { answerConsultation } from '../../../core/workflow/consultations/answer-consultation.ts';
import { openConsultation } from '../../../core/workflow/consultations/open-consultation.ts';
import { routeConsultation } from '../../../core/workflow/consultations/route-consultation.ts';
import { WorkflowError } from '../../../core/workflow/errors.ts';
import { userActor } from '../../../core/workflow/workflow-deps.ts';
import { decodeCursor, keysetAfter, keysetOrder, parseSort, toPage } from '../../pagination.ts';
import { mapAfterSalesErrors } from '../workflow/after-sales-errors.ts';
import { workflowDeps } from '../workflow/workflow-deps.ts';
import { presentConsultation } from './presenter.ts';
import { answerBody, consultationBody, consultationListQuery, consultationPage, consultationSchema, idParams, routeBody } from './schema.ts';

const tags = ['consultations'];
const SORTS = { createdAt: { nullable: false, kind: 'date' } } as const;

/** Consultation intake: logged with customer, contact, content and channel; answered at once or routed and tracked. */
export const consultationRoutes: FastifyPluginAsyncZod = async (app) => {
  mapAfterSalesErrors(app);
  const deps = workflowDeps(app.deps);
  const load = async (id: string) => {
    const t = await deps.prisma.ticket.findUnique({ where: { id }, include: { consultation: true } });
    if (!t?.consultation) throw new WorkflowError('TICKET_NOT_FOUND', `no consultation ${id}`);
    return t;
  };

  app.get('', { config: { access: 'tickets:read' }, schema: { tags, summary: 'Consultations, newest first; ?overdue=true for promised replies not given in time', querystring: consultationListQuery, response: { 200: consultationPage } } }, async (req) => {
    const q = req.query;
    const now = deps.now();
    const sort = parseSort('-createdAt', SORTS);
    const where: Prisma.TicketWhereInput = {
      AND: [
        { type: 'consultation' },
        q.status ? { status: q.status } : {},
        q.routedTo ? { consultation: { routedTo: q.routedTo } } : {},
        q.overdue === true ? { status: 'routed', consultation: { promisedReplyBy: { lt: now } } } : {},
        q.overdue === false ? { NOT: { status: 'routed', consultation: { promisedReplyBy: { lt: now } } } } : {},
        keysetAfter(sort, decodeCursor(q.cursor, '-createdAt')) as Prisma.TicketWhereInput,
      ],
    };
    const rows = await deps.prisma.ticket.findMany({ where, include: { consultation: true }, orderBy: keysetOrder(sort) as Prisma.TicketOrderByWithRelationInput[], take: q.limit + 1 });
    return toPage(rows, q.limit, sort, (t) => ({ v: t.createdAt, id: t.id }), (t) => presentConsultation(t, req.principal!.role, now));
  });

  app.post('', { config: { access: 'tickets:write', action: 'consultations.open' }, schema: { tags, summary: 'Log a consultation (answered at once, routed, or open)', body: consultationBody, response: { 201: consultationSchema } } }, async (req, reply) => {
    const b = req.body;
    const t = await openConsultation(deps, { ...b, routeTo: b.routeTo ? { userId: b.routeTo.userId, promisedReplyBy: new Date(b.routeTo.promisedReplyBy) } : undefined, actor: userActor(req.principal!.userId) });
    req.auditTarget = `ticket:${t.id}`;
    return reply.code(201).send(presentConsultation(await load(t.id), req.principal!.role, deps.now()));
  });

  app.get('/:id', { config: { access: 'tickets:read' }, schema: { tags, summary: 'One consultation', params: idParams, response: { 200: consultationSchema } } }, async (req) => presentConsultation(await load(req.params.id), req.principal!.role, deps.now()));

  app.post('/:id/route', { config: { access: 'tickets:write', action: 'consultations.route' }, schema: { tags, summary: 'Route to the right person with a promised reply time', params: idParams, body: routeBody, response: { 200: consultationSchema } } }, async (req) => {
    await routeConsultation(deps, { ticketId: req.params.id, userId: req.body.userId, promisedReplyBy: new Date(req.body.promisedReplyBy), actor: userActor(req.principal!.userId) });
    return presentConsultation(await load(req.params.id), req.principal!.role, deps.now());
  });

  app.post('/:id/answer', { config: { access: 'tickets:write', action: 'consultations.answer' }, schema: { tags, summary: 'Record the answer given to the customer; closes the consultation', params: idParams, body: answerBody, response: { 200: consultationSchema } } }, async (req) => {
    await answerConsultation(deps, { ticketId: req.params.id, answer: req.body.answer, actor: userActor(req.principal!.userId) });
    return presentConsultation(await load(req.params.id), req.principal!.role, deps.now());
  });
};
