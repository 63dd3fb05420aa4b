/**
 * All the SQL store needs from a database: run one parameterised statement ($1, $2, … placeholders,
 * PostgreSQL dialect) and get its rows. The composition root provides it; `sqlExecutorFrom` adapts
 * anything shaped like pg's `query(text, values) → { rows }` (pg.Pool, pg.Client, PGlite).
 */
export interface SqlExecutor {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** The common shape of pg.Pool, pg.Client and PGlite. */
export interface PgQueryable {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

export function sqlExecutorFrom(db: PgQueryable): SqlExecutor {
  return {
    async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
      const result = await db.query(sql, params);
      return result.rows as T[];
    },
  };
}
