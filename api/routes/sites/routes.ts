import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Prisma } from '../../../core/db/generated/client.ts';
import { CustomerError } from '../../../core/customers/errors.ts';
import { createSite, updateSite } from '../../../core/customers/save-site.ts';
import { decodeCursor, keysetAfter, keysetOrder, parseSort, toPage } from '../../pagination.ts';
import { mapAfterSalesErrors } from '../workflow/after-sales-errors.ts';
import { workflowDeps } from '../workflow/workflow-deps.ts';
import { presentSite } from './presenter.ts';
import { siteBody, siteIdParams, siteListQuery, sitePage, sitePatch, siteSchema } from './schema.ts';

const tags = ['customers'];
const SORTS = { name: { nullable: false, kind: 'string' } } as const;
const withChargers = { chargers: { select: { id: true }, orderBy: { id: 'asc' } } } satisfies Prisma.SiteInclude;

/** Sites: where chargers stand, whose they are, and their environment (for maintenance plans). */
export const siteRoutes: FastifyPluginAsyncZod = async (app) => {
  mapAfterSalesErrors(app);
  const deps = workflowDeps(app.deps);
  const load = async (id: string) => {
    const s = await deps.prisma.site.findUnique({ where: { id }, include: withChargers });
    if (!s) throw new CustomerError('SITE_NOT_FOUND', `no site ${id}`);
    return s;
  };

  app.get('', { config: { access: 'customers:read' }, schema: { tags, summary: 'List sites, optionally of one customer', querystring: siteListQuery, response: { 200: sitePage } } }, async (req) => {
    const q = req.query;
    const sort = parseSort('name', SORTS);
    const where: Prisma.SiteWhereInput = { AND: [q.customerId ? { customerId: q.customerId } : {}, keysetAfter(sort, decodeCursor(q.cursor, 'name')) as Prisma.SiteWhereInput] };
    const rows = await deps.prisma.site.findMany({ where, include: withChargers, orderBy: keysetOrder(sort) as Prisma.SiteOrderByWithRelationInput[], take: q.limit + 1 });
    return toPage(rows, q.limit, sort, (s) => ({ v: s.name, id: s.id }), (s) => presentSite(s, req.principal!.role));
  });

  app.post('', { config: { access: 'customers:write', action: 'sites.create' }, schema: { tags, summary: 'Add a site (with its customer, environment and chargers)', body: siteBody, response: { 201: siteSchema } } }, async (req, reply) => {
    const s = await createSite(deps, req.body);
    req.auditTarget = `site:${s.id}`;
    return reply.code(201).send(presentSite(await load(s.id), req.principal!.role));
  });

  app.get('/:id', { config: { access: 'customers:read' }, schema: { tags, summary: 'One site', params: siteIdParams, response: { 200: siteSchema } } }, async (req) => presentSite(await load(req.params.id), req.principal!.role));

  app.patch('/:id', { config: { access: 'customers:write', action: 'sites.update' }, schema: { tags, summary: 'Change a site, or install chargers there', params: siteIdParams, body: sitePatch, response: { 200: siteSchema } } }, async (req) => {
    await updateSite(deps, req.params.id, req.body);
    return presentSite(await load(req.params.id), req.principal!.role);
  });
};
