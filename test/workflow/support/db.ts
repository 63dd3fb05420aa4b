import { pino } from 'pino';
import { MIGRATIONS_DIR, openDatabase, type Database } from '../../../core/db/database.ts';
import { migrate } from '../../../core/db/migrator.ts';
import { LocalEventBus } from '../../../core/event-bus.ts';
import type { WorkflowDeps } from '../../../core/workflow/workflow-deps.ts';
import { createTestDatabase } from '../../support/pg.ts';

/** A fresh, migrated PostgreSQL database and the workflow's dependencies on a controlled clock. */
export async function workflowDb(poolSize = 20): Promise<{ db: Database; deps: WorkflowDeps; clock: { ms: number }; close(): Promise<void> }> {
  const tdb = await createTestDatabase('cm_wf');
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const db = await openDatabase({ databaseUrl: tdb.url, dataDir: '/nonexistent', log, poolSize });
  await db.withSession((s) => migrate(s, { migrationsDir: MIGRATIONS_DIR, log }));
  const clock = { ms: Date.parse('2026-11-26T10:00:00Z') };
  const deps: WorkflowDeps = { prisma: db.prisma, bus: new LocalEventBus(log), log, now: () => new Date(clock.ms) };
  return {
    db,
    deps,
    clock,
    async close() {
      await db.close();
      await tdb.drop();
    },
  };
}
