import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { BulkCommandRunner } from '../../../core/bulk/bulk-command-runner.ts';
import type { Prisma } from '../../../core/db/generated/client.ts';
import { ApiError } from '../../errors.ts';
import { decodeCursor, keysetAfter, keysetOrder, parseSort, toPage } from '../../pagination.ts';
import { asProblem } from '../commands/command-problem.ts';
import { requesterOf } from '../commands/requester.ts';
import { presentBulkJob, presentBulkJobSummary, progressOf } from './presenter.ts';
import { bulkCommandBody, bulkJobListQuery, bulkJobPage, bulkJobParams, bulkJobSchema } from './schema.ts';

const tags = ['commands'];
const SORT = parseSort('-createdAt', { createdAt: { nullable: false, kind: 'date' } });

/** One command to a filtered set of chargers, sent in the background with a concurrency limit. */
export const bulkCommandRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const { prisma } = deps;
  const progress = async (jobId: string) => {
    const rows = await prisma.bulkCommandItem.groupBy({ by: ['status'], where: { jobId }, _count: { _all: true } });
    return progressOf(rows);
  };

  app.get(
    '',
    { config: { access: 'commands:read' }, schema: { tags, summary: 'Bulk command jobs, newest first', querystring: bulkJobListQuery, response: { 200: bulkJobPage } } },
    async (req) => {
      const q = req.query;
      const cursor = decodeCursor(q.cursor, '-createdAt');
      const rows = await prisma.bulkCommandJob.findMany({
        where: keysetAfter(SORT, cursor) as Prisma.BulkCommandJobWhereInput,
        orderBy: keysetOrder(SORT) as Prisma.BulkCommandJobOrderByWithRelationInput[],
        take: q.limit + 1,
      });
      const page = toPage(rows, q.limit, SORT, (j) => ({ v: j.createdAt, id: j.id }), (j) => j);
      return { items: await Promise.all(page.items.map(async (j) => presentBulkJobSummary(j, await progress(j.id)))), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/:id',
    { config: { access: 'commands:read' }, schema: { tags, summary: 'A bulk command job: progress and the result for every charger', params: bulkJobParams, response: { 200: bulkJobSchema } } },
    async (req) => {
      const job = await prisma.bulkCommandJob.findUnique({ where: { id: req.params.id }, include: { items: { orderBy: { chargerId: 'asc' } } } });
      if (!job) throw new ApiError('BULK_JOB_NOT_FOUND', `no bulk command job ${req.params.id}`);
      return presentBulkJob(job, await progress(job.id));
    },
  );

  const commands = deps.commands;
  if (!commands) return;
  const runner = new BulkCommandRunner({ prisma, commands, now: deps.now, lease: deps.jobs, log: deps.log.child({ component: 'bulk-commands' }) });
  await runner.recover();
  app.addHook('onClose', async () => runner.stop());

  app.post(
    '',
    {
      config: { access: 'commands:bulk', action: 'commands.bulk' },
      schema: {
        tags,
        summary: 'Send one command to every charger a filter selects (202: the job; progress at GET /api/commands/bulk/{id})',
        description: 'Runs in the background with at most `concurrency` commands waiting for an answer at once. A failure on one charger never stops the others; each charger ends accepted, failed or offline. Every command is audited (actor and charger).',
        body: bulkCommandBody,
        response: { 202: bulkJobSchema },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const job = await asProblem(() => runner.start({ filter: b.filter, command: b.command, concurrency: b.concurrency, requester: requesterOf(req.principal!), requestId: req.id }));
      req.auditTarget = `bulk-job:${job.id}`;
      const fresh = await prisma.bulkCommandJob.findUniqueOrThrow({ where: { id: job.id }, include: { items: { orderBy: { chargerId: 'asc' } } } });
      return reply.code(202).send(presentBulkJob(fresh, await progress(job.id)));
    },
  );
};
