import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteSession, pgSession } from '../../core/db/migration-session.ts';
import { migrate } from '../../core/db/migrator.ts';
import { createTestDatabase, type TestDatabase } from '../support/pg.ts';
import { databaseSchema, expectedSchema, schemaDrift } from '../support/schema-diff.ts';

// A freshly migrated database must be exactly what prisma/schema.prisma describes: every model, field,
// index, unique, relation and enum, and nothing else. Every future migration is checked by this test.

const ROOT = resolve(import.meta.dirname, '../..');
const MIGRATIONS_DIR = resolve(ROOT, 'prisma/migrations');
const log = pino({ level: 'silent' });

function report(differences: string[]): string {
  return `prisma/migrations does not build what prisma/schema.prisma describes:\n  ${differences.join('\n  ')}`;
}

describe('schema drift: prisma/migrations vs prisma/schema.prisma', { timeout: 60_000 }, () => {
  let db: TestDatabase;
  let client: pg.Client;
  let prismaSchema: string;

  beforeAll(async () => {
    prismaSchema = await readFile(resolve(ROOT, 'prisma/schema.prisma'), 'utf8');
    db = await createTestDatabase('cm_drift');
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await migrate(pgSession(client), { migrationsDir: MIGRATIONS_DIR, log });
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it('a freshly migrated PostgreSQL database matches schema.prisma, with nothing extra', async () => {
    const differences = await schemaDrift(prismaSchema, pgSession(client));
    expect(differences, report(differences)).toEqual([]);
  });

  it('compares every model, column, index and foreign key of the schema (the comparison is not vacuous)', async () => {
    const expected = expectedSchema(prismaSchema);
    const actual = await databaseSchema(pgSession(client));
    const models = [...prismaSchema.matchAll(/^model\s+\w+/gm)];
    expect(Object.keys(expected.tables)).toHaveLength(models.length);
    expect(Object.keys(actual.tables).sort()).toEqual(Object.keys(expected.tables).sort());
    // Spot checks that pin the mapping rules the whole comparison rests on.
    expect(expected.tables.charger?.columns.created_at).toEqual({ type: 'timestamp(3) with time zone', nullable: false, default: 'now()' });
    expect(expected.tables.charger?.columns.ocpp_version).toEqual({ type: 'OcppVersion', nullable: true, default: null });
    expect(expected.tables.charger?.columns.registration).toEqual({ type: 'Registration', nullable: false, default: "'accepted'" });
    expect(expected.tables.command?.columns.params).toEqual({ type: 'jsonb', nullable: false, default: '{}' });
    expect(expected.tables.command_event?.columns.id).toEqual({ type: 'bigint', nullable: false, default: 'autoincrement()' });
    expect(expected.tables.transaction?.columns.meter_start_wh).toEqual({ type: 'double precision', nullable: true, default: null });
    expect(expected.tables.connector?.indexes.connector_charger_id_evse_id_connector_id_key).toBe('UNIQUE (charger_id, evse_id, connector_id)');
    expect(expected.tables.command_event?.foreignKeys.command_event_command_id_fkey).toBe(
      '(command_id) REFERENCES command(id) ON DELETE CASCADE ON UPDATE CASCADE',
    );
    expect(expected.enums.OcppVersion).toEqual(['1.6', '2.0.1', '2.1']);
  });

  it('the embedded database (PGlite) built by the same migrations matches schema.prisma too', async () => {
    const lite = await PGlite.create();
    try {
      await migrate(pgliteSession(lite), { migrationsDir: MIGRATIONS_DIR, log });
      const differences = await schemaDrift(prismaSchema, pgliteSession(lite));
      expect(differences, report(differences)).toEqual([]);
    } finally {
      await lite.close();
    }
  });
});
