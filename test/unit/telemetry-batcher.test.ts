import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PointBatcher, type BatchOptions } from '../../telemetry/batcher.ts';
import type { PointBatch } from '../../telemetry/point-queue.ts';
import { TelemetryBackendUnavailableError, TelemetryConfigError, TelemetryPointsRejectedError } from '../../telemetry/errors.ts';
import type { MeterPoint, TelemetryPoint } from '../../telemetry/types.ts';

// The batcher's logic with fake timers and an in-memory sink (the one place telemetry tests use a
// stand-in for the backend; the stores are tested against real InfluxDB / PostgreSQL / PGlite).

function aMeterPoint(n: number, over: Partial<MeterPoint> = {}): MeterPoint {
  return { kind: 'meter', ts: new Date(1_764_115_200_000 + n), chargerId: 'CP-1', evseId: 1, connectorId: 1, measurand: 'Power.Active.Import', value: n, ...over };
}

function points(from: number, count: number): MeterPoint[] {
  return Array.from({ length: count }, (_, i) => aMeterPoint(from + i));
}

/** A backend that can be down, and records every batch it accepted. */
class FakeSink {
  batches: number[][] = [];
  points: TelemetryPoint[] = [];
  attempts: number[] = [];
  down = false;
  rejectNext: number | undefined;
  send = async (batch: PointBatch): Promise<void> => {
    this.attempts.push(Date.now());
    await Promise.resolve();
    if (this.down) throw new TelemetryBackendUnavailableError('connect ECONNREFUSED 127.0.0.1:1');
    if (this.rejectNext !== undefined) {
      const n = this.rejectNext;
      this.rejectNext = undefined;
      throw new TelemetryPointsRejectedError('partial write: points beyond retention policy dropped=' + n, n);
    }
    this.points.push(...batch.points());
    this.batches.push(batch.points().map((p) => (p as MeterPoint).value));
  };
  get values(): number[] {
    return this.batches.flat();
  }
}

function capturingLogger(): { log: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('PointBatcher', () => {
  let sink: FakeSink;
  let logged: ReturnType<typeof capturingLogger>;
  const make = (o: Partial<BatchOptions> = {}) =>
    new PointBatcher(sink.send, logged.log, { flushIntervalMs: 1_000, batchSize: 100, maxBufferedPoints: 1_000, retryInitialMs: 500, retryMaxMs: 4_000, ...o });

  beforeEach(() => {
    vi.useFakeTimers();
    sink = new FakeSink();
    logged = capturingLogger();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('holds a partial batch until the flush interval, then sends it in order', async () => {
    const b = make();
    b.write(points(0, 30));
    await vi.advanceTimersByTimeAsync(999);
    expect(sink.batches).toEqual([]);
    expect(b.stats()).toMatchObject({ accepted: 30, buffered: 30, written: 0 });
    await vi.advanceTimersByTimeAsync(1);
    expect(sink.values).toEqual(range(0, 30));
    expect(b.stats()).toMatchObject({ accepted: 30, written: 30, buffered: 0, failingFlushes: 0, dropped: 0, rejected: 0 });
  });

  it('sends a full batch at once, without waiting for the interval, and never inside write()', async () => {
    const b = make();
    b.write(points(0, 250));
    expect(sink.attempts).toEqual([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(sink.batches.map((x) => x.length)).toEqual([100, 100, 50]);
    expect(sink.values).toEqual(range(0, 250));
  });

  it('keeps points while the backend is down, backs off exponentially (capped), then delivers all in order', async () => {
    const b = make();
    sink.down = true;
    const t0 = Date.now();
    b.write(points(0, 150));
    expect(() => b.write(points(150, 10))).not.toThrow();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(12_000);
    const delays = sink.attempts.map((t, i) => t - (i === 0 ? t0 : sink.attempts[i - 1]!));
    expect(delays).toEqual([0, 500, 1_000, 2_000, 4_000, 4_000]);
    expect(b.stats()).toMatchObject({ buffered: 160, written: 0, dropped: 0, failingFlushes: 6 });
    expect(b.stats().lastError).toContain('ECONNREFUSED');
    expect(logged.lines.filter((l) => l.msg === 'telemetry: flush failed, keeping points and retrying')).toHaveLength(6);

    sink.down = false;
    await vi.advanceTimersByTimeAsync(4_000);
    expect(sink.values).toEqual(range(0, 160));
    expect(b.stats()).toMatchObject({ accepted: 160, written: 160, buffered: 0, failingFlushes: 0, lastError: undefined });
    expect(logged.lines.some((l) => l.msg === 'telemetry: backend reachable again')).toBe(true);
  });

  it('drops the oldest points beyond the bound, counts them and logs at warn', async () => {
    const b = make({ batchSize: 5, maxBufferedPoints: 10 });
    sink.down = true;
    b.write(points(0, 25));
    expect(b.stats()).toMatchObject({ accepted: 25, dropped: 15, buffered: 10 });
    const warn = logged.lines.find((l) => l.msg === 'telemetry: points lost');
    expect(warn).toMatchObject({ level: 40, dropped: 15, droppedTotal: 15 });
    expect(String(warn?.reason)).toContain('bound of 10 points');

    sink.down = false;
    await b.flush();
    expect(sink.values).toEqual(range(15, 10));
    expect(b.stats()).toMatchObject({ written: 10, dropped: 15, buffered: 0 });
  });

  it('keeps the bound while batches are in flight and failing', async () => {
    const b = make({ batchSize: 5, maxBufferedPoints: 10, maxInflightBatches: 2 });
    sink.down = true;
    b.write(points(0, 10));
    await vi.advanceTimersByTimeAsync(0);
    b.write(points(10, 7));
    expect(b.stats().buffered).toBeLessThanOrEqual(10);
    await vi.advanceTimersByTimeAsync(0);
    expect(b.stats()).toMatchObject({ buffered: 10, dropped: 7 });
    sink.down = false;
    await b.flush();
    expect(b.stats()).toMatchObject({ accepted: 17, written: 10, dropped: 7, buffered: 0 });
    // the batch in flight when the bound was hit survives; the newest points replaced the queued ones
    expect(sink.values).toHaveLength(10);
  });

  it('rate-limits loss logs but never goes silent', async () => {
    const b = make({ batchSize: 5, maxBufferedPoints: 10 });
    sink.down = true;
    for (let i = 0; i < 10; i++) b.write(points(i * 10, 10));
    const lossLogs = () => logged.lines.filter((l) => l.msg === 'telemetry: points lost');
    expect(lossLogs()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(6_000);
    expect(lossLogs()).toHaveLength(2);
    expect(lossLogs().reduce((n, l) => n + Number(l.dropped), 0)).toBe(b.stats().dropped);
  });

  it('counts points the backend refuses as rejected and moves on', async () => {
    const b = make({ batchSize: 10 });
    sink.rejectNext = 3;
    b.write(points(0, 10));
    b.write(points(10, 10));
    await expect(b.flush()).rejects.toBeInstanceOf(TelemetryPointsRejectedError);
    expect(b.stats()).toMatchObject({ accepted: 20, written: 17, rejected: 3, buffered: 0, failingFlushes: 0 });
    expect(logged.lines.find((l) => l.msg === 'telemetry: points lost')).toMatchObject({ rejected: 3 });
  });

  it('rejects unstorable points at write() instead of poisoning a batch', async () => {
    const b = make();
    b.write([aMeterPoint(1), aMeterPoint(2, { value: Number.NaN }), aMeterPoint(3, { ts: new Date(Number.NaN) }), aMeterPoint(4, { value: Infinity })]);
    await b.flush();
    expect(sink.values).toEqual([1]);
    expect(b.stats()).toMatchObject({ accepted: 4, written: 1, rejected: 3 });
    await vi.advanceTimersByTimeAsync(5_000); // the first loss is logged at once, the rest with the next report
    const lossLogs = logged.lines.filter((l) => l.msg === 'telemetry: points lost');
    expect(lossLogs.reduce((n, l) => n + Number(l.rejected), 0)).toBe(3);
  });

  it('takes a connector\'s meter readings as points of that charger and connector, refusing unstorable ones', async () => {
    const b = make();
    const reading = (value: number, ts = new Date(1_764_115_200_000 + value)) => ({ ts, measurand: 'Voltage', value, phase: 'L1', unit: 'V' });
    b.write([aMeterPoint(0)]);
    b.writeMeter('CP-7', 2, 3, [reading(1), reading(Number.NaN), reading(2, new Date(Number.NaN)), reading(3)]);
    await b.flush();
    expect(sink.points.map((p) => (p.kind === 'meter' ? [p.chargerId, p.evseId, p.connectorId, p.measurand, p.phase, p.unit, p.value, p.ts.getTime()] : p))).toEqual([
      ['CP-1', 1, 1, 'Power.Active.Import', undefined, undefined, 0, 1_764_115_200_000],
      ['CP-7', 2, 3, 'Voltage', 'L1', 'V', 1, 1_764_115_200_001],
      ['CP-7', 2, 3, 'Voltage', 'L1', 'V', 3, 1_764_115_200_003],
    ]);
    expect(b.stats()).toMatchObject({ accepted: 5, written: 3, rejected: 2 });
  });

  it('flush() rejects while the backend is down and resolves once it is back', async () => {
    const b = make();
    sink.down = true;
    b.write(points(0, 5));
    await expect(b.flush()).rejects.toBeInstanceOf(TelemetryBackendUnavailableError);
    expect(b.stats().buffered).toBe(5);
    sink.down = false;
    await b.flush();
    expect(sink.values).toEqual(range(0, 5));
  });

  it('flush() waits for a batch already in flight and sends what came before the call', async () => {
    const b = make({ batchSize: 10 });
    b.write(points(0, 10));
    await vi.advanceTimersByTimeAsync(0); // full batch in flight
    b.write(points(10, 3));
    await b.flush();
    expect(sink.values).toEqual(range(0, 13));
  });

  it('retries failed batches oldest first when two were in flight', async () => {
    let calls = 0;
    const original = sink.send;
    sink.send = async (batch) => {
      calls++;
      // the first (older) batch fails, the second succeeds
      if (calls === 1) {
        await Promise.resolve();
        throw new TelemetryBackendUnavailableError('timeout');
      }
      return original(batch);
    };
    const batcher = new PointBatcher((batch) => sink.send(batch), logged.log, { batchSize: 5, maxBufferedPoints: 100, maxInflightBatches: 2, retryInitialMs: 100, retryMaxMs: 100, flushIntervalMs: 1_000 });
    batcher.write(points(0, 15));
    await vi.advanceTimersByTimeAsync(0);
    expect(sink.values).toEqual(range(5, 5));
    await vi.advanceTimersByTimeAsync(100);
    expect(sink.values).toEqual([...range(5, 5), ...range(0, 5), ...range(10, 5)]);
    expect(batcher.stats()).toMatchObject({ written: 15, buffered: 0 });
  });

  it('replays a backlog one batch at a time, oldest first, even with two allowed in flight', async () => {
    let concurrent = 0;
    let maxConcurrent = 0;
    const send = sink.send;
    sink.send = async (batch) => {
      concurrent++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      try {
        await new Promise((r) => setTimeout(r, 5));
        await send(batch);
      } finally {
        concurrent--;
      }
    };
    const b = new PointBatcher((batch) => sink.send(batch), logged.log, { batchSize: 10, maxBufferedPoints: 1_000, maxInflightBatches: 2, retryInitialMs: 100, retryMaxMs: 100, flushIntervalMs: 1_000 });
    sink.down = true;
    b.write(points(0, 100));
    await vi.advanceTimersByTimeAsync(50);
    expect(b.stats().failingFlushes).toBe(1);
    sink.down = false;
    maxConcurrent = 0;
    await vi.advanceTimersByTimeAsync(200);
    expect(sink.values).toEqual(range(0, 100));
    expect(maxConcurrent).toBe(1);
    expect(b.stats()).toMatchObject({ written: 100, failingFlushes: 0 });
  });

  it('close() flushes, stops its timers, and counts later writes and unsendable points as dropped', async () => {
    const b = make();
    b.write(points(0, 5));
    await b.close();
    expect(sink.values).toEqual(range(0, 5));
    expect(vi.getTimerCount()).toBe(0);
    b.write(points(5, 2));
    expect(b.stats()).toMatchObject({ accepted: 7, written: 5, dropped: 2, buffered: 0 });

    const down = make();
    sink.down = true;
    down.write(points(0, 4));
    await down.close();
    expect(down.stats()).toMatchObject({ accepted: 4, written: 0, dropped: 4, buffered: 0 });
    expect(logged.lines.some((l) => l.msg === 'telemetry: final flush failed on close')).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps accepted = written + dropped + rejected + buffered through outages, drops and refusals', async () => {
    const b = make({ batchSize: 7, maxBufferedPoints: 50, maxInflightBatches: 2, retryInitialMs: 10, retryMaxMs: 40 });
    const identity = () => {
      const s = b.stats();
      expect(s.accepted).toBe(s.written + s.dropped + (s.rejected ?? 0) + s.buffered);
    };
    let seed = 7;
    const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let step = 0; step < 300; step++) {
      sink.down = rnd() < 0.3;
      if (rnd() < 0.1) sink.rejectNext = 1 + Math.floor(rnd() * 3);
      b.write(points(step * 20, Math.floor(rnd() * 20)).map((p, i) => (i === 3 && rnd() < 0.2 ? { ...p, value: Number.NaN } : p)));
      identity();
      await vi.advanceTimersByTimeAsync(Math.floor(rnd() * 30));
      identity();
    }
    sink.down = false;
    await b.flush().catch(() => undefined);
    identity();
    expect(b.stats().buffered).toBe(0);
  });

  it.each([
    { batchSize: 0 },
    { batchSize: 10, maxBufferedPoints: 5 },
    { batchSize: 10, maxBufferedPoints: 15, maxInflightBatches: 2 },
    { retryInitialMs: 1_000, retryMaxMs: 10 },
    { flushIntervalMs: 0 },
  ])('refuses inconsistent options %o', (o) => {
    expect(() => make(o)).toThrow(TelemetryConfigError);
  });
});
