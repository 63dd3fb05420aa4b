import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { buildApp, type BuildAppOptions } from '../../../api/app.ts';
import { loadApiConfig } from '../../../api/config.ts';
import { MIGRATIONS_DIR, openDatabase, type Database } from '../../../core/db/database.ts';
import { migrate } from '../../../core/db/migrator.ts';
import { LocalEventBus } from '../../../core/event-bus.ts';
import { createUser } from '../../../core/users/create-user.ts';
import type { Role } from '../../../core/users/permissions.ts';
import { createTelemetryStore } from '../../../telemetry/index.ts';
import type { TelemetryStore } from '../../../telemetry/types.ts';
import { createTestDatabase, type TestDatabase } from '../../support/pg.ts';

export const PASSWORD = 'correct horse battery staple';

/** A controlled clock: tests move time, never wait for it. */
export class TestClock {
  constructor(public ms = Date.parse('2026-11-26T10:00:00Z')) {}
  now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface ApiHarness {
  app: FastifyInstance;
  db: Database;
  bus: LocalEventBus;
  telemetry: TelemetryStore;
  clock: TestClock;
  /** creates a user of that role (password PASSWORD) and returns a session access token */
  tokenFor(role: Role, email?: string): Promise<string>;
  close(): Promise<void>;
}

/** A real PostgreSQL database (fresh, migrated), the embedded SQL telemetry store and the app, not listening. */
export async function startApi(
  env: Record<string, string> = {},
  extra: (parts: { db: Database; bus: LocalEventBus; clock: TestClock }) => Partial<BuildAppOptions> = () => ({}),
): Promise<ApiHarness> {
  const tdb: TestDatabase = await createTestDatabase('cm_api');
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const db = await openDatabase({ databaseUrl: tdb.url, dataDir: '/nonexistent', log });
  await db.withSession((s) => migrate(s, { migrationsDir: MIGRATIONS_DIR, log }));
  const bus = new LocalEventBus(log);
  const telemetry = createTelemetryStore({ sql: db.sql, log, batch: { flushIntervalMs: 20 } });
  const clock = new TestClock();
  const config = loadApiConfig({ API_COOKIE_SECURE: 'false', ...env });
  const app = buildApp({ prisma: db.prisma, telemetry, bus, log, config, now: clock.now, ...extra({ db, bus, clock }) });
  await app.ready();
  let n = 0;
  return {
    app,
    db,
    bus,
    telemetry,
    clock,
    async tokenFor(role, email = `${role}-${++n}@example.com`) {
      await createUser(db.prisma, { email, name: `Test ${role}`, role, password: PASSWORD });
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: PASSWORD } });
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
      return (res.json() as { accessToken: string }).accessToken;
    },
    async close() {
      await app.close();
      await telemetry.close();
      await db.close();
      await tdb.drop();
    },
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
