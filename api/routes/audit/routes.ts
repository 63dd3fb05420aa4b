import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Prisma } from '../../../core/db/generated/client.ts';
import { ApiError } from '../../errors.ts';
import { decodeCursor, encodeCursor } from '../../pagination.ts';
import { presentAuditEntry } from './presenter.ts';
import { auditPage, auditQuery } from './schema.ts';

const SORT = '-id';

/** The audit log, newest first (supervisors and admins). */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { prisma } = app.deps;
  app.get('', { config: { access: 'audit:read' }, schema: { tags: ['audit'], summary: 'Audit log entries, newest first', querystring: auditQuery, response: { 200: auditPage } } }, async (req) => {
    const q = req.query;
    const cursor = decodeCursor(q.cursor, SORT);
    let before: bigint | undefined;
    if (cursor) {
      if (typeof cursor.id !== 'string' || !/^\d+$/.test(cursor.id)) throw new ApiError('API_INVALID_CURSOR', 'the cursor is not one this API issued');
      before = BigInt(cursor.id);
    }
    const where: Prisma.AuditEntryWhereInput = {
      ...(q.actor ? { actor: q.actor } : {}),
      ...(q.action ? { action: q.action } : {}),
      ...(q.target ? { target: q.target } : {}),
      ...(q.outcome ? { outcome: q.outcome } : {}),
      ...(q.from || q.to ? { at: { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lt: new Date(q.to) } : {}) } } : {}),
      ...(before !== undefined ? { id: { lt: before } } : {}),
    };
    const rows = await prisma.auditEntry.findMany({ where, orderBy: { id: 'desc' }, take: q.limit + 1 });
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return { items: page.map(presentAuditEntry), nextCursor: rows.length > q.limit && last ? encodeCursor(SORT, null, last.id.toString()) : null };
  });
};
