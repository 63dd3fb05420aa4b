import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { Logger } from 'pino';
import { PrismaClient } from './generated/client.ts';

export type { PrismaClient };

/** Plain SQL for the few places that bypass Prisma on purpose (batched telemetry, migrations). */
export interface SqlExecutor {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Database {
  prisma: PrismaClient;
  sql: SqlExecutor;
  kind: 'postgres' | 'pglite';
  /** what to show a person: the URL without its password, or the PGlite directory */
  where: string;
  /** Runs `fn` with a session suitable for the migrator (one connection for the whole run). */
  withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** One connection: what the migrator needs (advisory lock and transactions on the same connection). */
export interface SqlSession {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<void>;
}

export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
  readonly code = 'DB_UNAVAILABLE';
}

export const MIGRATIONS_DIR = resolve(import.meta.dirname, '../../prisma/migrations');

/**
 * Opens PostgreSQL through @prisma/adapter-pg when `databaseUrl` is set, otherwise the embedded PGlite
 * database under `dataDir/pglite` — one schema and one set of migrations for both.
 */
export async function openDatabase(opts: { databaseUrl: string | undefined; dataDir: string; log: Logger; poolSize?: number }): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.log, opts.poolSize ?? 20);
  return openPglite(join(opts.dataDir, 'pglite'));
}

async function openPostgres(url: string, log: Logger, poolSize: number): Promise<Database> {
  // A connect storm queues for a connection rather than failing after a few seconds: a charger answered
  // late is better than one told to retry (BENCHMARKS.md, boot storm).
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 30_000 });
  // An idle client losing its server (PostgreSQL restart) must not crash the process; the pool replaces it.
  pool.on('error', (err) => log.warn({ err }, 'postgres idle client error'));
  const where = redactUrl(url);
  try {
    const c = await pool.connect();
    c.release();
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new DatabaseUnavailableError(`cannot reach PostgreSQL at ${where}: ${(err as Error).message}`);
  }
  // maxWait: how long a $transaction may wait for a connection (Prisma's default 2 s fails under load)
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool), transactionOptions: { maxWait: 30_000, timeout: 30_000 } });
  return {
    prisma,
    kind: 'postgres',
    where,
    sql: {
      async query<T>(sql: string, params?: unknown[]) {
        return (await pool.query(sql, params)).rows as T[];
      },
    },
    async withSession(fn) {
      const client = await pool.connect();
      try {
        return await fn({
          query: async (sql, params) => ({ rows: (await client.query(sql, params)).rows }),
          exec: async (sql) => {
            await client.query(sql);
          },
        });
      } finally {
        client.release();
      }
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openPglite(dir: string): Promise<Database> {
  mkdirSync(dir, { recursive: true });
  let db: PGlite;
  try {
    db = await PGlite.create(dir);
  } catch (err) {
    throw new DatabaseUnavailableError(`cannot open the embedded database in ${dir}: ${(err as Error).message}`);
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
  const session: SqlSession = {
    query: async (sql, params) => ({ rows: (await db.query(sql, params)).rows as never[] }),
    exec: async (sql) => {
      await db.exec(sql);
    },
  };
  return {
    prisma,
    kind: 'pglite',
    where: dir,
    sql: {
      async query<T>(sql: string, params?: unknown[]) {
        return (await db.query(sql, params)).rows as T[];
      },
    },
    withSession: (fn) => fn(session),
    async close() {
      await prisma.$disconnect();
      await db.close();
    },
  };
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}
