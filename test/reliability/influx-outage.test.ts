import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelemetryStore } from '../../telemetry/index.ts';
import type { MeterPoint, TelemetryStore } from '../../telemetry/types.ts';
import { eventually } from '../support/ocpp-client.ts';
import { freeInfluxPort, influxdInstance, type InfluxdInstance } from './support/influxd.ts';

// A real influxd of this suite's own is stopped under load and started again (a fresh, empty server, as
// after losing a node): what was written meanwhile waits in bounded memory plus the durable outbox and
// arrives complete and in order. OUTAGE_S makes the outage longer (minutes) for a manual run.

const OUTAGE_MS = Number(process.env.OUTAGE_S ?? 4) * 1000;
const MAX_BUFFERED = 2_000;
const T0 = 1_764_115_200_000;
const DB = 'outage';

/** bytes in outbox segments (the lock file aside) */
function dirBytes(dir: string): number {
  return readdirSync(dir)
    .filter((f) => f.startsWith('seg-'))
    .reduce((n, f) => n + statSync(join(dir, f)).size, 0);
}

describe('InfluxDB outage', () => {
  let influxd: InfluxdInstance;
  let store: TelemetryStore;
  let outboxDir: string;

  beforeAll(async () => {
    influxd = influxdInstance(await freeInfluxPort());
    await influxd.start();
    outboxDir = mkdtempSync(join(tmpdir(), 'chargemend-outage-'));
    store = createTelemetryStore({
      log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      influx: { url: influxd.url, bucket: DB, timeoutMs: 2_000 },
      batch: { batchSize: 1_000, flushIntervalMs: 50, maxBufferedPoints: MAX_BUFFERED, retryInitialMs: 100, retryMaxMs: 500, outbox: { dir: outboxDir, maxBytes: 512 * 1024 * 1024 } },
    });
  });
  afterAll(async () => {
    await store?.close();
    await influxd?.stop();
    rmSync(outboxDir, { recursive: true, force: true });
  });

  it('keeps every point written while InfluxDB is down, in bounded memory, and replays them in order', { timeout: 30_000 + 3 * OUTAGE_MS }, async () => {
    let n = 0;
    const write = (count: number) => {
      const batch: MeterPoint[] = [];
      for (let i = 0; i < count; i++, n++) {
        batch.push({ kind: 'meter', ts: new Date(T0 + n), chargerId: `CP-${n % 50}`, evseId: 1, connectorId: 1, measurand: 'Power.Active.Import', value: n, unit: 'W' });
      }
      store.write(batch);
    };

    // healthy: written and confirmed
    write(5_000);
    await store.flush();
    const before = n;

    // down under load: ~20,000 points/s for the outage (bounded loop: stops by itself)
    await influxd.stop();
    let maxBuffered = 0;
    let maxOutboxBytes = 0;
    const load = setInterval(() => {
      write(200);
      maxBuffered = Math.max(maxBuffered, store.stats().buffered);
    }, 10);
    try {
      const until = Date.now() + OUTAGE_MS;
      await eventually(() => Date.now() >= until, OUTAGE_MS + 1_000, 'the outage to last');
      maxOutboxBytes = dirBytes(outboxDir);
      expect(store.stats().failingFlushes).toBeGreaterThan(0);
      // back, with the load still on
      await influxd.start();
      await eventually(() => store.stats().failingFlushes === 0, 10_000, 'the store to reach InfluxDB again');
    } finally {
      clearInterval(load);
    }
    await eventually(async () => {
      await store.flush();
      return true;
    }, 20_000 + OUTAGE_MS, 'the backlog to drain');

    const written = n - before;
    expect(maxBuffered).toBeLessThanOrEqual(MAX_BUFFERED);
    expect(maxOutboxBytes).toBeGreaterThan(0);
    expect(dirBytes(outboxDir)).toBe(0);
    expect(store.stats()).toMatchObject({ accepted: n, written: n, dropped: 0, rejected: 0, buffered: 0 });

    // the restarted server is empty: everything it holds came through the outage, none missing, in order
    const [[, count]] = (await influxd.query(DB, 'SELECT count("value") FROM "meter"')) as [[number, number]];
    expect(count).toBe(written);
    const rows = await influxd.query(DB, 'SELECT "value" FROM "meter" ORDER BY time ASC');
    const values = rows.map((r) => r[1] as number);
    expect(values).toEqual(Array.from({ length: written }, (_, i) => before + i));
  });
});
