import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { issueAuditedCommand } from '../../../core/bulk/audited-command.ts';
import type { Prisma } from '../../../core/db/generated/client.ts';
import { ApiError } from '../../errors.ts';
import { decodeCursor, keysetAfter, keysetOrder, parseSort, toPage } from '../../pagination.ts';
import { asProblem } from './command-problem.ts';
import { presentCommand, presentCommandDetail } from './presenter.ts';
import { requesterOf } from './requester.ts';
import { chargerParams, commandDetailSchema, commandListQuery, commandPage, commandParams, commandSchema, sendCommandBody, sendCommandQuery } from './schema.ts';

const tags = ['commands'];
const SORTS = { requestedAt: { nullable: false, kind: 'date' } } as const;
const FINAL = new Set(['succeeded', 'rejected', 'failed', 'timed_out', 'expired']);

/** Remote commands to one charger: send (audited, one entry per command), history, and each command's life. */
export const commandRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const { prisma } = deps;

  app.get(
    '/chargers/:id/commands',
    { config: { access: 'commands:read' }, schema: { tags, summary: "A charger's commands, newest first", params: chargerParams, querystring: commandListQuery, response: { 200: commandPage } } },
    async (req) => {
      const q = req.query;
      const charger = await prisma.charger.findUnique({ where: { id: req.params.id }, select: { id: true } });
      if (!charger) throw new ApiError('CHARGER_NOT_FOUND', `no charger ${req.params.id}`);
      const sort = parseSort(q.sort, SORTS);
      const cursor = decodeCursor(q.cursor, q.sort);
      const where: Prisma.CommandWhereInput = {
        AND: [{ chargerId: req.params.id }, q.status ? { status: q.status } : {}, q.kind ? { kind: q.kind } : {}, keysetAfter(sort, cursor) as Prisma.CommandWhereInput],
      };
      const rows = await prisma.command.findMany({ where, orderBy: keysetOrder(sort) as Prisma.CommandOrderByWithRelationInput[], take: q.limit + 1 });
      return toPage(rows, q.limit, sort, (c) => ({ v: c.requestedAt, id: c.id }), presentCommand);
    },
  );

  app.get(
    '/commands/:id',
    { config: { access: 'commands:read' }, schema: { tags, summary: 'One command with its life (every status it went through)', params: commandParams, response: { 200: commandDetailSchema } } },
    async (req) => {
      const c = await prisma.command.findUnique({ where: { id: req.params.id }, include: { events: { orderBy: { id: 'asc' } } } });
      if (!c) throw new ApiError('COMMAND_NOT_FOUND', `no command ${req.params.id}`);
      return presentCommandDetail(c);
    },
  );

  const commands = deps.commands;
  if (!commands) return;

  app.post(
    '/chargers/:id/commands',
    {
      config: { access: 'commands:send', action: 'commands.send' },
      schema: {
        tags,
        summary: 'Send a command to a charger (202: under way; 200 with ?wait=true: final)',
        description: 'Answers once the charger acknowledged the command (or it was queued). With ?wait=true it also waits, at most waitS, for the final status (firmware: Installed; logs: Uploaded).',
        params: chargerParams,
        querystring: sendCommandQuery,
        body: sendCommandBody,
        response: { 200: commandSchema, 202: commandSchema },
      },
    },
    async (req, reply) => {
      const { id } = req.params;
      const b = req.body;
      req.auditTarget = `charger:${id}`;
      if (b.ticketId && !(await prisma.ticket.findUnique({ where: { id: b.ticketId }, select: { id: true } }))) {
        throw new ApiError('TICKET_NOT_FOUND', `no ticket ${b.ticketId}`);
      }
      let row = await asProblem(() =>
        issueAuditedCommand(
          { prisma, commands, now: deps.now, log: deps.log },
          { chargerId: id, command: b.command, whenOffline: b.whenOffline, ticketId: b.ticketId, ...(b.expiresInS !== undefined ? { expiresInS: b.expiresInS } : {}) },
          requesterOf(req.principal!),
          { requestId: req.id },
        ),
      );
      if (req.query.wait && !FINAL.has(row.status)) row = await commands.waitForFinal(row.id, req.query.waitS * 1000);
      return reply.code(req.query.wait && FINAL.has(row.status) ? 200 : 202).send(presentCommand(row));
    },
  );
};
