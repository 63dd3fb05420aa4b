import { createServer } from 'node:net';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.ts';
import { loadApiConfig } from '../../api/config.ts';
import { PrismaClient } from '../../core/db/generated/client.ts';
import { startApi, type ApiHarness } from './support/api-harness.ts';

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

// Prometheus text exposition format 0.0.4: comments, or `name{labels} value`.
const SAMPLE = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? -?(\d+(\.\d+)?(e[+-]?\d+)?|NaN|\+Inf|-Inf)$/;

describe('/healthz, /readyz, /metrics', () => {
  let h: ApiHarness;

  beforeAll(async () => {
    h = await startApi({}, () => ({
      gateway: { connectedCount: () => 7, messagesByAction: () => [['BootNotification', 3], ['MeterValues', 120]] },
      readiness: [{ name: 'redis', check: async () => true }],
    }));
  });
  afterAll(async () => h?.close());

  it('is alive and says how many chargers are connected', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.json()).toEqual({ status: 'ok', connectedChargers: 7 });
  });

  it('is ready when PostgreSQL, telemetry and the extra checks answer', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', checks: { database: 'up', telemetry: 'up', redis: 'up' } });
  });

  it('is not ready (503) when PostgreSQL is unreachable, and says which dependency is down', async () => {
    const pool = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:${await closedPort()}/postgres`, connectionTimeoutMillis: 1_000 });
    pool.on('error', () => undefined);
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    const app = buildApp({
      prisma,
      telemetry: h.telemetry,
      bus: h.bus,
      log: pino({ level: 'silent' }),
      config: loadApiConfig({}),
      readiness: [{ name: 'redis', check: async () => false }],
    });
    try {
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'not-ready', checks: { database: 'down', telemetry: 'up', redis: 'down' } });
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200); // alive all the same
    } finally {
      await app.close();
      await prisma.$disconnect().catch(() => undefined);
      await pool.end().catch(() => undefined);
    }
  });

  it('serves Prometheus metrics: connected chargers, messages by action, events, commands, queues, requests', async () => {
    h.bus.publish({ type: 'charger.offline', chargerId: 'CP-1', at: new Date(), lastSeenAt: new Date() });
    await h.db.prisma.charger.create({ data: { id: 'CP-M' } });
    await h.db.prisma.command.create({ data: { chargerId: 'CP-M', kind: 'reset', status: 'succeeded', requestedBy: 'system' } });
    await h.app.inject({ method: 'GET', url: '/healthz' });
    const res = await h.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const lines = res.body.split('\n').filter((l) => l !== '');
    for (const l of lines) if (!l.startsWith('#')) expect(l).toMatch(SAMPLE);
    expect(lines).toEqual(
      expect.arrayContaining([
        '# TYPE chargemend_connected_chargers gauge',
        'chargemend_connected_chargers 7',
        '# TYPE chargemend_ocpp_messages_total counter',
        'chargemend_ocpp_messages_total{action="BootNotification"} 3',
        'chargemend_ocpp_messages_total{action="MeterValues"} 120',
        'chargemend_domain_events_total{type="charger.offline"} 1',
        'chargemend_commands{status="succeeded"} 1',
        'chargemend_queue_depth{queue="webhook_deliveries"} 0',
        expect.stringMatching(/^chargemend_queue_depth\{queue="telemetry_points"\} \d+$/),
        expect.stringMatching(/^chargemend_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} [1-9]\d*$/),
        '# TYPE chargemend_live_clients gauge',
      ]),
    );
  });
});
