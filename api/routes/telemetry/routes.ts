import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ApiError } from '../../errors.ts';
import { chargerIdParams } from '../chargers/schema.ts';
import { presentLatest, presentSeries, presentStatus } from './presenter.ts';
import { latestQuery, latestSchema, MAX_POINTS, seriesQuery, seriesSchema, statusHistoryQuery, statusHistorySchema } from './schema.ts';

const tags = ['telemetry'];
const DAY_MS = 86_400_000;

/** Telemetry of one charger, read through the TelemetryStore (InfluxDB or the embedded store). */
export const telemetryRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;

  const mustExist = async (id: string) => {
    if ((await deps.prisma.charger.count({ where: { id } })) === 0) throw new ApiError('CHARGER_NOT_FOUND', `no charger ${id}`);
  };
  const rangeOf = (q: { from?: string | undefined; to?: string | undefined }) => {
    const to = q.to ? new Date(q.to) : deps.now();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - DAY_MS);
    if (from >= to) throw new ApiError('TELEMETRY_INVALID_QUERY', '`from` must be before `to`');
    return { from, to };
  };

  app.get(
    '/:id/telemetry/series',
    { config: { access: 'telemetry:read' }, schema: { tags, summary: 'A measurand over time, averaged per bucket', params: chargerIdParams, querystring: seriesQuery, response: { 200: seriesSchema } } },
    async (req) => {
      await mustExist(req.params.id);
      const q = req.query;
      const { from, to } = rangeOf(q);
      const spanS = (to.getTime() - from.getTime()) / 1000;
      const resolutionS = q.resolution ?? Math.max(1, Math.ceil(spanS / 300));
      if (spanS / resolutionS > MAX_POINTS) throw new ApiError('TELEMETRY_INVALID_QUERY', `that asks for ${Math.ceil(spanS / resolutionS)} points; use a resolution of at least ${Math.ceil(spanS / MAX_POINTS)} s`);
      const points = await deps.telemetry.series({ chargerId: req.params.id, measurand: q.measurand, from, to, resolutionS, evseId: q.evseId, phase: q.phase });
      return presentSeries(q.measurand, from, to, resolutionS, points);
    },
  );

  app.get(
    '/:id/telemetry/latest',
    { config: { access: 'telemetry:read' }, schema: { tags, summary: 'The latest value of each measurand', params: chargerIdParams, querystring: latestQuery, response: { 200: latestSchema } } },
    async (req) => {
      await mustExist(req.params.id);
      return { items: (await deps.telemetry.latest(req.params.id, req.query.measurand)).map(presentLatest) };
    },
  );

  app.get(
    '/:id/telemetry/status-history',
    { config: { access: 'telemetry:read' }, schema: { tags, summary: 'Connector status changes in a time range', params: chargerIdParams, querystring: statusHistoryQuery, response: { 200: statusHistorySchema } } },
    async (req) => {
      await mustExist(req.params.id);
      const { from, to } = rangeOf(req.query);
      return { items: (await deps.telemetry.statusHistory(req.params.id, from, to)).map(presentStatus) };
    },
  );
};
