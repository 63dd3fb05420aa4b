import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { searchArchive } from '../../../core/workflow/search-archive.ts';
import { ApiError } from '../../errors.ts';

const tags = ['archive'];
const isoDate = z.iso.datetime({ offset: true });
const query = z.object({
  q: z.string().trim().min(2).max(200).optional().meta({ description: 'free text over the whole record', example: 'contactor' }),
  chargerId: z.string().max(48).optional(),
  model: z.string().max(100).optional(),
  faultClass: z.string().max(100).optional().meta({ example: 'ocpp16:GroundFailure' }),
  partId: z.uuid().optional().meta({ description: 'records that used this spare part' }),
  type: z.enum(['repair', 'maintenance']).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const hit = z.object({
  ticketId: z.uuid(),
  reference: z.string(),
  type: z.string(),
  status: z.string(),
  chargerId: z.string().nullable(),
  model: z.string().nullable(),
  faultClass: z.string().nullable(),
  title: z.string(),
  resolution: z.string().nullable(),
  createdAt: z.iso.datetime(),
  closedAt: z.iso.datetime().nullable(),
  parts: z.array(z.string()),
});

const encode = (createdAt: Date, id: string) => Buffer.from(JSON.stringify({ c: createdAt.toISOString(), id })).toString('base64url');
function decode(raw: string | undefined): { createdAt: Date; id: string } | undefined {
  if (!raw) return undefined;
  try {
    const { c, id } = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { c: string; id: string };
    if (!/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(Date.parse(c))) throw new Error('bad cursor');
    return { createdAt: new Date(c), id };
  } catch {
    throw new ApiError('API_INVALID_CURSOR', 'the cursor is not one this archive issued');
  }
}

/** The searchable archive of repair and maintenance records (for fault-trend analysis and reuse). */
export const archiveRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('', { config: { access: 'tickets:read' }, schema: { tags, summary: 'Search repair and maintenance records by charger, model, fault class, part and free text, newest first', querystring: query, response: { 200: z.object({ items: z.array(hit), nextCursor: z.string().nullable() }) } } }, async (req) => {
    const q = req.query;
    const rows = await searchArchive(app.deps.prisma, { ...q, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, after: decode(q.cursor), limit: q.limit + 1 });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), closedAt: r.closedAt?.toISOString() ?? null })),
      nextCursor: rows.length > q.limit && last ? encode(last.createdAt, last.ticketId) : null,
    };
  });
};
