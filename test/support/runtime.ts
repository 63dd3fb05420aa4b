import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startRuntime, type Runtime } from '../../cli/runtime.ts';
import { loadApiConfig } from '../../api/config.ts';
import { loadConfig } from '../../core/config.ts';
import { hashPassword } from '../../core/security/password.ts';
import { createTestDatabase, type TestDatabase } from './pg.ts';

export interface TestRuntime extends Runtime {
  /** registers a charger the way `chargemend charger add` does */
  addCharger(id: string, opts?: { password?: string; securityProfile?: number; registration?: 'accepted' | 'pending' | 'rejected' }): Promise<void>;
  close(): Promise<void>;
}

/**
 * A whole Chargemend process in the test: real PostgreSQL (a fresh database) or the embedded PGlite,
 * the real gateway on an ephemeral port, telemetry in InfluxDB when `influxUrl` is given.
 */
export async function startTestRuntime(env: Record<string, string> = {}, opts: { embedded?: boolean; influxUrl?: string; influxBucket?: string } = {}): Promise<TestRuntime> {
  let db: TestDatabase | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'chargemend-test-'));
  if (!opts.embedded) db = await createTestDatabase();
  const env0 = {
    DATA_DIR: dataDir,
    ...(db ? { DATABASE_URL: db.url } : {}),
    ...(opts.influxUrl ? { INFLUX_URL: opts.influxUrl, INFLUX_BUCKET: opts.influxBucket ?? 'chargemend' } : {}),
    OCPP_HOST: '127.0.0.1',
    OCPP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    LOG_LEVEL: 'silent',
    TELEMETRY_FLUSH_INTERVAL_MS: '50',
    API_COOKIE_SECURE: 'false',
    SELF_HEALING_STABLE_S: '1',
    // TEST_RUNTIME_REDIS_URL runs these suites against `start` as one node of a Redis deployment
    ...(process.env.TEST_RUNTIME_REDIS_URL ? { REDIS_URL: process.env.TEST_RUNTIME_REDIS_URL, REDIS_KEY_PREFIX: `cmrt:${randomBytes(4).toString('hex')}:` } : {}),
    ...env,
  };
  const config = loadConfig(env0);
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const runtime = await startRuntime(config, loadApiConfig(env0), log);
  return Object.assign(runtime, {
    async addCharger(id: string, o: { password?: string; securityProfile?: number; registration?: 'accepted' | 'pending' | 'rejected' } = {}) {
      await runtime.db.prisma.charger.create({
        data: {
          id,
          passwordHash: o.password ? await hashPassword(o.password) : null,
          securityProfile: o.securityProfile ?? 1,
          registration: o.registration ?? 'accepted',
        },
      });
    },
    async close() {
      await runtime.stop();
      await db?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
