import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { partitionOf } from '../../../core/cluster/event-partitions.ts';
import { openDatabase, type Database } from '../../../core/db/database.ts';
import { createUser } from '../../../core/users/create-user.ts';
import { awaitEvent } from '../../../simulator/await-event.ts';
import type { ChargerConfigInput, OcppVersion } from '../../../simulator/config.ts';
import { MemoryGroundTruth } from '../../../simulator/faults/ground-truth-log.ts';
import { VirtualCharger } from '../../../simulator/virtual-charger.ts';
import { createTestDatabase, type TestDatabase } from '../../support/pg.ts';
import { killAllNodes } from './nodes.ts';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** REDIS_EVENT_PARTITIONS of every node a suite starts */
export const EVENT_PARTITIONS = 16;

/**
 * One multi-node deployment for a suite: its own PostgreSQL database, its own Redis key prefix (suites
 * share the Redis server and run in parallel), a shared DATA_DIR, and the env every node gets.
 */
export interface ClusterEnv {
  env: Record<string, string>;
  prefix: string;
  db: Database;
  redis: Redis;
  close(): Promise<void>;
}

export async function clusterEnv(extra: Record<string, string> = {}): Promise<ClusterEnv> {
  const testDb: TestDatabase = await createTestDatabase('cm_multinode');
  const dataDir = mkdtempSync(join(tmpdir(), 'chargemend-multinode-'));
  const prefix = `cmtest:${randomBytes(4).toString('hex')}:`;
  const env = {
    DATABASE_URL: testDb.url,
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    DATA_DIR: dataDir,
    OCPP_HOST: '127.0.0.1',
    OCPP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    OCPP_UNKNOWN_CHARGERS: 'auto-register',
    OCPP_LAST_SEEN_FLUSH_MS: '200',
    OCPP_COMMAND_TIMEOUT_MS: '5000',
    API_COOKIE_SECURE: 'false',
    SELF_HEALING_STABLE_S: '1',
    REDIS_CLAIM_IDLE_MS: '1500',
    REDIS_EVENT_PARTITIONS: String(EVENT_PARTITIONS),
    ...extra,
  };
  const db = await openDatabase({ databaseUrl: testDb.url, dataDir, log: pino({ level: 'silent' }) });
  const redis = new Redis(REDIS_URL);
  return {
    env,
    prefix,
    db,
    redis,
    async close() {
      await killAllNodes();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      redis.disconnect();
      await db.close();
      await testDb.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The event stream holding a charger's events (its partition). */
export function eventStream(c: ClusterEnv, chargerId: string): string {
  return `${c.prefix}events:${partitionOf(chargerId, EVENT_PARTITIONS)}`;
}

/** Events not yet delivered to a worker plus those delivered and not acknowledged, over every event stream. */
export async function workBacklog(c: ClusterEnv): Promise<number> {
  let total = 0;
  let cursor = '0';
  do {
    const [next, streams] = (await c.redis.call('SCAN', cursor, 'MATCH', `${c.prefix}events*`, 'TYPE', 'stream', 'COUNT', 500)) as [string, string[]];
    for (const stream of streams) {
      for (const g of (await c.redis.call('XINFO', 'GROUPS', stream)) as unknown[][]) {
        total += Number(g[g.indexOf('lag') + 1]) + Number(g[g.indexOf('pending') + 1]);
      }
    }
    cursor = next;
  } while (cursor !== '0');
  return total;
}

/** A bearer token for a new user of `role`, logged in through an api node. */
export async function loginAs(db: Database, httpUrl: string, role: 'support_engineer' | 'admin'): Promise<string> {
  const email = `${role}-${randomBytes(3).toString('hex')}@multinode.test`;
  const password = 'multinode-Test-pass-1';
  await createUser(db.prisma, { email, name: `Multinode ${role}`, role, password });
  const res = await fetch(`${httpUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** A virtual charger (the real simulator) connected to `ocppUrl` and booted. */
export async function chargerAt(ocppUrl: string, id: string, version: OcppVersion = '1.6', overrides: Partial<ChargerConfigInput> = {}): Promise<VirtualCharger> {
  const charger = new VirtualCharger(
    {
      id,
      ocppVersion: version,
      timeScale: 20,
      rebootDelayMs: 50,
      callTimeoutMs: 5_000,
      webSocketPingIntervalS: 0,
      meterValueSampleIntervalS: 60,
      bootRetryS: 1,
      reconnect: { initialDelayMs: 50, maxDelayMs: 500, factor: 2, jitter: 0.2 },
      ...overrides,
    },
    { url: ocppUrl, groundTruth: new MemoryGroundTruth() },
  );
  const booted = awaitEvent(charger, 'booted');
  charger.start();
  await booted;
  return charger;
}

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/**
 * An operator's catalogue file in `dir` with one entry, HighTemperature (checks its status, then its ladder),
 * for the takeover suites; returns its path (DIAGNOSIS_CATALOGUE_FILE).
 */
export function highTemperatureCatalogue(dir: string, o: { version: string; steps: string[]; waitForClearS: number; outOfService: boolean }): string {
  const file = join(dir, 'catalogue.json');
  const entry = {
    key: 'ocpp16:HighTemperature',
    title: 'High temperature',
    description: 'Temperature inside the charger is too high.',
    severity: 'high',
    likelyCauses: ['failed fan'],
    checks: ['status'],
    recommendedAction: 'Wait for the temperature to fall; dispatch if it does not clear.',
    selfHealing: { allowed: true, steps: o.steps, waitForClearS: o.waitForClearS, allowDuringTransaction: false },
    outOfService: o.outOfService,
    escalate: false,
    opensTicket: 'always',
    parts: ['cooling fan'],
  };
  writeFileSync(file, JSON.stringify({ version: o.version, entries: [entry] }));
  return file;
}
