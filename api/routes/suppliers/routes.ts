import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Supplier } from '../../../core/db/generated/client.ts';
import { PartError } from '../../../core/parts/errors.ts';
import { createSupplier, evaluateSupplier, supplierScore } from '../../../core/parts/suppliers.ts';
import { userActor } from '../../../core/workflow/workflow-deps.ts';
import { mapAfterSalesErrors } from '../workflow/after-sales-errors.ts';
import { workflowDeps } from '../workflow/workflow-deps.ts';
import { evaluationBody, idParams, supplierBody, supplierList, supplierSchema } from './schema.ts';

const tags = ['parts'];

/** Suppliers and their evaluation (quality, delivery, service; goods-in rejection rate). */
export const supplierRoutes: FastifyPluginAsyncZod = async (app) => {
  mapAfterSalesErrors(app);
  const deps = workflowDeps(app.deps);
  const present = async (s: Supplier) => ({ id: s.id, name: s.name, contact: s.contact, email: s.email, phone: s.phone, score: await supplierScore(deps.prisma, s.id) });
  const load = async (id: string) => {
    const s = await deps.prisma.supplier.findUnique({ where: { id } });
    if (!s) throw new PartError('SUPPLIER_NOT_FOUND', `no supplier ${id}`);
    return s;
  };

  app.get('', { config: { access: 'parts:read' }, schema: { tags, summary: 'Suppliers with their scores', response: { 200: supplierList } } }, async () => ({
    items: await Promise.all((await deps.prisma.supplier.findMany({ orderBy: { name: 'asc' }, take: 500 })).map(present)),
  }));
  app.post('', { config: { access: 'suppliers:write', action: 'suppliers.create' }, schema: { tags, summary: 'Add a supplier', body: supplierBody, response: { 201: supplierSchema } } }, async (req, reply) => {
    const s = await createSupplier(deps, req.body);
    req.auditTarget = `supplier:${s.id}`;
    return reply.code(201).send(await present(s));
  });
  app.get('/:id', { config: { access: 'parts:read' }, schema: { tags, summary: 'One supplier with its scores', params: idParams, response: { 200: supplierSchema } } }, async (req) => present(await load(req.params.id)));
  app.post('/:id/evaluations', { config: { access: 'suppliers:write', action: 'suppliers.evaluate' }, schema: { tags, summary: 'Evaluate a supplier for a period (1–5 each)', params: idParams, body: evaluationBody, response: { 200: supplierSchema } } }, async (req) => {
    await evaluateSupplier(deps, { supplierId: req.params.id, ...req.body, actor: userActor(req.principal!.userId) });
    return present(await load(req.params.id));
  });
};
