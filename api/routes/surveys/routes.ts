import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { answerSurvey, findSurvey } from '../../../core/surveys/answer-survey.ts';
import { sendSurvey } from '../../../core/surveys/send-survey.ts';
import { userActor } from '../../../core/workflow/workflow-deps.ts';
import { mapAfterSalesErrors } from '../workflow/after-sales-errors.ts';
import { CONTACT_CHANNELS } from '../workflow/schema.ts';
import { workflowDeps } from '../workflow/workflow-deps.ts';

const tags = ['surveys'];
const sendBody = z.object({ ticketId: z.uuid(), channel: z.enum(CONTACT_CHANNELS).default('email'), ttlDays: z.number().int().min(1).max(90).default(14) });
const sentSchema = z.object({ surveyId: z.uuid(), link: z.string().meta({ description: 'the one-time link (shown once; only its hash is stored)' }), expiresAt: z.iso.datetime() });
const tokenParams = z.object({ token: z.string().min(20).max(100) });
const publicSchema = z.object({ reference: z.string(), title: z.string(), answered: z.boolean(), expiresAt: z.iso.datetime() });
const answerBody = z.object({ score: z.number().int().min(1).max(5), comment: z.string().trim().max(5000).optional() });
const listQuery = z.object({ answered: z.enum(['true', 'false']).transform((v) => v === 'true').optional(), limit: z.coerce.number().int().min(1).max(500).default(100) });
const listSchema = z.object({
  items: z.array(z.object({ surveyId: z.uuid(), ticketId: z.uuid(), reference: z.string(), sentAt: z.iso.datetime(), answeredAt: z.iso.datetime().nullable(), score: z.number().int().nullable(), comment: z.string().nullable() })),
});

/** Satisfaction surveys after closing: a one-time link for the customer (public), 1–5 and a comment. */
export const surveyRoutes: FastifyPluginAsyncZod = async (app) => {
  mapAfterSalesErrors(app);
  const deps = workflowDeps(app.deps);

  app.post('', { config: { access: 'tickets:write', action: 'surveys.send' }, schema: { tags, summary: 'Send the satisfaction survey of a closed ticket (a one-time link, told to the customer)', body: sendBody, response: { 201: sentSchema } } }, async (req, reply) => {
    const { survey, link } = await sendSurvey(deps, { ...req.body, linkBase: `${req.protocol}://${req.host}/survey/`, actor: userActor(req.principal!.userId) });
    req.auditTarget = `survey:${survey.id}`;
    return reply.code(201).send({ surveyId: survey.id, link, expiresAt: survey.expiresAt.toISOString() });
  });

  app.get('', { config: { access: 'tickets:read' }, schema: { tags, summary: 'Surveys, newest first', querystring: listQuery, response: { 200: listSchema } } }, async (req) => {
    const rows = await deps.prisma.survey.findMany({
      where: req.query.answered === undefined ? {} : { answeredAt: req.query.answered ? { not: null } : null },
      include: { ticket: { select: { number: true } } },
      orderBy: { sentAt: 'desc' },
      take: req.query.limit,
    });
    return { items: rows.map((s) => ({ surveyId: s.id, ticketId: s.ticketId, reference: `T-${s.ticket.number}`, sentAt: s.sentAt.toISOString(), answeredAt: s.answeredAt?.toISOString() ?? null, score: s.score, comment: s.comment })) };
  });

  app.get('/public/:token', { config: { access: 'public' }, schema: { tags, summary: 'The survey behind a one-time link (for the customer)', security: [], params: tokenParams, response: { 200: publicSchema } } }, async (req) => {
    const { survey, reference, title } = await findSurvey(deps.prisma, req.params.token, deps.now());
    return { reference, title, answered: survey.answeredAt !== null, expiresAt: survey.expiresAt.toISOString() };
  });

  app.post('/public/:token', { config: { access: 'public', action: 'surveys.answer' }, schema: { tags, summary: "The customer's answer (once)", security: [], params: tokenParams, body: answerBody, response: { 200: publicSchema } } }, async (req) => {
    const s = await answerSurvey(deps, { token: req.params.token, ...req.body });
    const { reference, title } = await findSurvey(deps.prisma, req.params.token, deps.now());
    return { reference, title, answered: true, expiresAt: s.expiresAt.toISOString() };
  });
};
