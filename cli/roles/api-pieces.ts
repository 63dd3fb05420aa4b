import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { GatewayStatus, ReadinessCheck, WebhookNotifier } from '../../api/api-deps.ts';
import { buildApp } from '../../api/app.ts';
import type { ApiConfig } from '../../api/config.ts';
import { LOCAL_OWNER } from '../../core/bulk/job-lease.ts';
import type { CommandService } from '../../core/commands/command-service.ts';
import type { EventBus } from '../../core/event-bus.ts';
import pkg from '../../package.json' with { type: 'json' };
import { listenOrExplain, type Base, type Files } from './base.ts';

export interface ApiPieces {
  app: FastifyInstance;
  httpUrl: string;
}

/** The HTTP API and dashboard, listening; `readiness` adds checks to /readyz (Redis in multi-node mode). */
export async function startApi(
  base: Base,
  deps: { bus: EventBus; apiConfig: ApiConfig; commands: CommandService; files: Files; webhooks?: WebhookNotifier | undefined; gateway?: GatewayStatus | undefined; readiness?: ReadinessCheck[] | undefined },
): Promise<ApiPieces> {
  const { config, db, telemetry, log, cleanups } = base;
  const app = buildApp({
    prisma: db.prisma,
    telemetry,
    bus: deps.bus,
    log,
    config: deps.apiConfig,
    webhooks: deps.webhooks,
    gateway: deps.gateway,
    readiness: deps.readiness,
    files: deps.files,
    commands: deps.commands,
    // with Redis this is one node of many: its bulk jobs and campaigns are told apart from the others' by its id
    jobs: { owner: config.redis ? config.nodeId : LOCAL_OWNER, leaseMs: config.jobs.leaseMs },
    version: pkg.version,
  });
  await listenOrExplain(() => app.listen({ host: config.http.host, port: config.http.port }), 'HTTP', 'HTTP_PORT', config.http.port);
  cleanups.push(() => app.close());
  const { port } = app.server.address() as AddressInfo;
  const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? 'localhost' : config.http.host;
  return { app, httpUrl: `http://${host}:${port}` };
}
