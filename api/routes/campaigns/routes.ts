import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { systemClock } from '../../../core/campaigns/campaign-clock.ts';
import { CampaignRunner } from '../../../core/campaigns/campaign-runner.ts';
import type { Prisma } from '../../../core/db/generated/client.ts';
import { ApiError } from '../../errors.ts';
import { decodeCursor, keysetAfter, keysetOrder, parseSort, toPage } from '../../pagination.ts';
import { asProblem } from '../commands/command-problem.ts';
import { requesterOf } from '../commands/requester.ts';
import { countsOf, presentCampaign, presentCampaignSummary } from './presenter.ts';
import { campaignBody, campaignListQuery, campaignPage, campaignParams, campaignSchema } from './schema.ts';

const tags = ['firmware'];
const SORT = parseSort('-createdAt', { createdAt: { nullable: false, kind: 'date' } });
/** UpdateFirmware requests waiting for a charger's answer at once within a wave */
const SEND_CONCURRENCY = 10;

/** Firmware campaigns: roll an image out in waves (canary first), halting by itself on failures. */
export const campaignRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const { prisma } = deps;
  const detail = async (id: string) => {
    const c = await prisma.firmwareCampaign.findUnique({ where: { id }, include: { items: { orderBy: [{ wave: 'asc' }, { chargerId: 'asc' }] } } });
    if (!c) throw new ApiError('CAMPAIGN_NOT_FOUND', `no firmware campaign ${id}`);
    return presentCampaign(c);
  };

  app.get(
    '',
    { config: { access: 'firmware:read' }, schema: { tags, summary: 'Firmware campaigns, newest first', querystring: campaignListQuery, response: { 200: campaignPage } } },
    async (req) => {
      const q = req.query;
      const rows = await prisma.firmwareCampaign.findMany({
        where: keysetAfter(SORT, decodeCursor(q.cursor, '-createdAt')) as Prisma.FirmwareCampaignWhereInput,
        orderBy: keysetOrder(SORT) as Prisma.FirmwareCampaignOrderByWithRelationInput[],
        take: q.limit + 1,
      });
      const page = toPage(rows, q.limit, SORT, (c) => ({ v: c.createdAt, id: c.id }), (c) => c);
      const items = await Promise.all(
        page.items.map(async (c) => {
          const counts = await prisma.firmwareCampaignItem.groupBy({ by: ['status'], where: { campaignId: c.id }, _count: { _all: true } });
          return presentCampaignSummary(c, countsOf(counts));
        }),
      );
      return { items, nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/:id',
    { config: { access: 'firmware:read' }, schema: { tags, summary: 'A campaign: status, progress per wave and per charger', params: campaignParams, response: { 200: campaignSchema } } },
    async (req) => detail(req.params.id),
  );

  const { commands, files } = deps;
  if (!commands || !files) return;
  const runner = new CampaignRunner({
    prisma,
    commands,
    bus: deps.bus,
    now: deps.now,
    clock: { now: deps.now, after: systemClock.after },
    sendConcurrency: SEND_CONCURRENCY,
    lease: deps.jobs,
    log: deps.log.child({ component: 'campaigns' }),
  });
  await runner.start();
  app.addHook('onClose', async () => runner.stop());

  app.post(
    '',
    {
      config: { access: 'firmware:rollout', action: 'campaigns.create' },
      schema: {
        tags,
        summary: 'Start a firmware campaign (202; progress at GET /api/firmware/campaigns/{id})',
        description:
          'Sends UpdateFirmware to a canary share first, then to waves of waveSize with pauseS between them. A wave whose failed share (download, install or delivery failures, offline chargers, no Installed in time) passes maxFailureRate halts the campaign (status halted, statusReason). Every command is audited.',
        body: campaignBody,
        response: { 202: campaignSchema },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const image = await files.firmware.find(b.imageId);
      if (!image) throw new ApiError('FIRMWARE_NOT_FOUND', `no firmware image ${b.imageId}`);
      const c = await asProblem(() =>
        runner.create({
          image: { id: image.id, url: image.url, version: image.version, model: image.model },
          filter: b.filter,
          canaryPercent: b.canaryPercent,
          waveSize: b.waveSize,
          pauseS: b.pauseS,
          maxFailureRate: b.maxFailureRate,
          requester: requesterOf(req.principal!),
        }),
      );
      req.auditTarget = `campaign:${c.id}`;
      return reply.code(202).send(await detail(c.id));
    },
  );

  const actions = {
    pause: { summary: 'Pause: the wave under way finishes, no new wave starts', run: runner.pause.bind(runner) },
    resume: { summary: 'Resume a paused campaign, or a halted one whose failures you accept', run: runner.resume.bind(runner) },
    cancel: { summary: 'Cancel: no further charger is sent the update (updates under way finish)', run: runner.cancel.bind(runner) },
  } as const;
  for (const [name, a] of Object.entries(actions)) {
    app.post(
      `/:id/${name}`,
      { config: { access: 'firmware:rollout', action: `campaigns.${name}` }, schema: { tags, summary: a.summary, params: campaignParams, response: { 200: campaignSchema } } },
      async (req) => {
        req.auditTarget = `campaign:${req.params.id}`;
        await asProblem(() => a.run(req.params.id, req.principal!.email));
        return detail(req.params.id);
      },
    );
  }
};
