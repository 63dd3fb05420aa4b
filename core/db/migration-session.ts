import type { PGliteInterface } from '@electric-sql/pglite';
import type pg from 'pg';

/**
 * One database connection, as the migrator needs it: the advisory lock and each migration's transaction
 * must live on the same connection, so this is never a pool. Shaped like `SqlSession` in database.ts so
 * `db.withSession((s) => migrate(s, …))` type-checks without either file importing the other.
 */
export interface MigrationSession {
  /** One statement, with `$1…` parameters. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** A script of any number of statements, no parameters (simple query protocol). */
  exec(sql: string): Promise<void>;
}

/** A `pg.Client` or a client checked out of a `pg.Pool` (release it yourself after `migrate`). */
export function pgSession(client: pg.ClientBase): MigrationSession {
  return {
    async query<T>(sql: string, params?: unknown[]) {
      const result = await client.query(sql, params);
      return { rows: result.rows as T[] };
    },
    async exec(sql: string) {
      // Without parameters pg uses the simple query protocol, which accepts several statements.
      await client.query(sql);
    },
  };
}

/** A PGlite instance (embedded PostgreSQL): a single connection by construction. */
export function pgliteSession(db: Pick<PGliteInterface, 'query' | 'exec'>): MigrationSession {
  return {
    async query<T>(sql: string, params?: unknown[]) {
      const result = await db.query<T>(sql, params);
      return { rows: result.rows };
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
  };
}
