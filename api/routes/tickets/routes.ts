import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Prisma } from '../../../core/db/generated/client.ts';
import { toDbSeverity } from '../../../core/tickets/ticket-service.ts';
import { ApiError } from '../../errors.ts';
import { decodeCursor, keysetAfter, keysetOrder, parseSort, toPage } from '../../pagination.ts';
import { presentTicketDetail, presentTicketSummary } from './presenter.ts';
import { ticketDetailSchema, ticketListQuery, ticketPage, ticketParams } from './schema.ts';

const tags = ['tickets'];
const SORTS = {
  createdAt: { nullable: false, kind: 'date' },
  updatedAt: { nullable: false, kind: 'date' },
  number: { nullable: false, kind: 'number' },
  lastOccurredAt: { nullable: true, kind: 'date' },
} as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REFERENCE = /^T-(\d{1,9})$/i;

/** Tickets, read side: lists with filters and the whole picture of one ticket (workflow moves live elsewhere). */
export const ticketRoutes: FastifyPluginAsyncZod = async (app) => {
  const { prisma } = app.deps;

  app.get(
    '',
    { config: { access: 'tickets:read' }, schema: { tags, summary: 'Tickets with status, severity, type, charger, fault-class and date filters', querystring: ticketListQuery, response: { 200: ticketPage } } },
    async (req) => {
      const q = req.query;
      const sort = parseSort(q.sort, SORTS);
      const cursor = decodeCursor(q.cursor, q.sort);
      const where: Prisma.TicketWhereInput = {
        AND: [
          q.status ? { status: { in: q.status } } : {},
          q.severity ? { severity: { in: q.severity.map(toDbSeverity) } } : {},
          q.type ? { type: q.type } : {},
          q.chargerId ? { chargerId: q.chargerId } : {},
          q.faultClass ? { faultClass: q.faultClass } : {},
          q.from || q.to ? { createdAt: { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lt: new Date(q.to) } : {}) } } : {},
          keysetAfter(sort, cursor) as Prisma.TicketWhereInput,
        ],
      };
      const rows = await prisma.ticket.findMany({ where, orderBy: keysetOrder(sort) as Prisma.TicketOrderByWithRelationInput[], take: q.limit + 1 });
      return toPage(rows, q.limit, sort, (t) => ({ v: t[sort.field as keyof typeof SORTS], id: t.id }), presentTicketSummary);
    },
  );

  app.get(
    '/:id',
    {
      config: { access: 'tickets:read' },
      schema: { tags, summary: 'One ticket: diagnosis with every check, timeline, linked faults, commands and received files', params: ticketParams, response: { 200: ticketDetailSchema } },
    },
    async (req) => {
      const ref = REFERENCE.exec(req.params.id);
      const key: Prisma.TicketWhereUniqueInput | undefined = UUID.test(req.params.id) ? { id: req.params.id } : ref ? { number: Number(ref[1]) } : undefined;
      const t = key
        ? await prisma.ticket.findUnique({
            where: key,
            include: { events: { orderBy: { id: 'asc' } }, faults: { orderBy: { reportedAt: 'desc' } }, commands: { orderBy: { requestedAt: 'desc' } } },
          })
        : null;
      if (!t) throw new ApiError('TICKET_NOT_FOUND', `no ticket ${req.params.id}`);
      // a log retrieved by a command sent for the ticket belongs to it even when its slot names no ticket
      const files = await prisma.uploadSlot.findMany({
        where: { OR: [{ ticketId: t.id }, { commandId: { in: t.commands.map((c) => c.id) } }], receivedAt: { not: null } },
        orderBy: { receivedAt: 'asc' },
      });
      return presentTicketDetail(t, files, req.principal!.role);
    },
  );
};
