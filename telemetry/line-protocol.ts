import { Point, escape } from '@influxdata/influxdb-client';
import { MeterSeries, PointQueue, type PointBatch } from './point-queue.ts';
import type { ConnectionPoint, MeterPoint, StatusPoint, TelemetryPoint } from './types.ts';

// Precision is always ms: a charger's clock gives no more, and /write?precision=ms and
// /api/v2/write?precision=ms both take it.
const MS = { convertTime: (value: string | number | Date | undefined): string | undefined => (value instanceof Date ? String(value.getTime()) : undefined) };

/** points serialised between two turns of the event loop (serializeBatch) */
const YIELD_EVERY_POINTS = 1_000;

/**
 * InfluxDB line protocol for telemetry points (schema in ARCHITECTURE/telemetry: measurements
 * `meter`, `status`, `connection`; only bounded values are tags — never transaction ids).
 *
 * Meter points are the hot path: building a library `Point` per sample costs ~1.6 µs (it sorts and
 * escapes every tag each time), a third of the budget at 300k points/s. A meter series repeats the
 * same tag set every few seconds, so its escaped `measurement,tags` prefix — built with the library's
 * `escape` — is cached per series (the queue's shared MeterSeries object) and each sample only appends
 * ` value=<float> <ms>`.
 */
export class LineProtocolSerializer {
  /** for serialize(): points go through a queue of their own, so their series are shared as in the store */
  private readonly staging = new PointQueue();

  /**
   * A batch of the batcher's queue as one UTF-8 body (lines separated by \n), built a slice at a time with a
   * turn of the event loop in between: a 20,000-point batch serialised in one go held the gateway's loop for
   * tens of ms, which chargers saw as answer latency (bench/latency.ts). A slice is ~1 ms of work. Each slice
   * goes into a Buffer at once, so the body (~3 MB) waits for its request outside the JS heap instead of
   * being copied from scavenge to scavenge as strings.
   */
  async serializeBatch(batch: PointBatch, slice = YIELD_EVERY_POINTS): Promise<Buffer> {
    const parts: Buffer[] = [];
    for (let from = 0; from < batch.length; from += slice) {
      if (from > 0) await new Promise<void>((r) => setImmediate(r));
      const to = Math.min(batch.length, from + slice);
      parts.push(Buffer.from(to < batch.length ? `${this.lines(batch, from, to)}\n` : this.lines(batch, from, to), 'utf8'));
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  /** Points as one body, at once (tests and bench/telemetry.ts; the store uses serializeBatch). */
  serialize(points: readonly TelemetryPoint[]): string {
    for (const p of points) this.staging.push(p);
    const batch = this.staging.take(points.length);
    return this.lines(batch, 0, batch.length);
  }

  line(p: TelemetryPoint): string {
    switch (p.kind) {
      case 'meter':
        return meterLine(meterPrefix(p), p.value, p.ts.getTime());
      case 'status':
        return statusLine(p);
      case 'connection':
        return connectionLine(p);
    }
  }

  private lines(batch: PointBatch, from: number, to: number): string {
    const { entries, values, times } = batch;
    const lines = new Array<string>(to - from);
    for (let i = from; i < to; i++) {
      const e = entries[i]!;
      lines[i - from] = e instanceof MeterSeries ? meterLine(this.prefix(e), values[i]!, times[i]!) : this.line(e);
    }
    return lines.join('\n');
  }

  /** built once per series: the batcher's queue shares one MeterSeries object between all its points */
  private prefix(series: MeterSeries): string {
    return (series.lineProtocolPrefix ??= meterPrefix(series));
  }
}

// String(number) is what Point.floatField writes; non-finite values never reach here (batcher).
function meterLine(prefix: string, value: number, ms: number): string {
  return `${prefix} value=${String(value)} ${ms}`;
}

/** Tag keys in sorted order, as InfluxDB stores them (and parses fastest). */
function meterPrefix(p: MeterPoint | MeterSeries): string {
  const tags: [string, string | undefined][] = [
    ['charger', p.chargerId],
    ['connector', String(p.connectorId)],
    ['context', p.context],
    ['evse', String(p.evseId)],
    ['location', p.location],
    ['measurand', p.measurand],
    ['phase', p.phase],
    ['unit', p.unit],
  ];
  let s = escape.measurement('meter');
  for (const [k, v] of tags) if (v) s += `,${k}=${escape.tag(tagValue(v))}`;
  return s;
}

function statusLine(p: StatusPoint): string {
  const point = new Point('status')
    .tag('charger', tagValue(p.chargerId))
    .tag('connector', String(p.connectorId))
    .tag('evse', String(p.evseId))
    .stringField('status', p.status)
    .timestamp(p.ts);
  if (p.errorCode) point.stringField('errorCode', p.errorCode);
  return point.toLineProtocol(MS)!;
}

function connectionLine(p: ConnectionPoint): string {
  // A line needs at least one field, so `reason` is always written ('' when there is none).
  return new Point('connection')
    .tag('charger', tagValue(p.chargerId))
    .tag('event', p.event)
    .stringField('reason', p.reason ?? '')
    .timestamp(p.ts)
    .toLineProtocol(MS)!;
}

// escape.tag handles spaces, commas and '=' but a line break would end the line: one odd charger id
// must not make the whole batch unparsable.
function tagValue(v: string): string {
  return v.includes('\n') || v.includes('\r') ? v.replace(/[\r\n]/g, ' ') : v;
}
