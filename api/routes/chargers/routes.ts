import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Prisma } from '../../../core/db/generated/client.ts';
import { ApiError } from '../../errors.ts';
import { decodeCursor, keysetAfter, keysetOrder, parseSort, toPage } from '../../pagination.ts';
import { presentChargerDetail, presentChargerSummary } from './presenter.ts';
import { chargerDetailSchema, chargerIdParams, chargerListQuery, chargerPage } from './schema.ts';

const tags = ['chargers'];
const RECENT_CONNECTIONS = 20;
const SORTS = {
  id: { nullable: false, kind: 'string' },
  model: { nullable: true, kind: 'string' },
  lastSeenAt: { nullable: true, kind: 'date' },
  createdAt: { nullable: false, kind: 'date' },
} as const;

const FAULTED: Prisma.ConnectorWhereInput = { OR: [{ status: 'Faulted' }, { errorCode: { not: null } }] };

export const chargerRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;

  app.get(
    '',
    { config: { access: 'chargers:read' }, schema: { tags, summary: 'List chargers with status, online and fault filters', querystring: chargerListQuery, response: { 200: chargerPage } } },
    async (req) => {
      const q = req.query;
      const sort = parseSort(q.sort, SORTS);
      const cursor = decodeCursor(q.cursor, q.sort);
      const where: Prisma.ChargerWhereInput = {
        AND: [
          q.status ? { connectors: { some: { status: q.status } } } : {},
          q.online !== undefined ? { online: q.online } : {},
          q.faulted === true ? { connectors: { some: FAULTED } } : q.faulted === false ? { connectors: { none: FAULTED } } : {},
          q.model ? { model: q.model } : {},
          q.q
            ? { OR: (['id', 'vendor', 'model', 'serialNumber'] as const).map((f) => ({ [f]: { contains: q.q, mode: 'insensitive' } })) as Prisma.ChargerWhereInput[] }
            : {},
          keysetAfter(sort, cursor) as Prisma.ChargerWhereInput,
        ],
      };
      const rows = await deps.prisma.charger.findMany({ where, include: { connectors: true }, orderBy: keysetOrder(sort) as Prisma.ChargerOrderByWithRelationInput[], take: q.limit + 1 });
      return toPage(rows, q.limit, sort, (c) => ({ v: c[sort.field as keyof typeof SORTS], id: c.id }), presentChargerSummary);
    },
  );

  app.get(
    '/:id',
    { config: { access: 'chargers:read' }, schema: { tags, summary: 'One charger with its EVSEs, connectors and recent connections', params: chargerIdParams, response: { 200: chargerDetailSchema } } },
    async (req) => {
      const c = await deps.prisma.charger.findUnique({
        where: { id: req.params.id },
        include: { connectors: true, connections: { orderBy: { connectedAt: 'desc' }, take: RECENT_CONNECTIONS } },
      });
      if (!c) throw new ApiError('CHARGER_NOT_FOUND', `no charger ${req.params.id}`);
      return presentChargerDetail(c);
    },
  );
};
