import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { MIGRATIONS_DIR, openDatabase, type Database } from '../../core/db/database.ts';
import { migrate } from '../../core/db/migrator.ts';
import { createTestDatabase, type TestDatabase } from './pg.ts';

/**
 * A migrated database for the suite, of the kind the product runs on: PostgreSQL (a fresh database on the
 * local server) or PGlite in a temp dir, with what `seed` writes. Registers its own beforeAll/afterAll; call
 * the returned function inside tests (and later hooks) for the open database.
 */
export function suiteDatabase(kind: 'postgres' | 'pglite', seed?: (db: Database) => Promise<unknown>): () => Database {
  const log = pino({ level: 'silent' });
  let db: Database | undefined;
  let pgDb: TestDatabase | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cm-suite-db-'));
    if (kind === 'postgres') pgDb = await createTestDatabase();
    db = await openDatabase({ databaseUrl: pgDb?.url, dataDir: dir, log });
    await db.withSession((s) => migrate(s, { migrationsDir: MIGRATIONS_DIR, log }));
    await seed?.(db);
  });
  afterAll(async () => {
    await db?.close();
    await pgDb?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return () => {
    if (!db) throw new Error('suiteDatabase: the database is opened in beforeAll');
    return db;
  };
}
