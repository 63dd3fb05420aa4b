import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { presentFleetSummary } from './presenter.ts';
import { fleetSummarySchema } from './schema.ts';

/** Fleet health at a glance (the dashboard's first screen): aggregates in the database, never rows. */
export const fleetRoutes: FastifyPluginAsyncZod = async (app) => {
  const { prisma } = app.deps;
  app.get('/summary', { config: { access: 'fleet:read' }, schema: { tags: ['fleet'], summary: 'Counts by status, online/offline, faulted now, by model', response: { 200: fleetSummarySchema } } }, async () => {
    const [chargers, online, faultedNow, pendingRegistration, byStatus, byModel, onlineByModel] = await Promise.all([
      prisma.charger.count(),
      prisma.charger.count({ where: { online: true } }),
      prisma.charger.count({ where: { connectors: { some: { OR: [{ status: 'Faulted' }, { errorCode: { not: null } }] } } } }),
      prisma.charger.count({ where: { registration: 'pending' } }),
      prisma.connector.groupBy({ by: ['status'], _count: { _all: true } }),
      prisma.charger.groupBy({ by: ['model'], _count: { _all: true } }),
      prisma.charger.groupBy({ by: ['model'], where: { online: true }, _count: { _all: true } }),
    ]);
    const onlineOf = new Map(onlineByModel.map((m) => [m.model, m._count._all]));
    return presentFleetSummary({
      chargers,
      online,
      faultedNow,
      pendingRegistration,
      connectorsByStatus: byStatus.map((s) => ({ status: s.status, count: s._count._all })),
      byModel: byModel.map((m) => ({ model: m.model, chargers: m._count._all, online: onlineOf.get(m.model) ?? 0 })),
    });
  });
};
