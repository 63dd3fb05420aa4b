import type { Logger } from 'pino';
import type { ReadinessCheck } from '../api/api-deps.ts';
import type { ApiConfig } from '../api/config.ts';
import { ClusterCommandTransport } from '../core/cluster/cluster-command-transport.ts';
import { executeRoutedCommands } from '../core/cluster/command-executor.ts';
import type { ChargerRegistry } from '../core/chargers/charger-registry.ts';
import { TransactionService } from '../core/chargers/transactions.ts';
import { CommandService } from '../core/commands/command-service.ts';
import type { CommandTransport } from '../core/commands/command-transport.ts';
import type { Config } from '../core/config.ts';
import type { Database } from '../core/db/database.ts';
import type { DiagnosisCatalogue } from '../core/diagnosis/catalogue.ts';
import type { FaultResponse } from '../core/diagnosis/fault-response.ts';
import { LocalEventBus, type EventBus } from '../core/event-bus.ts';
import type { FaultIntake } from '../core/faults/fault-intake.ts';
import type { FirmwareStore } from '../core/files/firmware-store.ts';
import type { UploadSlots } from '../core/files/upload-slots.ts';
import type { TicketService } from '../core/tickets/ticket-service.ts';
import type { OcppGateway } from '../gateway/ocpp-gateway.ts';
import type { TelemetryStore } from '../telemetry/types.ts';
import { openBase, openFiles, StartupError, type Base, type Files } from './roles/base.ts';
import { joinCluster, type Cluster } from './roles/cluster.ts';
import { buildGateway } from './roles/gateway-pieces.ts';
import { startApi } from './roles/api-pieces.ts';
import { startWorker } from './roles/worker-pieces.ts';

export { StartupError };

export interface Runtime {
  config: Config;
  db: Database;
  telemetry: TelemetryStore;
  bus: EventBus;
  registry: ChargerRegistry;
  gateway: OcppGateway;
  commands: CommandService;
  tickets: TicketService;
  catalogue: DiagnosisCatalogue;
  firmware: FirmwareStore;
  uploads: UploadSlots;
  faults: FaultIntake;
  responses: FaultResponse;
  ocppUrl: string;
  httpUrl: string;
  /** resolves when every event, fault and automatic response started so far has settled (tests) */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export type Role = 'gateway' | 'api' | 'worker';

/** A node of one role (multi-node mode): what it serves, for its ready line, and how to stop it. */
export interface RoleNode {
  role: Role;
  nodeId: string;
  ocppUrl?: string | undefined;
  httpUrl?: string | undefined;
  bus: EventBus;
  stop(): Promise<void>;
}

/** The composition root of `chargemend start`: every role in one process (with Redis, one node of many). */
export async function startRuntime(config: Config, apiConfig: ApiConfig, log: Logger): Promise<Runtime> {
  const base = await openBase(config, log);
  try {
    const cluster = config.redis ? await joinCluster(config.redis, config.nodeId, { consume: true, broadcast: true }, log, base.cleanups) : undefined;
    const bus = cluster?.bus ?? new LocalEventBus(log.child({ component: 'events' }));
    const gw = buildGateway(base, bus, cluster?.presence);
    if (cluster) {
      cluster.presence.reclaimAfterOutage(() => gw.registry.held());
      await executeRoutedCommands(cluster.link, cluster.pubsub, gw.sender, log.child({ component: 'commands' }));
    }
    // URLs handed to chargers need the HTTP address, known once it listens
    let publicUrl = config.http.publicUrl ?? '';
    const files = openFiles(base, () => publicUrl);
    const commands = buildCommands(base, await transportFor(base, cluster, gw.sender), files, bus);
    const worker = await startWorker(base, bus, commands, gw.transactions, apiConfig, cluster);
    cluster?.bus.startConsuming();
    const api = await startApi(base, {
      bus,
      apiConfig,
      commands,
      files,
      webhooks: worker.webhooks,
      gateway: { connectedCount: () => gw.gateway.connections.size, messagesByAction: () => gw.gateway.messagesByAction },
      readiness: cluster ? [redisReadiness(cluster)] : [],
    });
    publicUrl = config.http.publicUrl ?? api.httpUrl;
    const ocpp = await gw.listen();
    return {
      config,
      db: base.db,
      telemetry: base.telemetry,
      bus,
      registry: gw.registry,
      gateway: gw.gateway,
      commands,
      tickets: worker.tickets,
      catalogue: base.catalogue,
      firmware: files.firmware,
      uploads: files.uploads,
      faults: worker.faults,
      responses: worker.responses,
      ocppUrl: ocpp.url,
      httpUrl: api.httpUrl,
      async settled() {
        await bus.idle();
        await worker.faults.idle();
        await bus.idle();
      },
      async stop() {
        await base.cleanups.run();
        await bus.idle();
      },
    };
  } catch (err) {
    await base.cleanups.run();
    throw err;
  }
}

/**
 * One role of a multi-node deployment. The nodes find each other through Redis only, so every role but
 * `start` needs REDIS_URL.
 * - gateway: the OCPP server, charger registry and presence, status and telemetry writes, and the commands
 *   other nodes route to the chargers it holds.
 * - worker: everything that reacts to events (consumer group), command follow-ups and queued delivery.
 * - api: the HTTP API and dashboard, commands routed through Redis, the live feed.
 */
export async function startRole(role: Role, config: Config, apiConfig: ApiConfig, log: Logger): Promise<RoleNode> {
  if (!config.redis) throw new StartupError(`the ${role} role needs REDIS_URL: nodes find each other through Redis (or run everything in one process with 'chargemend start')`);
  const roleLog = log.child({ role, nodeId: config.nodeId });
  const base = await openBase(config, roleLog);
  try {
    const cluster = await joinCluster(config.redis, config.nodeId, { consume: role === 'worker', broadcast: role !== 'gateway' }, roleLog, base.cleanups);
    const node = { role, nodeId: config.nodeId, bus: cluster.bus, stop: () => base.cleanups.run() };
    if (role === 'gateway') {
      const gw = buildGateway(base, cluster.bus, cluster.presence);
      cluster.presence.reclaimAfterOutage(() => gw.registry.held());
      await executeRoutedCommands(cluster.link, cluster.pubsub, gw.sender, roleLog.child({ component: 'commands' }));
      return { ...node, ocppUrl: (await gw.listen()).url };
    }
    if (role === 'worker' && !config.http.publicUrl) roleLog.warn('PUBLIC_URL is not set: log upload URLs that this worker hands to chargers will not be reachable');
    let publicUrl = config.http.publicUrl ?? '';
    const files = openFiles(base, () => publicUrl);
    const commands = buildCommands(base, await transportFor(base, cluster, undefined), files, cluster.bus);
    if (role === 'worker') {
      await startWorker(base, cluster.bus, commands, new TransactionService(base.db.prisma, cluster.bus), apiConfig, cluster);
      cluster.bus.startConsuming();
      return node;
    }
    const api = await startApi(base, { bus: cluster.bus, apiConfig, commands, files, readiness: [redisReadiness(cluster)] });
    publicUrl = config.http.publicUrl ?? api.httpUrl;
    return { ...node, httpUrl: api.httpUrl };
  } catch (err) {
    await base.cleanups.run();
    throw err;
  }
}

function buildCommands(base: Base, transport: CommandTransport, files: Files, bus: EventBus): CommandService {
  const { config, db, log } = base;
  return new CommandService(
    db.prisma,
    transport,
    files.uploads,
    bus,
    { firmwareUrlPrefixes: () => [files.firmware.urlPrefix(), ...config.files.firmwareUrlAllowlist], followUpTimeoutMs: config.commands.followUpTimeoutMs, defaultQueueExpiryS: config.commands.queueExpiryS },
    log.child({ component: 'commands' }),
  );
}

/** This node's own sockets in one process; with Redis, those first, then the node that presence names. */
async function transportFor(base: Base, cluster: Cluster | undefined, local: CommandTransport | undefined): Promise<CommandTransport> {
  if (!cluster) {
    if (!local) throw new Error('without Redis the command transport is the gateway in this process');
    return local;
  }
  const t = new ClusterCommandTransport(cluster.link, cluster.presence, cluster.pubsub, local, { callTimeoutMs: base.config.ocpp.commandTimeoutMs }, base.log.child({ component: 'commands' }));
  await t.start();
  return t;
}

function redisReadiness(cluster: Cluster): ReadinessCheck {
  return { name: 'redis', check: () => cluster.link.ping() };
}
