import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Prisma } from '../../../core/db/generated/client.ts';
import { getCustomerRecord } from '../../../core/customers/get-customer-record.ts';
import { createCustomer, updateCustomer } from '../../../core/customers/save-customer.ts';
import { decodeCursor, keysetAfter, keysetOrder, parseSort, toPage } from '../../pagination.ts';
import { mapAfterSalesErrors } from '../workflow/after-sales-errors.ts';
import { workflowDeps } from '../workflow/workflow-deps.ts';
import { presentCustomer, presentCustomerRecord } from './presenter.ts';
import { customerBody, customerIdParams, customerListQuery, customerPage, customerPatch, customerRecordSchema, customerSchema } from './schema.ts';

const tags = ['customers'];
const SORTS = { name: { nullable: false, kind: 'string' } } as const;

/** Customers: basic data, tier, the chargers they own, full service history. Personal data is masked per role. */
export const customerRoutes: FastifyPluginAsyncZod = async (app) => {
  mapAfterSalesErrors(app);
  const deps = workflowDeps(app.deps);

  app.get('', { config: { access: 'customers:read' }, schema: { tags, summary: 'List customers by name, filtered by tier or a search term', querystring: customerListQuery, response: { 200: customerPage } } }, async (req) => {
    const q = req.query;
    const sort = parseSort('name', SORTS);
    const where: Prisma.CustomerWhereInput = {
      AND: [q.tier ? { tier: q.tier } : {}, q.q ? { name: { contains: q.q, mode: 'insensitive' } } : {}, keysetAfter(sort, decodeCursor(q.cursor, 'name')) as Prisma.CustomerWhereInput],
    };
    const rows = await deps.prisma.customer.findMany({ where, orderBy: keysetOrder(sort) as Prisma.CustomerOrderByWithRelationInput[], take: q.limit + 1 });
    return toPage(rows, q.limit, sort, (c) => ({ v: c.name, id: c.id }), (c) => presentCustomer(c, req.principal!.role));
  });

  app.post('', { config: { access: 'customers:write', action: 'customers.create' }, schema: { tags, summary: 'Add a customer', body: customerBody, response: { 201: customerSchema } } }, async (req, reply) => {
    const c = await createCustomer(deps, req.body);
    req.auditTarget = `customer:${c.id}`;
    return reply.code(201).send(presentCustomer(c, req.principal!.role));
  });

  app.get('/:id', { config: { access: 'customers:read' }, schema: { tags, summary: "A customer's record: sites, chargers owned, service history, notices", params: customerIdParams, response: { 200: customerRecordSchema } } }, async (req) =>
    presentCustomerRecord(await getCustomerRecord(deps.prisma, req.params.id), req.principal!.role),
  );

  app.patch('/:id', { config: { access: 'customers:write', action: 'customers.update' }, schema: { tags, summary: "Change a customer's data or tier", params: customerIdParams, body: customerPatch, response: { 200: customerSchema } } }, async (req) =>
    presentCustomer(await updateCustomer(deps, req.params.id, req.body), req.principal!.role),
  );
};
