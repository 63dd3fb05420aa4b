import { join } from 'node:path';
import type { Logger } from 'pino';
import { ChargerInbox } from '../core/chargers/charger-inbox.ts';
import { ChargerRegistry } from '../core/chargers/charger-registry.ts';
import { ConnectorStatusTracker } from '../core/chargers/connector-status.ts';
import { TransactionService } from '../core/chargers/transactions.ts';
import { CommandService } from '../core/commands/command-service.ts';
import type { Config } from '../core/config.ts';
import { MIGRATIONS_DIR, openDatabase, type Database } from '../core/db/database.ts';
import { migrate } from '../core/db/migrator.ts';
import { loadCatalogue, type DiagnosisCatalogue } from '../core/diagnosis/catalogue.ts';
import { DiagnosisRunner } from '../core/diagnosis/diagnosis-runner.ts';
import { FaultResponse } from '../core/diagnosis/fault-response.ts';
import { SelfHealing } from '../core/diagnosis/self-healing.ts';
import { LocalEventBus, type EventBus } from '../core/event-bus.ts';
import { FaultIntake } from '../core/faults/fault-intake.ts';
import { SyntheticFaults } from '../core/faults/synthetic-faults.ts';
import { FirmwareStore } from '../core/files/firmware-store.ts';
import { UploadSlots } from '../core/files/upload-slots.ts';
import { recordConnectionTelemetry } from '../core/telemetry-recorder.ts';
import { TicketService } from '../core/tickets/ticket-service.ts';
import { GatewayCommandSender } from '../gateway/command-sender.ts';
import { OcppGateway } from '../gateway/ocpp-gateway.ts';
import { createTelemetryStore } from '../telemetry/index.ts';
import type { TelemetryStore } from '../telemetry/types.ts';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../api/app.ts';
import type { ApiConfig } from '../api/config.ts';
import { WebhookDispatcher } from '../core/webhooks/webhook-dispatcher.ts';
import pkg from '../package.json' with { type: 'json' };

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

export class StartupError extends Error {
  override name = 'StartupError';
}

/** The composition root: every role in one process (`chargemend start`). */
export async function startRuntime(config: Config, apiConfig: ApiConfig, log: Logger): Promise<Runtime> {
  const catalogue = loadCatalogue(config.diagnosis.catalogueFile);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
  const cleanups: Array<() => Promise<void> | void> = [() => db.close()];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch((err: unknown) => log.warn({ err }, 'shutdown step failed'));
  };
  try {
    const m = await db.withSession((s) => migrate(s, { migrationsDir: MIGRATIONS_DIR, log }));
    log.info({ applied: m.applied, database: db.where, catalogue: catalogue.version }, 'database ready');

    const telemetry = createTelemetryStore({ influx: config.influx, sql: db.sql, batch: config.telemetry, log: log.child({ component: 'telemetry' }) });
    cleanups.push(() => telemetry.close());
    const bus = new LocalEventBus(log.child({ component: 'events' }));
    recordConnectionTelemetry(bus, telemetry);

    const registry = new ChargerRegistry(db.prisma, bus, { ...config.ocpp, nodeId: config.nodeId }, log.child({ component: 'registry' }));
    registry.start();
    cleanups.push(() => registry.stop());
    const transactions = new TransactionService(db.prisma, bus);
    const statuses = new ConnectorStatusTracker(db.prisma, telemetry, bus, log.child({ component: 'status' }));
    const inbox = new ChargerInbox(registry, statuses, transactions, telemetry, bus);
    const gateway = new OcppGateway(
      { registry, inbox, log: log.child({ component: 'gateway' }) },
      { host: config.ocpp.host, port: config.ocpp.port, maxPayloadBytes: config.ocpp.maxPayloadBytes, callTimeoutMs: config.ocpp.commandTimeoutMs, tls: config.ocpp.tls },
    );

    // URLs handed to chargers need the HTTP address, known once it listens
    let publicUrl = config.http.publicUrl ?? '';
    const firmware = new FirmwareStore(db.prisma, { dir: join(config.dataDir, 'firmware'), baseUrl: () => publicUrl });
    const uploads = new UploadSlots(db.prisma, {
      dir: join(config.dataDir, 'uploads'),
      urlFor: (token) => `${publicUrl}/uploads/${token}`,
      maxBytes: config.files.uploadMaxBytes,
      ttlS: config.files.uploadTtlS,
    });
    const commands = new CommandService(
      db.prisma,
      new GatewayCommandSender(gateway.connections, log.child({ component: 'commands' }), config.ocpp.commandTimeoutMs),
      uploads,
      bus,
      { firmwareUrlPrefixes: () => [firmware.urlPrefix(), ...config.files.firmwareUrlAllowlist], followUpTimeoutMs: config.commands.followUpTimeoutMs, defaultQueueExpiryS: config.commands.queueExpiryS },
      log.child({ component: 'commands' }),
    );
    const interrupted = await commands.failInterrupted();
    if (interrupted > 0) log.warn({ interrupted }, 'commands in flight at the last stop were marked failed');
    commands.start();
    cleanups.push(() => commands.stop());

    const ticketLog = log.child({ component: 'tickets' });
    const tickets = new TicketService(db.prisma, bus, { recurrenceDays: config.diagnosis.recurrenceDays }, ticketLog);
    const checkTimeoutMs = Math.min(config.ocpp.commandTimeoutMs, 15_000);
    const diagnosis = new DiagnosisRunner(db.prisma, telemetry, commands, tickets, catalogue, bus, { checkTimeoutMs }, ticketLog);
    const selfHealing = new SelfHealing(db.prisma, catalogue, tickets, commands, transactions, bus, { resetWindowS: config.diagnosis.resetWindowS, logsTimeoutMs: 5 * 60_000, stableMs: config.diagnosis.stableS * 1000 }, ticketLog);
    const responses = new FaultResponse(diagnosis, selfHealing, ticketLog);
    const faults = new FaultIntake(db.prisma, catalogue, tickets, bus, { ticketOpened: (t) => responses.ticketOpened(t), faultsCleared: (id, at) => selfHealing.faultsCleared(id, at) }, ticketLog);
    faults.start();
    const synthetic = new SyntheticFaults(bus, { flappingConnects: config.diagnosis.flappingConnects, flappingWindowS: config.diagnosis.flappingWindowS, stuckAfterS: config.diagnosis.stuckAfterS });
    synthetic.start();
    cleanups.push(() => synthetic.stop());
    // remediation interrupted by the last stop cannot resume half-way: hand those tickets to a person
    await db.prisma.ticket.updateMany({ where: { status: 'remote_action' }, data: { status: 'awaiting_dispatch' } });

    const webhooks = new WebhookDispatcher(db.prisma, bus, log.child({ component: 'webhooks' }), apiConfig.webhooks);
    await webhooks.start();
    cleanups.push(() => webhooks.stop());
    const app = buildApp({
      prisma: db.prisma,
      telemetry,
      bus,
      log,
      config: apiConfig,
      webhooks,
      gateway: { connectedCount: () => gateway.connections.size, messagesByAction: () => gateway.messagesByAction },
      files: { firmware, uploads },
      commands,
      version: pkg.version,
    });
    await listenOrExplain(() => app.listen({ host: config.http.host, port: config.http.port }), 'HTTP', 'HTTP_PORT', config.http.port);
    cleanups.push(() => app.close());
    const { port: httpPort } = app.server.address() as AddressInfo;
    const httpUrl = `http://${config.http.host === '0.0.0.0' || config.http.host === '::' ? 'localhost' : config.http.host}:${httpPort}`;
    publicUrl = config.http.publicUrl ?? httpUrl;

    const ocpp = await listenOrExplain(() => gateway.listen(), 'OCPP', 'OCPP_PORT', config.ocpp.port);
    cleanups.push(() => gateway.close());

    return {
      config,
      db,
      telemetry,
      bus,
      registry,
      gateway,
      commands,
      tickets,
      catalogue,
      firmware,
      uploads,
      faults,
      responses,
      ocppUrl: ocpp.url,
      httpUrl,
      async settled() {
        await bus.idle();
        await faults.idle();
        await bus.idle();
      },
      async stop() {
        await cleanup();
        await bus.idle();
      },
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

async function listenOrExplain<T>(listen: () => Promise<T>, what: string, envName: string, port: number): Promise<T> {
  try {
    return await listen();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new StartupError(`${what} port ${port} is already in use (set ${envName} to another port)`);
    if (code === 'EACCES') throw new StartupError(`no permission to listen on ${what} port ${port} (set ${envName})`);
    throw err;
  }
}
