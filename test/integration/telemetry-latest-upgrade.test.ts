import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../core/db/database.ts';
import { pgliteSession } from '../../core/db/migration-session.ts';
import { migrate } from '../../core/db/migrator.ts';
import { createTelemetryStore, sqlExecutorFrom } from '../../telemetry/index.ts';

// Upgrading an embedded install that already has telemetry: the migration that adds telemetry_latest fills
// it from the history, so a charger's latest readings are there right after the upgrade.

const log = pino({ level: 'silent' });
const LATEST = '20261127200000_telemetry_latest';

describe('upgrading to telemetry_latest', () => {
  let dir: string;
  let db: PGlite;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cm-latest-upgrade-'));
    // the migrations as they were before this one
    const before = join(dir, 'migrations');
    await cp(MIGRATIONS_DIR, before, { recursive: true, filter: (src) => !src.includes(LATEST) });
    db = await PGlite.create(join(dir, 'db'));
    await migrate(pgliteSession(db), { migrationsDir: before, log });
    await db.exec(`
      INSERT INTO telemetry_meter (ts, charger_id, evse_id, connector_id, measurand, phase, unit, value) VALUES
        ('2026-11-27T10:00:00Z', 'UP-1', 1, 1, 'Power.Active.Import', NULL, 'W', 100),
        ('2026-11-27T10:05:00Z', 'UP-1', 1, 1, 'Power.Active.Import', NULL, 'W', 200),
        ('2026-11-27T10:01:00Z', 'UP-1', 1, 1, 'Current.Import', 'L1', 'A', 16),
        ('2026-11-27T10:00:00Z', 'UP-1', 1, 1, 'Current.Import', 'L1', 'A', 15)`);
  });
  afterAll(async () => {
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('fills the newest value of every series from the history', async () => {
    await migrate(pgliteSession(db), { migrationsDir: MIGRATIONS_DIR, log });
    const store = createTelemetryStore({ log, sql: sqlExecutorFrom(db) });
    expect((await store.latest('UP-1')).map((l) => [l.measurand, l.phase, l.value, l.ts.toISOString()])).toEqual([
      ['Current.Import', 'L1', 16, '2026-11-27T10:01:00.000Z'],
      ['Power.Active.Import', undefined, 200, '2026-11-27T10:05:00.000Z'],
    ]);
    await store.close();
  });
});
