import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { pino, type Logger } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pgliteSession, pgSession } from '../../core/db/migration-session.ts';
import {
  checksumMatches,
  markMigrationRolledBack,
  migrate,
  MigrationError,
  prismaChecksum,
  readMigrations,
} from '../../core/db/migrator.ts';
import { createTestDatabase, type TestDatabase } from '../support/pg.ts';

const MIGRATIONS_DIR = resolve(import.meta.dirname, '../../prisma/migrations');

function capturingLogger(): { log: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
  return { log, lines };
}
const quiet = pino({ level: 'silent' });

/** A copy of the project's migrations plus `extra` migrations (name → SQL), in a temp folder. */
async function migrationsDirWith(extra: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cm-migrations-'));
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) await writeMigration(dir, name, sql);
  return dir;
}
async function writeMigration(dir: string, name: string, sql: string): Promise<void> {
  await mkdir(join(dir, name), { recursive: true });
  await writeFile(join(dir, name, 'migration.sql'), sql);
}

async function caught(p: Promise<unknown>): Promise<MigrationError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof MigrationError) return err;
    throw err;
  }
  throw new Error('expected a MigrationError');
}

describe('migrate() on PostgreSQL', () => {
  let db: TestDatabase;
  const clients: pg.Client[] = [];
  const tempDirs: string[] = [];

  async function connect(): Promise<pg.Client> {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    clients.push(c);
    return c;
  }
  async function tempDir(extra: Record<string, string>): Promise<string> {
    const dir = await migrationsDirWith(extra);
    tempDirs.push(dir);
    return dir;
  }
  async function history(c: pg.Client) {
    return (await c.query<{ migration_name: string; finished_at: Date | null; rolled_back_at: Date | null; logs: string | null; checksum: string }>(
      'SELECT migration_name, finished_at, rolled_back_at, logs, checksum FROM _prisma_migrations ORDER BY started_at, migration_name',
    )).rows;
  }
  async function tables(c: pg.Client): Promise<string[]> {
    return (await c.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).rows.map((r) => r.t);
  }

  beforeAll(async () => {
    db = await createTestDatabase('cm_migrator');
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.end()));
    await Promise.all(tempDirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
    // Every test starts from an empty database.
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await c.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    await c.end();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('applies every migration once, records it as Prisma does and logs one line each', async () => {
    const c = await connect();
    const { log, lines } = capturingLogger();
    const files = await readMigrations(MIGRATIONS_DIR);

    const first = await migrate(pgSession(c), { migrationsDir: MIGRATIONS_DIR, log });
    expect(first).toEqual({ applied: files.map((f) => f.name), alreadyApplied: 0 });
    expect(lines.filter((l) => l.msg === 'migration applied').map((l) => l.migration)).toEqual(files.map((f) => f.name));

    const rows = (await c.query('SELECT * FROM _prisma_migrations ORDER BY migration_name')).rows;
    expect(rows).toHaveLength(files.length);
    for (const [i, row] of rows.entries()) {
      const raw = await readFile(join(MIGRATIONS_DIR, files[i]!.name, 'migration.sql'));
      expect(row).toMatchObject({
        migration_name: files[i]!.name,
        checksum: createHash('sha256').update(raw).digest('hex'),
        logs: null,
        rolled_back_at: null,
        applied_steps_count: 1,
      });
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
    }

    const second = await migrate(pgSession(c), { migrationsDir: MIGRATIONS_DIR, log });
    expect(second).toEqual({ applied: [], alreadyApplied: files.length });
    expect(await history(c)).toHaveLength(files.length);
  });

  it("creates _prisma_migrations exactly as Prisma's schema engine does", async () => {
    const c = await connect();
    await migrate(pgSession(c), { migrationsDir: MIGRATIONS_DIR, log: quiet });
    const columns = (await c.query(
      `SELECT column_name, data_type, character_maximum_length AS len, is_nullable, column_default
       FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    )).rows;
    expect(columns).toEqual([
      { column_name: 'id', data_type: 'character varying', len: 36, is_nullable: 'NO', column_default: null },
      { column_name: 'checksum', data_type: 'character varying', len: 64, is_nullable: 'NO', column_default: null },
      { column_name: 'finished_at', data_type: 'timestamp with time zone', len: null, is_nullable: 'YES', column_default: null },
      { column_name: 'migration_name', data_type: 'character varying', len: 255, is_nullable: 'NO', column_default: null },
      { column_name: 'logs', data_type: 'text', len: null, is_nullable: 'YES', column_default: null },
      { column_name: 'rolled_back_at', data_type: 'timestamp with time zone', len: null, is_nullable: 'YES', column_default: null },
      { column_name: 'started_at', data_type: 'timestamp with time zone', len: null, is_nullable: 'NO', column_default: 'now()' },
      { column_name: 'applied_steps_count', data_type: 'integer', len: null, is_nullable: 'NO', column_default: '0' },
    ]);
    const pk = (await c.query(`SELECT conname FROM pg_constraint WHERE conrelid = '_prisma_migrations'::regclass AND contype = 'p'`)).rows;
    expect(pk).toEqual([{ conname: '_prisma_migrations_pkey' }]);
  });

  it('two processes starting at once: each migration is applied exactly once and both resolve', async () => {
    // A slow second migration keeps the first runner inside the lock while the other one arrives.
    const dir = await tempDir({ '20990101000000_slow': 'SELECT pg_sleep(0.5);\nCREATE TABLE "slow_marker" ("id" INTEGER NOT NULL);\n' });
    const [a, b] = [await connect(), await connect()];
    const results = await Promise.all([
      migrate(pgSession(a), { migrationsDir: dir, log: quiet }),
      migrate(pgSession(b), { migrationsDir: dir, log: quiet }),
    ]);
    const names = (await readMigrations(dir)).map((f) => f.name);
    expect([...results[0].applied, ...results[1].applied].sort()).toEqual(names);
    expect(results.map((r) => r.applied.length + r.alreadyApplied)).toEqual([names.length, names.length]);
    const rows = await history(a);
    expect(rows.map((r) => r.migration_name).sort()).toEqual(names);
    // The lock is released: a third run gets it at once.
    expect(await migrate(pgSession(a), { migrationsDir: dir, log: quiet, lockTimeoutMs: 1_000 })).toEqual({ applied: [], alreadyApplied: names.length });
  });

  it('refuses a changed applied migration and changes nothing (not even pending migrations)', async () => {
    const dir = await tempDir({});
    const c = await connect();
    await migrate(pgSession(c), { migrationsDir: dir, log: quiet });
    const [init] = await readMigrations(dir);
    const before = { history: await history(c), tables: await tables(c) };

    // Line endings alone do not count as a change (Prisma's rule, for checkouts with CRLF).
    await writeFile(join(dir, init!.name, 'migration.sql'), init!.script.replaceAll('\n', '\r\n'));
    const real = (await readMigrations(dir)).length;
    expect(await migrate(pgSession(c), { migrationsDir: dir, log: quiet })).toEqual({ applied: [], alreadyApplied: real });

    await writeFile(join(dir, init!.name, 'migration.sql'), `${init!.script}\nCREATE INDEX "sneaky_idx" ON "charger"("vendor");\n`);
    await writeMigration(dir, '20990101000000_next', 'CREATE TABLE "next_table" ("id" INTEGER NOT NULL);');
    const err = await caught(migrate(pgSession(c), { migrationsDir: dir, log: quiet }));
    expect(err.code).toBe('MIGRATION_CHECKSUM_MISMATCH');
    expect(err.migrations).toEqual([init!.name]);
    expect(err.message).toContain(init!.name);
    expect({ history: await history(c), tables: await tables(c) }).toEqual(before);
  });

  it('rolls a failing migration back, names it and the SQL error, and refuses the next run until resolved', async () => {
    const broken = '20990101000000_broken';
    const dir = await tempDir({ [broken]: 'CREATE TABLE "half_done" ("id" INTEGER NOT NULL);\nINSERT INTO "half_done" VALUES (1);\nSELECT * FROM "no_such_table";\n' });
    const c = await connect();
    const { log, lines } = capturingLogger();

    const err = await caught(migrate(pgSession(c), { migrationsDir: dir, log }));
    expect(err.code).toBe('MIGRATION_FAILED');
    expect(err.migrations).toEqual([broken]);
    expect(err.message).toContain(broken);
    expect(err.message).toContain('relation "no_such_table" does not exist');
    expect(err.message).toContain('ERROR 42P01 at line 3');
    // The good migrations before it stay applied; nothing of the broken one is left behind.
    const good = (await readMigrations(dir)).length - 1;
    expect(lines.filter((l) => l.msg === 'migration applied')).toHaveLength(good);
    expect(await tables(c)).not.toContain('half_done');
    const failedRow = (await history(c)).find((r) => r.migration_name === broken);
    expect(failedRow).toMatchObject({ finished_at: null, rolled_back_at: null });
    expect(failedRow?.logs).toContain('no_such_table');

    // Fixing the file is not enough: like Prisma's P3009, someone must resolve the failed record.
    await writeMigration(dir, broken, 'CREATE TABLE "half_done" ("id" INTEGER NOT NULL);\n');
    const refused = await caught(migrate(pgSession(c), { migrationsDir: dir, log: quiet }));
    expect(refused.code).toBe('MIGRATION_FAILED_PREVIOUSLY');
    expect(refused.migrations).toEqual([broken]);
    expect(refused.message).toContain('no_such_table');
    expect(await tables(c)).not.toContain('half_done');

    await markMigrationRolledBack(pgSession(c), broken);
    expect((await caught(markMigrationRolledBack(pgSession(c), broken))).code).toBe('MIGRATION_NOT_FAILED');
    expect(await migrate(pgSession(c), { migrationsDir: dir, log: quiet })).toEqual({ applied: [broken], alreadyApplied: good });
    expect(await tables(c)).toContain('half_done');
    const rows = (await history(c)).filter((r) => r.migration_name === broken);
    expect(rows.map((r) => [r.rolled_back_at !== null, r.finished_at !== null])).toEqual([[true, false], [false, true]]);
  });

  it('gives up waiting for a lock held elsewhere with a typed error', async () => {
    const [holder, waiter] = [await connect(), await connect()];
    await holder.query('SELECT pg_advisory_lock(72707369)');
    const err = await caught(migrate(pgSession(waiter), { migrationsDir: MIGRATIONS_DIR, log: quiet, lockTimeoutMs: 300 }));
    expect(err.code).toBe('MIGRATION_LOCK_TIMEOUT');
    expect(await tables(waiter)).toEqual([]);
  });
});

describe("Prisma's checksum", () => {
  it('is SHA-256 hex of the script (prisma-engines checksum.rs test vector)', () => {
    expect(prismaChecksum('hello')).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
    expect(prismaChecksum('abcd')).toHaveLength(64);
  });

  it('matches regardless of line endings, as Prisma compares', () => {
    const groups = [
      ['ab\ncd\nef\ngh\rab', 'ab\r\ncd\r\nef\r\ngh\rab'],
      ['ab\ncd\nef\ngh\rab\n', 'ab\r\ncd\r\nef\r\ngh\rab\r\n'],
    ];
    for (const group of groups) {
      for (const script of group) for (const other of group) expect(checksumMatches(script, prismaChecksum(other))).toBe(true);
    }
    expect(checksumMatches('abc', prismaChecksum('abcd'))).toBe(false);
    expect(checksumMatches('abc\n', prismaChecksum('abc'))).toBe(false);
  });

  it('accepts the unpadded hex that old Prisma engines stored (prisma-engines#1887)', () => {
    const digest = createHash('sha256').update('hello').digest();
    const unpadded = [...digest].map((b) => b.toString(16)).join('');
    expect(unpadded.length).toBeLessThan(64);
    expect(checksumMatches('hello', unpadded)).toBe(true);
  });
});

// PGlite boots a WASM PostgreSQL per test: seconds each on a busy machine running suites in parallel.
describe('migrate() on PGlite', { timeout: 60_000 }, () => {
  it('migrates a PGlite data directory once, and finds it migrated after a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cm-pglite-'));
    try {
      const names = (await readMigrations(MIGRATIONS_DIR)).map((f) => f.name);
      let lite = await PGlite.create(dataDir);
      expect(await migrate(pgliteSession(lite), { migrationsDir: MIGRATIONS_DIR, log: quiet })).toEqual({ applied: names, alreadyApplied: 0 });
      await lite.close();

      lite = await PGlite.create(dataDir);
      expect(await migrate(pgliteSession(lite), { migrationsDir: MIGRATIONS_DIR, log: quiet })).toEqual({ applied: [], alreadyApplied: names.length });
      const rows = (await lite.query<{ migration_name: string; applied_steps_count: number }>('SELECT migration_name, applied_steps_count FROM _prisma_migrations')).rows;
      expect(rows).toEqual(names.map((n) => ({ migration_name: n, applied_steps_count: 1 })));
      await lite.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('rolls back a failing migration on PGlite too', async () => {
    const dir = await migrationsDirWith({ '20990101000000_broken': 'CREATE TABLE "half_done" ("id" INTEGER);\nSELEC 1;\n' });
    const lite = await PGlite.create();
    try {
      const err = await caught(migrate(pgliteSession(lite), { migrationsDir: dir, log: quiet }));
      expect(err.code).toBe('MIGRATION_FAILED');
      expect(err.message).toMatch(/20990101000000_broken failed and was rolled back: ERROR 42601 at line 2: syntax error/);
      expect((await lite.query(`SELECT to_regclass('half_done') AS t`)).rows).toEqual([{ t: null }]);
    } finally {
      await lite.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
