import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { StaffAssessment, StaffCertification, TrainingRecord } from '../../../core/db/generated/client.ts';
import { assessStaff } from '../../../core/staff/assess-staff.ts';
import { StaffError } from '../../../core/staff/errors.ts';
import { addCertification, planTraining, recordTraining } from '../../../core/staff/staff-records.ts';
import { userActor } from '../../../core/workflow/workflow-deps.ts';
import { mapAfterSalesErrors } from '../workflow/after-sales-errors.ts';
import { workflowDeps } from '../workflow/workflow-deps.ts';
import * as s from './schema.ts';

const tags = ['staff'];
const iso = (d: Date | null) => d?.toISOString() ?? null;
const presentCert = (c: StaffCertification) => ({ id: c.id, userId: c.userId, code: c.code, name: c.name, models: c.models, issuedAt: iso(c.issuedAt), expiresAt: iso(c.expiresAt) });
const presentRecord = (r: TrainingRecord) => ({ id: r.id, planItemId: r.planItemId, category: r.category, topic: r.topic, completedAt: r.completedAt.toISOString(), hours: r.hours, result: r.result });
const presentAssessment = (a: StaffAssessment) => ({ id: a.id, from: a.periodStart.toISOString(), to: a.periodEnd.toISOString(), score: a.score, basis: a.kpis as Record<string, unknown>, notes: a.notes, at: a.at.toISOString() });

/** Staff: skills and certifications (with expiry), certification requirements per model, training plans and records, assessments. */
export const staffRoutes: FastifyPluginAsyncZod = async (app) => {
  mapAfterSalesErrors(app);
  const deps = workflowDeps(app.deps);
  const actor = (userId: string) => userActor(userId);

  app.get('/certifications/expiring', { config: { access: 'staff:read' }, schema: { tags, summary: 'Certifications expiring within the given days', querystring: s.expiringQuery, response: { 200: s.expiringSchema } } }, async (req) => {
    const now = deps.now();
    const rows = await deps.prisma.staffCertification.findMany({ where: { expiresAt: { gte: now, lt: new Date(now.getTime() + req.query.days * 86_400_000) } }, orderBy: { expiresAt: 'asc' } });
    const names = new Map((await deps.prisma.user.findMany({ where: { id: { in: rows.map((r) => r.userId) } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
    return { items: rows.map((c) => ({ ...presentCert(c), userName: names.get(c.userId) ?? '' })) };
  });

  app.put('/requirements/:model', { config: { access: 'staff:write', action: 'staff.requirements' }, schema: { tags, summary: 'The certifications a charger model requires of the engineer dispatched to it', params: s.modelParams, body: s.requirementsBody, response: { 200: s.requirementsSchema } } }, async (req) => {
    const { model } = req.params;
    const row = await deps.prisma.modelChecklist.upsert({ where: { model_kind: { model, kind: 'certifications' } }, create: { model, kind: 'certifications', items: req.body.certifications }, update: { items: req.body.certifications } });
    return { model, certifications: row.items };
  });

  app.get('/training-plan', { config: { access: 'staff:read' }, schema: { tags, summary: "A year's training plan", querystring: s.planQuery, response: { 200: s.planItemSchema.array() } } }, async (req) =>
    (await deps.prisma.trainingPlanItem.findMany({ where: { year: req.query.year }, orderBy: [{ dueBy: 'asc' }, { topic: 'asc' }] })).map((p) => ({ id: p.id, year: p.year, userId: p.userId, category: p.category, topic: p.topic, dueBy: iso(p.dueBy) })),
  );

  app.post('/training-plan', { config: { access: 'staff:write', action: 'staff.training-plan' }, schema: { tags, summary: 'Add a topic to the yearly training plan (a person or the whole team)', body: s.planItemBody, response: { 201: s.planItemSchema } } }, async (req, reply) => {
    const b = req.body;
    const p = await planTraining(deps, { ...b, dueBy: b.dueBy ? new Date(b.dueBy) : undefined });
    return reply.code(201).send({ id: p.id, year: p.year, userId: p.userId, category: p.category, topic: p.topic, dueBy: iso(p.dueBy) });
  });

  app.get('/:id', { config: { access: 'staff:read' }, schema: { tags, summary: "A staff member's certifications, training and assessments", params: s.userParams, response: { 200: s.staffSchema } } }, async (req) => {
    const u = await deps.prisma.user.findUnique({ where: { id: req.params.id }, select: { id: true, name: true, role: true } });
    if (!u) throw new StaffError('STAFF_USER_NOT_FOUND', `no user ${req.params.id}`);
    const now = deps.now();
    const [certs, training, assessments] = await Promise.all([
      deps.prisma.staffCertification.findMany({ where: { userId: u.id }, orderBy: { code: 'asc' } }),
      deps.prisma.trainingRecord.findMany({ where: { userId: u.id }, orderBy: { completedAt: 'desc' } }),
      deps.prisma.staffAssessment.findMany({ where: { userId: u.id }, orderBy: { periodEnd: 'desc' } }),
    ]);
    return {
      userId: u.id,
      name: u.name,
      role: u.role,
      certifications: certs.map((c) => ({ ...presentCert(c), valid: (c.issuedAt === null || c.issuedAt <= now) && (c.expiresAt === null || c.expiresAt > now) })),
      training: training.map(presentRecord),
      assessments: assessments.map(presentAssessment),
    };
  });

  app.post('/:id/certifications', { config: { access: 'staff:write', action: 'staff.certification' }, schema: { tags, summary: 'Add a skill or certification (with expiry)', params: s.userParams, body: s.certificationBody, response: { 201: s.certificationSchema } } }, async (req, reply) => {
    const b = req.body;
    const c = await addCertification(deps, { userId: req.params.id, ...b, issuedAt: b.issuedAt ? new Date(b.issuedAt) : undefined, expiresAt: b.expiresAt ? new Date(b.expiresAt) : undefined });
    return reply.code(201).send(presentCert(c));
  });

  app.post('/:id/training-records', { config: { access: 'staff:write', action: 'staff.training-record' }, schema: { tags, summary: 'Record a completed training', params: s.userParams, body: s.trainingRecordBody, response: { 201: s.trainingRecordSchema } } }, async (req, reply) => {
    const r = await recordTraining(deps, { userId: req.params.id, ...req.body, completedAt: new Date(req.body.completedAt), actor: actor(req.principal!.userId) });
    return reply.code(201).send(presentRecord(r));
  });

  app.post('/:id/assessments', { config: { access: 'staff:write', action: 'staff.assess' }, schema: { tags, summary: 'Assess a staff member for a period from KPIs, complaint outcomes and training', params: s.userParams, body: s.assessmentBody, response: { 201: s.assessmentSchema } } }, async (req, reply) => {
    const a = await assessStaff(deps, { userId: req.params.id, from: new Date(req.body.from), to: new Date(req.body.to), recurrenceDays: req.body.recurrenceDays, notes: req.body.notes, actor: actor(req.principal!.userId) });
    return reply.code(201).send(presentAssessment(a));
  });
};
