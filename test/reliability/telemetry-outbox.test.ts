import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../support/ocpp-client.ts';
import { PointBatcher, type BatchOptions } from '../../telemetry/batcher.ts';
import type { PointBatch } from '../../telemetry/point-queue.ts';
import { TelemetryBackendUnavailableError } from '../../telemetry/errors.ts';
import { encodePoint } from '../../telemetry/outbox-codec.ts';
import type { MeterPoint } from '../../telemetry/types.ts';

// The durable outbox behind the batcher, on the real file system, with a backend that can be down.
// The InfluxDB outage itself (a real influxd stopped and started) is in influx-outage.test.ts.

const T0 = 1_764_115_200_000;
const aPoint = (n: number): MeterPoint => ({ kind: 'meter', ts: new Date(T0 + n), chargerId: 'CP-1', evseId: 1, connectorId: 1, measurand: 'Energy.Active.Import.Register', value: n, unit: 'Wh' });
const points = (from: number, count: number) => Array.from({ length: count }, (_, i) => aPoint(from + i));
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

class Sink {
  down = true;
  batches: number[][] = [];
  send = async (batch: PointBatch): Promise<void> => {
    await Promise.resolve();
    if (this.down) throw new TelemetryBackendUnavailableError('connect ECONNREFUSED 127.0.0.1:1');
    this.batches.push(batch.points().map((p) => (p as MeterPoint).value));
  };
  get values(): number[] {
    return this.batches.flat();
  }
}

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

describe('telemetry outbox', () => {
  let dir: string;
  const segments = () => readdirSync(dir).filter((f) => f.startsWith('seg-'));
  let sink: Sink;
  let logged: ReturnType<typeof capturingLogger>;
  const open: PointBatcher[] = [];
  const make = (o: Partial<BatchOptions> = {}) => {
    const b = new PointBatcher(sink.send, logged.log, {
      flushIntervalMs: 60_000,
      batchSize: 100,
      maxBufferedPoints: 1_000,
      retryInitialMs: 60_000,
      retryMaxMs: 60_000,
      maxInflightBatches: 2,
      outbox: { dir, maxBytes: 64 * 1024 * 1024, segmentBytes: 32 * 1024, syncIntervalMs: 5 },
      ...o,
    });
    open.push(b);
    return b;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'chargemend-outbox-'));
    sink = new Sink();
    logged = capturingLogger();
  });
  afterEach(async () => {
    sink.down = false;
    for (const b of open.splice(0)) await b.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps memory at its bound, spools the rest to disk and replays everything in order when the backend returns', async () => {
    const b = make();
    for (let i = 0; i < 20_000; i += 500) {
      // a MeterValues' readings and whole points take the same way
      if (i % 1_000 === 0) b.writeMeter('CP-1', 1, 1, points(i, 500));
      else b.write(points(i, 500));
      expect(b.stats().buffered).toBeLessThanOrEqual(1_000);
    }
    await expect(b.flush()).rejects.toThrow(TelemetryBackendUnavailableError);
    expect(b.stats().buffered).toBeLessThanOrEqual(1_000);
    expect(b.outboxStats()!.points).toBeGreaterThanOrEqual(19_000);
    // appends reach the disk within the sync interval (fsync'd in batches)
    await eventually(() => segments().length > 0, 2_000, 'outbox segments on disk');
    expect(logged.lines.some((l) => l.msg === 'telemetry: memory bound reached, spooling to the outbox')).toBe(true);

    // points written during the replay queue behind the backlog
    sink.down = false;
    const replay = b.flush();
    b.write(points(20_000, 100));
    b.writeMeter('CP-1', 1, 1, points(20_100, 200));
    await replay;
    await b.flush();
    expect(sink.values).toEqual(range(0, 20_300));
    expect(b.stats()).toMatchObject({ accepted: 20_300, written: 20_300, dropped: 0, buffered: 0 });
    expect(b.outboxStats()!.points).toBe(0);
    await b.close();
    expect(segments()).toEqual([]);
  });

  it('drops (counts and logs) only what exceeds its capacity', async () => {
    const lineBytes = Buffer.byteLength(encodePoint(aPoint(10_000)));
    const b = make({ outbox: { dir, maxBytes: lineBytes * 2_000, segmentBytes: lineBytes * 500, syncIntervalMs: 5 } });
    b.write(points(10_000, 5_000));
    const dropped = b.stats().dropped;
    expect(dropped).toBeGreaterThanOrEqual(1_900);
    expect(dropped).toBeLessThanOrEqual(2_100);
    expect(logged.lines.find((l) => l.msg === 'telemetry: points lost')).toMatchObject({ reason: expect.stringContaining('outbox full') });
    sink.down = false;
    await b.flush();
    // what was kept is the oldest part, complete and in order
    expect(sink.values).toEqual(range(10_000, 5_000 - dropped));
    expect(b.stats()).toMatchObject({ accepted: 5_000, written: 5_000 - dropped, buffered: 0 });
  });

  it('survives a restart: memory goes to the outbox on close, and the next run replays it first', async () => {
    const first = make();
    first.write(points(0, 3_000));
    await first.close();
    expect(first.stats().dropped).toBe(0);
    expect(segments().length).toBeGreaterThan(0);

    sink.down = false;
    const second = make();
    second.write(points(3_000, 10));
    await second.flush();
    expect(sink.values).toEqual(range(0, 3_010));
    expect(second.stats()).toMatchObject({ accepted: 3_010, written: 3_010, dropped: 0 });
    expect(segments()).toEqual([]);
  });

  it('belongs to one process: a second one on the same directory runs without it and says so; a dead owner\'s lock is taken over', async () => {
    const owner = make();
    const other = make();
    expect(owner.outboxStats()).toBeDefined();
    expect(other.outboxStats()).toBeUndefined();
    expect(logged.lines.find((l) => l.msg === 'telemetry: running without a durable outbox (beyond the memory bound the oldest points are dropped)')).toBeDefined();
    await owner.close();
    await other.close();
    // a process that died without closing: its pid no longer runs
    writeFileSync(join(dir, 'owner.lock'), '2147483646');
    expect(make().outboxStats()).toBeDefined();
  });

  it('recovers a segment a crashed process was appending to, skipping its torn last line', async () => {
    const body = points(0, 50).map(encodePoint).join('') + '{"kind":"meter","ts":17641';
    writeFileSync(join(dir, 'seg-0000001000000000.open'), body);
    sink.down = false;
    const b = make();
    await b.flush();
    expect(sink.values).toEqual(range(0, 50));
    expect(b.stats()).toMatchObject({ written: 50, rejected: 1 });
    expect(segments()).toEqual([]);
  });
});
