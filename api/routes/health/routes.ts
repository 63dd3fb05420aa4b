import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ReadinessCheck } from '../../api-deps.ts';
import { healthSchema, readinessSchema } from './schema.ts';

const CHECK_TIMEOUT_MS = 2_000;

/** Liveness, readiness (PostgreSQL, telemetry store, plus what the runtime adds, e.g. Redis) and metrics. */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const checks: ReadinessCheck[] = [
    { name: 'database', check: async () => (await deps.prisma.$queryRaw`SELECT 1`, true) },
    { name: 'telemetry', check: () => deps.telemetry.ping() },
    ...deps.readiness,
  ];

  app.get('/healthz', { config: { access: 'public' }, schema: { tags: ['operations'], summary: 'Liveness: the process answers', security: [], response: { 200: healthSchema } } }, async () => ({
    status: 'ok' as const,
    connectedChargers: deps.gateway?.connectedCount() ?? 0,
  }));

  app.get(
    '/readyz',
    { config: { access: 'public' }, schema: { tags: ['operations'], summary: 'Readiness: every dependency reachable', security: [], response: { 200: readinessSchema, 503: readinessSchema } } },
    async (req, reply) => {
      const results = await Promise.all(checks.map(async (c) => [c.name, await within(c.check(), CHECK_TIMEOUT_MS)] as const));
      for (const [name, up] of results) if (!up) req.log.warn({ check: name }, 'readiness check failed');
      const ready = results.every(([, up]) => up);
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', checks: Object.fromEntries(results.map(([n, up]) => [n, up ? 'up' : 'down'])) });
    },
  );

  app.get('/metrics', { config: { access: 'public' }, schema: { tags: ['operations'], summary: 'Prometheus metrics (text exposition format)', security: [] } }, async (_req, reply) => {
    const body = await app.metrics.registry.metrics();
    return reply.type(app.metrics.registry.contentType).send(body);
  });
};

/** false when the check fails or takes longer than `ms` (an unreachable host must not hang /readyz). */
async function within(p: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p.catch(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
