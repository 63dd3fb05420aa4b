import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Prisma } from '../../../core/db/generated/client.ts';
import { toDbSeverity } from '../../../core/tickets/ticket-service.ts';
import { ApiError } from '../../errors.ts';
import { decodeCursor, encodeCursor } from '../../pagination.ts';
import { presentFault } from './presenter.ts';
import { faultListQuery, faultPage } from './schema.ts';

/** Fault occurrences as chargers (or the platform) reported them, with filters; keyset pages by report time. */
export const faultRoutes: FastifyPluginAsyncZod = async (app) => {
  const { prisma } = app.deps;

  app.get(
    '',
    { config: { access: 'faults:read' }, schema: { tags: ['faults'], summary: 'Fault occurrences, newest first by default', querystring: faultListQuery, response: { 200: faultPage } } },
    async (req) => {
      const q = req.query;
      const desc = q.sort.startsWith('-');
      const cursor = decodeCursor(q.cursor, q.sort);
      let after: Prisma.FaultWhereInput = {};
      if (cursor) {
        // fault ids are bigints: the cursor carries them as strings
        if (typeof cursor.id !== 'string' || !/^\d+$/.test(cursor.id) || typeof cursor.v !== 'string') throw new ApiError('API_INVALID_CURSOR', 'the cursor is not one this API issued');
        const op = desc ? 'lt' : 'gt';
        const at = new Date(cursor.v);
        after = { OR: [{ reportedAt: { [op]: at } }, { reportedAt: at, id: { [op]: BigInt(cursor.id) } }] };
      }
      const where: Prisma.FaultWhereInput = {
        AND: [
          q.chargerId ? { chargerId: q.chargerId } : {},
          q.faultClass ? { faultClass: q.faultClass } : {},
          q.severity ? { severity: toDbSeverity(q.severity) } : {},
          q.source ? { source: q.source } : {},
          q.code ? { code: q.code } : {},
          q.open === undefined ? {} : { clearedAt: q.open ? null : { not: null } },
          q.ticketId ? { ticketId: q.ticketId } : {},
          q.from || q.to ? { reportedAt: { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lt: new Date(q.to) } : {}) } } : {},
          after,
        ],
      };
      const dir = desc ? 'desc' : 'asc';
      const rows = await prisma.fault.findMany({ where, orderBy: [{ reportedAt: dir }, { id: dir }], take: q.limit + 1 });
      const page = rows.slice(0, q.limit);
      const last = page[page.length - 1];
      return { items: page.map(presentFault), nextCursor: rows.length > q.limit && last ? encodeCursor(q.sort, last.reportedAt.toISOString(), last.id.toString()) : null };
    },
  );
};
