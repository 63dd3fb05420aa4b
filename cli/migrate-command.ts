import type { Config } from '../core/config.ts';
import { MIGRATIONS_DIR, openDatabase } from '../core/db/database.ts';
import { migrate } from '../core/db/migrator.ts';
import type { Logger } from '../core/logger.ts';
import type { CliIo } from './main.ts';

export async function runMigrateCommand(config: Config, log: Logger, io: CliIo): Promise<number> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
  try {
    const r = await db.withSession((s) => migrate(s, { migrationsDir: MIGRATIONS_DIR, log }));
    io.out(
      r.applied.length === 0
        ? `database ${db.where} is up to date (${r.alreadyApplied} migrations)`
        : `applied ${r.applied.length} migration(s) to ${db.where}: ${r.applied.join(', ')}`,
    );
    return 0;
  } finally {
    await db.close();
  }
}
