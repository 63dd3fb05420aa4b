import type { Logger } from 'pino';
import { ChargerInbox } from '../core/chargers/charger-inbox.ts';
import { ChargerRegistry } from '../core/chargers/charger-registry.ts';
import { ConnectorStatusTracker } from '../core/chargers/connector-status.ts';
import { TransactionService } from '../core/chargers/transactions.ts';
import type { Config } from '../core/config.ts';
import { MIGRATIONS_DIR, openDatabase, type Database } from '../core/db/database.ts';
import { migrate } from '../core/db/migrator.ts';
import { LocalEventBus, type EventBus } from '../core/event-bus.ts';
import { recordConnectionTelemetry } from '../core/telemetry-recorder.ts';
import { OcppGateway } from '../gateway/ocpp-gateway.ts';
import { createTelemetryStore } from '../telemetry/index.ts';
import type { TelemetryStore } from '../telemetry/types.ts';
import { startStatusServer, type StatusServer } from './status-server.ts';

export interface Runtime {
  config: Config;
  db: Database;
  telemetry: TelemetryStore;
  bus: EventBus;
  registry: ChargerRegistry;
  gateway: OcppGateway;
  ocppUrl: string;
  httpUrl: string;
  stop(): Promise<void>;
}

export class StartupError extends Error {
  override name = 'StartupError';
}

/** The composition root: every role in one process (`chargemend start`). */
export async function startRuntime(config: Config, log: Logger): Promise<Runtime> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
  const cleanups: Array<() => Promise<void>> = [() => db.close()];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await c().catch((err: unknown) => log.warn({ err }, 'shutdown step failed'));
  };
  try {
    const m = await db.withSession((s) => migrate(s, { migrationsDir: MIGRATIONS_DIR, log }));
    log.info({ applied: m.applied, database: db.where }, 'database ready');

    const telemetry = createTelemetryStore({
      influx: config.influx,
      sql: db.sql,
      batch: config.telemetry,
      log: log.child({ component: 'telemetry' }),
    });
    cleanups.push(() => telemetry.close());
    const bus = new LocalEventBus(log.child({ component: 'events' }));
    recordConnectionTelemetry(bus, telemetry);

    const registry = new ChargerRegistry(db.prisma, bus, { ...config.ocpp, unknownChargers: config.ocpp.unknownChargers, nodeId: config.nodeId }, log.child({ component: 'registry' }));
    registry.start();
    cleanups.push(() => registry.stop());
    const statuses = new ConnectorStatusTracker(db.prisma, telemetry, bus, log.child({ component: 'status' }));
    const inbox = new ChargerInbox(registry, statuses, new TransactionService(db.prisma, bus), telemetry, bus);

    const gateway = new OcppGateway(
      { registry, inbox, log: log.child({ component: 'gateway' }) },
      { host: config.ocpp.host, port: config.ocpp.port, maxPayloadBytes: config.ocpp.maxPayloadBytes, callTimeoutMs: config.ocpp.commandTimeoutMs, tls: config.ocpp.tls },
    );
    const ocpp = await listenOrExplain(() => gateway.listen(), 'OCPP', 'OCPP_PORT', config.ocpp.port);
    cleanups.push(() => gateway.close());

    const status: StatusServer = await listenOrExplain(
      () => startStatusServer({ host: config.http.host, port: config.http.port, db, telemetry, gateway }),
      'HTTP',
      'HTTP_PORT',
      config.http.port,
    );
    cleanups.push(() => status.close());

    return {
      config,
      db,
      telemetry,
      bus,
      registry,
      gateway,
      ocppUrl: ocpp.url,
      httpUrl: status.url,
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
