import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { reviewRecords } from '../../../core/kpi/record-reviews.ts';
import { faultTrends } from '../../../core/kpi/fault-trends.ts';
import { portUptime } from '../../../core/kpi/port-uptime.ts';
import { serviceKpis } from '../../../core/kpi/service-kpis.ts';
import { ApiError } from '../../errors.ts';
import { reviewSchema, kpiQuery, kpiSchema, trendQuery, trendSchema, uptimeQuery, uptimeSchema } from './schema.ts';

const tags = ['kpis'];
const MAX_DAYS = 731;

function period(q: { from: string; to: string }): { from: Date; to: Date } {
  const from = new Date(q.from);
  const to = new Date(q.to);
  if (!(to > from) || to.getTime() - from.getTime() > MAX_DAYS * 86_400_000) {
    throw new ApiError('API_VALIDATION_FAILED', `the period must be non-empty and at most ${MAX_DAYS} days`, { errors: [{ path: 'query.to', message: 'after from, within two years' }] });
  }
  return { from, to };
}

/** Service-quality KPIs, fault trends and port uptime, all computed in the database. */
export const kpiRoutes: FastifyPluginAsyncZod = async (app) => {
  const { prisma } = app.deps;
  app.get('', { config: { access: 'kpis:read' }, schema: { tags, summary: 'KPIs for a period, team or person: satisfaction, timeliness, repair success, first-time fix, complaints, response time, remote resolution', querystring: kpiQuery, response: { 200: kpiSchema } } }, async (req) =>
    serviceKpis(prisma, { ...period(req.query), userId: req.query.userId, team: req.query.team, recurrenceDays: req.query.recurrenceDays }),
  );
  app.get('/fault-trends', { config: { access: 'kpis:read' }, schema: { tags, summary: 'Faults per day/week/month by error code, fault class, model, firmware or site', querystring: trendQuery, response: { 200: trendSchema } } }, async (req) => ({
    items: await faultTrends(prisma, { ...period(req.query), by: req.query.by, bucket: req.query.bucket }),
  }));
  app.get('/record-reviews', { config: { access: 'kpis:read' }, schema: { tags, summary: 'Completeness of the repair, maintenance, consultation and complaint records closed in a period; incomplete ones flagged', querystring: uptimeQuery.omit({ chargerId: true }), response: { 200: reviewSchema } } }, async (req) =>
    reviewRecords(prisma, period(req.query)),
  );
  app.get('/uptime', { config: { access: 'kpis:read' }, schema: { tags, summary: 'Uptime per port and month (US NEVI rule: share of minutes operative)', querystring: uptimeQuery, response: { 200: uptimeSchema } } }, async (req) => ({
    items: await portUptime(prisma, { ...period(req.query), chargerId: req.query.chargerId }),
  }));
};
