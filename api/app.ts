import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { LOCAL_OWNER, type JobLease } from '../core/bulk/job-lease.ts';
import { JOB_LEASE_DEFAULT_MS } from '../core/config.ts';
import type { PrismaClient } from '../core/db/database.ts';
import type { CommandService } from '../core/commands/command-service.ts';
import type { EventBus } from '../core/event-bus.ts';
import type { FirmwareStore } from '../core/files/firmware-store.ts';
import type { UploadSlots } from '../core/files/upload-slots.ts';
import type { TelemetryStore } from '../telemetry/types.ts';
import type { ApiDeps, GatewayStatus, ReadinessCheck, WebhookNotifier } from './api-deps.ts';
import type { ApiConfig } from './config.ts';
import './fastify-types.ts';
import type { RouteEntry } from './fastify-types.ts';
import { ApiError } from './errors.ts';
import { ApiMetrics } from './metrics.ts';
import { installAuditHook } from './plugins/audit-hook.ts';
import { installAuthentication } from './plugins/authentication.ts';
import { registerDocs } from './plugins/docs.ts';
import { installProblemHandler, problemSchema } from './plugins/problem-handler.ts';
import { auditRoutes } from './routes/audit/routes.ts';
import { bulkCommandRoutes } from './routes/bulk-commands/routes.ts';
import { campaignRoutes } from './routes/campaigns/routes.ts';
import { authRoutes } from './routes/auth/routes.ts';
import { chargerFileRoutes } from './routes/charger-files/routes.ts';
import { chargerRoutes } from './routes/chargers/routes.ts';
import { commandRoutes } from './routes/commands/routes.ts';
import { diagnosticsRoutes } from './routes/diagnostics/routes.ts';
import { faultRoutes } from './routes/faults/routes.ts';
import { firmwareRoutes } from './routes/firmware/routes.ts';
import { fleetRoutes } from './routes/fleet/routes.ts';
import { healthRoutes } from './routes/health/routes.ts';
import { liveRoutes } from './routes/live/routes.ts';
import { telemetryRoutes } from './routes/telemetry/routes.ts';
import { ticketRoutes } from './routes/tickets/routes.ts';
import { userRoutes } from './routes/users/routes.ts';
import { webhookRoutes } from './routes/webhooks/routes.ts';
import { workflowRoutes } from './routes/workflow/routes.ts';
import { complaintRoutes } from './routes/complaints/routes.ts';
import { consultationRoutes } from './routes/consultations/routes.ts';
import { customerRoutes } from './routes/customers/routes.ts';
import { siteRoutes } from './routes/sites/routes.ts';
import { partRoutes } from './routes/parts/routes.ts';
import { supplierRoutes } from './routes/suppliers/routes.ts';
import { installationRoutes } from './routes/installations/routes.ts';
import { maintenanceRoutes } from './routes/maintenance/routes.ts';
import { kpiRoutes } from './routes/kpis/routes.ts';
import { staffRoutes } from './routes/staff/routes.ts';
import { surveyRoutes } from './routes/surveys/routes.ts';
import { costRoutes } from './routes/costs/routes.ts';
import { budgetRoutes } from './routes/budgets/routes.ts';
import { documentRoutes } from './routes/documents/routes.ts';
import { archiveRoutes } from './routes/archive/routes.ts';

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
  /** remote commands; without them the routes that send commands (single, bulk, campaigns) are not registered */
  commands?: CommandService | undefined;
  /** this node as the holder of bulk jobs and campaigns (default: one process, LOCAL_OWNER, the default lease) */
  jobs?: JobLease | undefined;
  /** the built dashboard served at `/` (default: web/dist of this checkout) */
  webDir?: string | undefined;
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
    commands: options.commands,
    jobs: options.jobs ?? { owner: LOCAL_OWNER, leaseMs: JOB_LEASE_DEFAULT_MS },
  };
  app.decorate('deps', deps);
  const metrics = new ApiMetrics(deps);
  app.decorate('metrics', metrics);
  app.addHook('onClose', async () => metrics.close());

  // Every route must say who may call it; the catalogue feeds the role × route test.
  const catalogue: RouteEntry[] = [];
  app.decorate('routeCatalogue', catalogue);
  app.addHook('onRoute', (route) => {
    // Swagger UI and the dashboard's files are public pages, not API endpoints: outside the catalogue.
    if (route.url.startsWith('/docs') || route.url === DASHBOARD_ROUTE) {
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
    req.log.debug({ method: req.method, url: withoutSecrets(req.url, req.params), status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
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
  void app.register(workflowRoutes, { prefix: '/api/workflow' });
  void app.register(customerRoutes, { prefix: '/api/customers' });
  void app.register(siteRoutes, { prefix: '/api/sites' });
  void app.register(consultationRoutes, { prefix: '/api/consultations' });
  void app.register(complaintRoutes, { prefix: '/api/complaints' });
  void app.register(partRoutes, { prefix: '/api/parts' });
  void app.register(supplierRoutes, { prefix: '/api/suppliers' });
  void app.register(installationRoutes, { prefix: '/api/installations' });
  void app.register(maintenanceRoutes, { prefix: '/api/maintenance' });
  void app.register(kpiRoutes, { prefix: '/api/kpis' });
  void app.register(staffRoutes, { prefix: '/api/staff' });
  void app.register(surveyRoutes, { prefix: '/api/surveys' });
  void app.register(costRoutes, { prefix: '/api/costs' });
  void app.register(budgetRoutes, { prefix: '/api/budgets' });
  void app.register(documentRoutes, { prefix: '/api/documents' });
  void app.register(archiveRoutes, { prefix: '/api/archive' });
  if (options.files) void app.register(chargerFileRoutes);
  // issue 5: commands (reads always; sending only with a command service), bulk jobs, firmware, tickets
  void app.register(commandRoutes, { prefix: '/api' });
  void app.register(bulkCommandRoutes, { prefix: '/api/commands/bulk' });
  void app.register(campaignRoutes, { prefix: '/api/firmware/campaigns' });
  if (options.files) void app.register(firmwareRoutes, { prefix: '/api/firmware' });
  void app.register(ticketRoutes, { prefix: '/api/tickets' });
  void app.register(faultRoutes, { prefix: '/api/faults' });
  if (options.files) void app.register(diagnosticsRoutes, { prefix: '/api/diagnostics' });
  registerDashboard(app, options.webDir ?? WEB_DIST);
  return app;
}

const DASHBOARD_ROUTE = '/*';
const WEB_DIST = fileURLToPath(new URL('../web/dist', import.meta.url));
// Paths that belong to the server, never to the dashboard: an unknown one there is an API 404, not the SPA.
const SERVER_PATHS = /^\/(api|docs|firmware|uploads)(\/|$)/;
const DASHBOARD_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Chargemend</title>
<h1>The dashboard is not built</h1>
<p>Run <code>npm run build:web</code> in the Chargemend checkout (it writes <code>web/dist</code>), then reload this page.
The API itself works: see <a href="/docs">/docs</a>.</p>`;

/**
 * The dashboard (web/dist, built by Vite) at `/`: files by name, hashed assets cached for good, and any
 * other non-API path answered with index.html so the SPA's own routes survive a reload or a deep link.
 */
function registerDashboard(app: FastifyInstance, dir: string): void {
  void app.register(async (web) => {
    await web.register(fastifyStatic, { root: dir, serve: false });
    web.get(
      DASHBOARD_ROUTE,
      { config: { access: 'public' }, schema: { hide: true, summary: 'The dashboard (single-page app): its files, else index.html' } },
      async (req, reply) => {
        const path = safeDecode(req.url.split('?')[0] ?? '/');
        if (SERVER_PATHS.test(path)) throw new ApiError('API_ROUTE_NOT_FOUND', `no endpoint ${req.method} ${path}`);
        reply.header('x-content-type-options', 'nosniff');
        if (!existsSync(join(dir, 'index.html'))) return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT);
        const file = normalize(path).replace(/^[/\\]+/, '');
        if (file && !file.startsWith('..') && isFile(join(dir, file))) {
          const hashed = file.startsWith(`assets${sep}`) || file.startsWith('assets/');
          return reply.sendFile(file, hashed ? { immutable: true, maxAge: 365 * 86_400_000 } : { maxAge: 0 });
        }
        return reply.header('content-security-policy', DASHBOARD_CSP).header('cache-control', 'no-cache').sendFile('index.html', { maxAge: 0 });
      },
    );
  });
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The request's URL for the log, its one-time tokens (a charger's upload address, a survey link) replaced:
 * whoever reads the logs must not be able to use them. Path parameters named `token` are the secret ones.
 */
function withoutSecrets(url: string, params: unknown): string {
  const token = (params as { token?: unknown } | undefined)?.token;
  if (typeof token !== 'string' || token.length === 0) return url;
  return url.replaceAll(encodeURIComponent(token), '[token]').replaceAll(token, '[token]');
}
