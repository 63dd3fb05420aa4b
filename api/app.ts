import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { PrismaClient } from '../core/db/database.ts';
import type { EventBus } from '../core/event-bus.ts';
import type { FirmwareStore } from '../core/files/firmware-store.ts';
import type { UploadSlots } from '../core/files/upload-slots.ts';
import type { TelemetryStore } from '../telemetry/types.ts';
import type { ApiDeps, GatewayStatus, ReadinessCheck, WebhookNotifier } from './api-deps.ts';
import type { ApiConfig } from './config.ts';
import './fastify-types.ts';
import type { RouteEntry } from './fastify-types.ts';
import { ApiMetrics } from './metrics.ts';
import { installAuditHook } from './plugins/audit-hook.ts';
import { installAuthentication } from './plugins/authentication.ts';
import { registerDocs } from './plugins/docs.ts';
import { installProblemHandler, problemSchema } from './plugins/problem-handler.ts';
import { auditRoutes } from './routes/audit/routes.ts';
import { authRoutes } from './routes/auth/routes.ts';
import { chargerFileRoutes } from './routes/charger-files/routes.ts';
import { chargerRoutes } from './routes/chargers/routes.ts';
import { fleetRoutes } from './routes/fleet/routes.ts';
import { healthRoutes } from './routes/health/routes.ts';
import { liveRoutes } from './routes/live/routes.ts';
import { telemetryRoutes } from './routes/telemetry/routes.ts';
import { userRoutes } from './routes/users/routes.ts';
import { webhookRoutes } from './routes/webhooks/routes.ts';

export interface BuildAppOptions {
  prisma: PrismaClient;
  telemetry: TelemetryStore;
  bus: EventBus;
  log: Logger;
  config: ApiConfig;
  gateway?: GatewayStatus | undefined;
  /** checked by /readyz besides PostgreSQL and telemetry (e.g. Redis) */
  readiness?: ReadinessCheck[] | undefined;
  /** this node's webhook dispatcher, told when subscriptions change */
  webhooks?: WebhookNotifier | undefined;
  /** the clock for token expiry, lockouts and audit times (tests pass a controlled one) */
  now?: (() => Date) | undefined;
  version?: string | undefined;
  files?: { firmware: FirmwareStore; uploads: UploadSlots } | undefined;
}

const REQUEST_ID = /^[\w.:-]{1,100}$/;

/**
 * The HTTP API as a fastify instance that is not listening: the runtime calls `listen`, tests `inject`.
 * Every dependency comes in through `options` (the composition root builds them); one plugin per area.
 */
export function buildApp(options: BuildAppOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.log.child({ component: 'api' }) as FastifyBaseLogger,
    // Our own onResponse hook logs requests at debug level; fastify's per-request info lines are noise.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    // A caller's X-Request-Id is kept (tracing across proxies) when it looks like one; otherwise ours.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    trustProxy: options.config.trustProxy,
    bodyLimit: 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const now = options.now ?? (() => new Date());
  const deps: ApiDeps = {
    prisma: options.prisma,
    telemetry: options.telemetry,
    bus: options.bus,
    log: options.log,
    config: options.config,
    gateway: options.gateway,
    readiness: options.readiness ?? [],
    webhooks: options.webhooks,
    now,
    users: { prisma: options.prisma, policy: options.config.auth, now },
    files: options.files,
  };
  app.decorate('deps', deps);
  const metrics = new ApiMetrics(deps);
  app.decorate('metrics', metrics);
  app.addHook('onClose', async () => metrics.close());

  // Every route must say who may call it; the catalogue feeds the role × route test.
  const catalogue: RouteEntry[] = [];
  app.decorate('routeCatalogue', catalogue);
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs')) {
      route.config = { ...route.config, access: 'public' };
      return;
    }
    const access = route.config?.access;
    if (access === undefined) throw new Error(`route ${route.method} ${route.url} declares no access rule (config.access)`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') catalogue.push({ method, url: route.url, access });
    // Documents the error body on every route (the handler sends problems itself, already serialised).
    route.schema = { ...route.schema, response: { '4XX': problemSchema, '5XX': problemSchema, ...(route.schema?.response as object | undefined) } };
  });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  app.addHook('onResponse', async (req, reply) => {
    metrics.httpDuration.observe({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    req.log.debug({ method: req.method, url: req.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });
  installProblemHandler(app);
  installAuthentication(app);
  installAuditHook(app);

  // Areas, each an encapsulated plugin under its prefix; docs first so it sees every route.
  registerDocs(app, options.version ?? '0.0.0');
  void app.register(healthRoutes);
  void app.register(authRoutes, { prefix: '/api/auth' });
  void app.register(userRoutes, { prefix: '/api/users' });
  void app.register(chargerRoutes, { prefix: '/api/chargers' });
  void app.register(telemetryRoutes, { prefix: '/api/chargers' });
  void app.register(fleetRoutes, { prefix: '/api/fleet' });
  void app.register(auditRoutes, { prefix: '/api/audit' });
  void app.register(webhookRoutes, { prefix: '/api/webhooks' });
  void app.register(liveRoutes, { prefix: '/api/live' });
  if (options.files) void app.register(chargerFileRoutes);
  return app;
}
