import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../../core/config.ts';
import { MIGRATIONS_DIR, openDatabase, type Database } from '../../core/db/database.ts';
import { migrate } from '../../core/db/migrator.ts';
import { loadCatalogue, type DiagnosisCatalogue } from '../../core/diagnosis/catalogue.ts';
import { FirmwareStore } from '../../core/files/firmware-store.ts';
import { UploadSlots } from '../../core/files/upload-slots.ts';
import { createTelemetryStore } from '../../telemetry/index.ts';
import type { TelemetryStore } from '../../telemetry/types.ts';

export class StartupError extends Error {
  override name = 'StartupError';
}

/** Shutdown steps, run last-first; a failing step is logged and the others still run. */
export class Cleanups {
  private readonly steps: Array<() => Promise<void> | void> = [];
  constructor(private readonly log: Logger) {}

  push(step: () => Promise<void> | void): void {
    this.steps.push(step);
  }

  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      await Promise.resolve()
        .then(step)
        .catch((err: unknown) => this.log.warn({ err }, 'shutdown step failed'));
    }
  }
}

/** What every role has: the database (migrated), telemetry, the diagnosis catalogue, its shutdown steps. */
export interface Base {
  config: Config;
  log: Logger;
  db: Database;
  telemetry: TelemetryStore;
  catalogue: DiagnosisCatalogue;
  cleanups: Cleanups;
}

export async function openBase(config: Config, log: Logger): Promise<Base> {
  const catalogue = loadCatalogue(config.diagnosis.catalogueFile);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
  const cleanups = new Cleanups(log);
  cleanups.push(() => db.close());
  try {
    // every role migrates: the migrator serialises concurrent starts with an advisory lock
    const m = await db.withSession((s) => migrate(s, { migrationsDir: MIGRATIONS_DIR, log }));
    log.info({ applied: m.applied, database: db.where, catalogue: catalogue.version }, 'database ready');
    const telemetry = createTelemetryStore({ influx: config.influx, sql: db.sql, batch: config.telemetry, log: log.child({ component: 'telemetry' }) });
    cleanups.push(() => telemetry.close());
    return { config, log, db, telemetry, catalogue, cleanups };
  } catch (err) {
    await cleanups.run();
    throw err;
  }
}

export interface Files {
  firmware: FirmwareStore;
  uploads: UploadSlots;
}

/** Firmware images and log upload slots; URLs handed to chargers use `publicUrl` (known once HTTP listens). */
export function openFiles(base: Base, publicUrl: () => string): Files {
  const { config, db } = base;
  const firmware = new FirmwareStore(db.prisma, { dir: join(config.dataDir, 'firmware'), baseUrl: publicUrl });
  const uploads = new UploadSlots(db.prisma, {
    dir: join(config.dataDir, 'uploads'),
    urlFor: (token) => `${publicUrl()}/uploads/${token}`,
    maxBytes: config.files.uploadMaxBytes,
    ttlS: config.files.uploadTtlS,
  });
  return { firmware, uploads };
}

export async function listenOrExplain<T>(listen: () => Promise<T>, what: string, envName: string, port: number): Promise<T> {
  try {
    return await listen();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new StartupError(`${what} port ${port} is already in use (set ${envName} to another port)`);
    if (code === 'EACCES') throw new StartupError(`no permission to listen on ${what} port ${port} (set ${envName})`);
    throw err;
  }
}
