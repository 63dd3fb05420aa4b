import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { MigrationSession } from './migration-session.ts';

// Applies prisma/migrations/<name>/migration.sql the way `prisma migrate deploy` would, without Prisma's
// native schema engine (it cannot be downloaded on our machines; ARCHITECTURE.md "Environment facts").
// Bookkeeping is Prisma's own `_prisma_migrations` table with Prisma's checksum, so `prisma migrate
// status/deploy` on a machine that has the engine sees the same history. Two deliberate differences:
// each migration runs in one transaction together with its `_prisma_migrations` row (Prisma runs the
// script bare), and an applied migration whose file changed is refused (Prisma's deploy only warns).

/** Prisma Migrate's advisory lock key (schema-engine, postgres flavour): we and Prisma exclude each other. */
export const MIGRATION_LOCK_KEY = 72707369;

export type MigrationErrorCode =
  /** an applied migration's migration.sql no longer has the checksum recorded when it was applied */
  | 'MIGRATION_CHECKSUM_MISMATCH'
  /** a previous run recorded a failed migration (Prisma's P3009); resolve it before migrating again */
  | 'MIGRATION_FAILED_PREVIOUSLY'
  /** a migration script failed; its transaction was rolled back and the failure recorded */
  | 'MIGRATION_FAILED'
  /** the migrations directory or a migration.sql could not be read */
  | 'MIGRATION_READ_FAILED'
  /** another process held the migration lock for longer than `lockTimeoutMs` */
  | 'MIGRATION_LOCK_TIMEOUT'
  /** markMigrationRolledBack() on a migration that is not in a failed state (Prisma's P3012) */
  | 'MIGRATION_NOT_FAILED';

export class MigrationError extends Error {
  override name = 'MigrationError';
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    /** the migrations the error is about, by directory name */
    readonly migrations: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface MigrateOptions {
  /** folder holding `<timestamp>_<name>/migration.sql` directories (Prisma's layout) */
  migrationsDir: string;
  log: Logger;
  /** how long to wait for another process that is migrating the same database; default 5 minutes */
  lockTimeoutMs?: number;
}

export interface MigrateResult {
  /** names of the migrations applied by this run, in order */
  applied: string[];
  /** how many migrations of the directory were already applied before this run */
  alreadyApplied: number;
}

export interface MigrationFile {
  name: string;
  script: string;
  checksum: string;
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  started_at: Date;
  logs: string | null;
}

/** Prisma's checksum: SHA-256 of the script's UTF-8 text, as 64 lower-case hex digits. */
export function prismaChecksum(script: string): string {
  return createHash('sha256').update(script, 'utf8').digest('hex');
}

/**
 * Prisma's comparison (schema-connector checksum.rs): the script also matches with its line endings
 * converted either way (git may have checked it out with CRLF), and old engines wrote the hex digits
 * without zero padding.
 */
export function checksumMatches(script: string, checksum: string): boolean {
  const variants = [script, script.replaceAll('\r\n', '\n'), script.replaceAll('\n', '\r\n')];
  return variants.some((variant) => {
    const digest = createHash('sha256').update(variant, 'utf8').digest();
    const rendered = checksum.length === 64 ? digest.toString('hex') : [...digest].map((b) => b.toString(16)).join('');
    return rendered === checksum;
  });
}

/** The migrations of a directory, ordered as Prisma orders them (localeCompare of the directory names). */
export async function readMigrations(migrationsDir: string): Promise<MigrationFile[]> {
  let entries;
  try {
    entries = await readdir(migrationsDir, { withFileTypes: true });
  } catch (err) {
    throw new MigrationError('MIGRATION_READ_FAILED', `cannot read migrations directory ${migrationsDir}: ${(err as Error).message}`, [], { cause: err });
  }
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort((a, b) => a.localeCompare(b));
  return Promise.all(
    names.map(async (name) => {
      const path = join(migrationsDir, name, 'migration.sql');
      let script: string;
      try {
        script = await readFile(path, 'utf8');
      } catch (err) {
        throw new MigrationError('MIGRATION_READ_FAILED', `cannot read ${path}: ${(err as Error).message}`, [name], { cause: err });
      }
      return { name, script, checksum: prismaChecksum(script) };
    }),
  );
}

/**
 * Applies every migration of `migrationsDir` not yet recorded as applied, each in its own transaction,
 * under Prisma's advisory lock. Refuses (MigrationError) before changing anything when a previous run
 * left a failed migration or an applied migration's file changed.
 */
export async function migrate(session: MigrationSession, opts: MigrateOptions): Promise<MigrateResult> {
  const files = await readMigrations(opts.migrationsDir);
  await acquireLock(session, opts.log, opts.lockTimeoutMs ?? 300_000);
  try {
    await ensureMigrationsTable(session);
    const rows = (await session.query<MigrationRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at, started_at, logs FROM _prisma_migrations ORDER BY started_at',
    )).rows;
    refuseFailed(rows);
    const applied = new Map(rows.filter((r) => r.rolled_back_at === null).map((r) => [r.migration_name, r]));
    refuseChanged(files, applied);

    const onDisk = new Set(files.map((f) => f.name));
    const unknown = [...applied.keys()].filter((name) => !onDisk.has(name));
    if (unknown.length > 0) {
      // Same as Prisma's deploy: a newer release may have migrated this database; not our business to undo.
      opts.log.warn({ migrations: unknown }, 'database has applied migrations that are not in the migrations directory');
    }

    const pending = files.filter((f) => !applied.has(f.name));
    const result: MigrateResult = { applied: [], alreadyApplied: files.length - pending.length };
    for (const file of pending) {
      const started = Date.now();
      await applyOne(session, file);
      result.applied.push(file.name);
      opts.log.info({ migration: file.name, durationMs: Date.now() - started }, 'migration applied');
    }
    return result;
  } finally {
    await session.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]).catch((err: unknown) => {
      // The server drops a session's advisory locks when the connection closes, so this only delays others.
      opts.log.warn({ err }, 'could not release the migration lock');
    });
  }
}

/** Like `prisma migrate resolve --rolled-back <name>`: accepts that a failed migration left nothing behind. */
export async function markMigrationRolledBack(session: MigrationSession, migrationName: string): Promise<void> {
  await ensureMigrationsTable(session);
  const { rows } = await session.query<{ id: string }>(
    `UPDATE _prisma_migrations SET rolled_back_at = now()
     WHERE migration_name = $1 AND finished_at IS NULL AND rolled_back_at IS NULL RETURNING id`,
    [migrationName],
  );
  if (rows.length === 0) {
    throw new MigrationError('MIGRATION_NOT_FAILED', `migration ${migrationName} is not in a failed state; nothing to mark rolled back`, [migrationName]);
  }
}

async function acquireLock(session: MigrationSession, log: Logger, timeoutMs: number): Promise<void> {
  // Polling pg_try_advisory_lock instead of blocking in pg_advisory_lock gives a bounded, typed wait
  // without touching the session's lock_timeout (which the migration scripts would then inherit).
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    const { rows } = await session.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [MIGRATION_LOCK_KEY]);
    if (rows[0]?.locked === true) return;
    if (Date.now() >= deadline) {
      throw new MigrationError('MIGRATION_LOCK_TIMEOUT', `another process held the migration lock (advisory lock ${MIGRATION_LOCK_KEY}) for more than ${timeoutMs} ms`);
    }
    if (!announced) {
      log.info({ lockKey: MIGRATION_LOCK_KEY }, 'waiting for another process to finish migrating');
      announced = true;
    }
    await sleep(Math.min(200, Math.max(1, deadline - Date.now())));
  }
}

async function ensureMigrationsTable(session: MigrationSession): Promise<void> {
  const { rows } = await session.query<{ present: boolean }>(`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present`);
  if (rows[0]?.present === true) return;
  // Verbatim Prisma's DDL (schema-engine postgres flavour, create_migrations_table).
  await session.exec(`CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`);
}

function refuseFailed(rows: MigrationRow[]): void {
  const failed = rows.filter((r) => r.finished_at === null && r.rolled_back_at === null);
  if (failed.length === 0) return;
  const details = failed.map((r) => `${r.migration_name} (started ${r.started_at.toISOString()})${r.logs ? `: ${r.logs.trim()}` : ''}`);
  throw new MigrationError(
    'MIGRATION_FAILED_PREVIOUSLY',
    `a previous run left failed migrations; fix them, then mark them rolled back (markMigrationRolledBack or ` +
      `\`prisma migrate resolve --rolled-back <name>\`) before migrating again: ${details.join('; ')}`,
    failed.map((r) => r.migration_name),
  );
}

function refuseChanged(files: MigrationFile[], applied: Map<string, MigrationRow>): void {
  const changed = files.filter((f) => {
    const row = applied.get(f.name);
    return row !== undefined && !checksumMatches(f.script, row.checksum);
  });
  if (changed.length === 0) return;
  const details = changed.map((f) => `${f.name} (recorded ${applied.get(f.name)?.checksum}, file ${f.checksum})`);
  throw new MigrationError(
    'MIGRATION_CHECKSUM_MISMATCH',
    `applied migrations were modified after they were applied; restore the files and put the change in a new migration: ${details.join('; ')}`,
    changed.map((f) => f.name),
  );
}

async function applyOne(session: MigrationSession, file: MigrationFile): Promise<void> {
  const id = randomUUID();
  const startedAt = new Date();
  // Scripts must not contain their own BEGIN/COMMIT: that would end this transaction early.
  await session.exec('BEGIN');
  try {
    await session.exec(file.script);
    // started_at takes its default now() (transaction start); finished_at the wall clock at the end.
    await session.query(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, clock_timestamp(), 1)`,
      [id, file.checksum, file.name],
    );
    await session.exec('COMMIT');
  } catch (err) {
    await session.exec('ROLLBACK').catch(() => undefined);
    const sqlError = describeSqlError(err, file.script);
    // Recorded outside the rolled-back transaction, as Prisma does, so the next run stops (P3009) until
    // someone has looked at it; the schema itself is untouched.
    await session
      .query(
        `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, logs, applied_steps_count)
         VALUES ($1, $2, $3, $4, $5, 0)`,
        [id, file.checksum, file.name, startedAt, `rolled back by the chargemend migrator: ${sqlError}`],
      )
      .catch(() => undefined);
    throw new MigrationError('MIGRATION_FAILED', `migration ${file.name} failed and was rolled back: ${sqlError}`, [file.name], { cause: err });
  }
}

/** "ERROR 42P01 at line 12: relation "x" does not exist" from a pg or PGlite DatabaseError. */
function describeSqlError(err: unknown, script: string): string {
  if (!(err instanceof Error)) return String(err);
  const e = err as Error & { code?: unknown; position?: unknown; detail?: unknown };
  const parts: string[] = [];
  if (typeof e.code === 'string') parts.push(`ERROR ${e.code}`);
  const position = Number(e.position);
  if (Number.isInteger(position) && position > 0) {
    parts.push(`at line ${script.slice(0, position - 1).split('\n').length}`);
  }
  const head = parts.length > 0 ? `${parts.join(' ')}: ` : '';
  const detail = typeof e.detail === 'string' && e.detail !== '' ? ` (${e.detail})` : '';
  return `${head}${e.message}${detail}`;
}
