import { Point, escape } from '@influxdata/influxdb-client';
import { MeterSeries, PointQueue, type PointBatch } from './point-queue.ts';
import type { ConnectionPoint, MeterPoint, StatusPoint, TelemetryPoint } from './types.ts';

// Precision is always ms: a charger's clock gives no more, and /write?precision=ms and
// /api/v2/write?precision=ms both take it.
const MS = { convertTime: (value: string | number | Date | undefined): string | undefined => (value instanceof Date ? String(value.getTime()) : undefined) };

/** serializeBatch works this long at most before it lets the event loop turn */
const TURN_BUDGET_MS = 4;
/** points written between two looks at the clock */
const CHUNK_POINTS = 256;

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
   * A batch of the batcher's queue as one UTF-8 body (lines separated by \n), written in turns of at most
   * `budgetMs` with a turn of the event loop in between: a 20,000-point batch serialised in one go held the
   * gateway's loop for tens of ms, which chargers saw as answer latency (bench/latency.ts). The budget is
   * time, not a number of points: when the loop is busy with chargers, each turn waits behind all of them,
   * and a batch cut into many small slices fell behind the incoming readings until the memory bound.
   * The lines are written as bytes straight into the body's Buffer (outside the JS heap): a meter line is
   * its series' cached prefix bytes plus the value's and the time's digits, with no string per line, no
   * join and no UTF-8 re-encoding — building strings and then a Buffer from them was a tenth of the
   * gateway's CPU at 10,000 MeterValues/s.
   */
  async serializeBatch(batch: PointBatch, budgetMs = TURN_BUDGET_MS): Promise<Buffer> {
    const out = new LineBuffer(batch.length * BYTES_PER_POINT_GUESS);
    let turnStarted = performance.now();
    for (let from = 0; from < batch.length; from += CHUNK_POINTS) {
      if (from > 0 && performance.now() - turnStarted >= budgetMs) {
        await new Promise<void>((r) => setImmediate(r));
        turnStarted = performance.now();
      }
      this.write(out, batch, from, Math.min(batch.length, from + CHUNK_POINTS));
    }
    return out.bytes();
  }

  /** Points as one body, at once (tests and bench/telemetry.ts; the store uses serializeBatch). */
  serialize(points: readonly TelemetryPoint[]): string {
    for (const p of points) this.staging.push(p);
    const batch = this.staging.take(points.length);
    const out = new LineBuffer(batch.length * BYTES_PER_POINT_GUESS);
    this.write(out, batch, 0, batch.length);
    return out.bytes().toString('utf8');
  }

  line(p: TelemetryPoint): string {
    switch (p.kind) {
      case 'meter':
        return `${meterPrefix(p)} value=${String(p.value)} ${p.ts.getTime()}`;
      case 'status':
        return statusLine(p);
      case 'connection':
        return connectionLine(p);
    }
  }

  private write(out: LineBuffer, batch: PointBatch, from: number, to: number): void {
    const { entries, values, times } = batch;
    for (let i = from; i < to; i++) {
      if (i > 0) out.byte(NEWLINE);
      const e = entries[i]!;
      if (e instanceof MeterSeries) {
        // String(number) is what Point.floatField writes; non-finite values never reach here (batcher)
        out.raw(this.prefix(e));
        out.ascii(String(values[i]!));
        out.byte(SPACE);
        out.time(times[i]!);
      } else {
        out.text(this.line(e));
      }
    }
  }

  /** `measurement,tags value=` of a series, built once: the batcher's queue shares one MeterSeries object between all its points */
  private prefix(series: MeterSeries): Uint8Array {
    return (series.lineProtocolPrefix ??= Buffer.from(`${meterPrefix(series)} value=`, 'utf8'));
  }
}

const NEWLINE = 0x0a;
const SPACE = 0x20;
const DIGIT_0 = 0x30;
/** a meter line of a typical charger is 110–160 bytes; the body grows if it is not enough */
const BYTES_PER_POINT_GUESS = 160;

/**
 * A growing byte buffer for line protocol. Everything but `text` writes ASCII, byte by byte or with
 * TypedArray#set: each is a few instructions, where a Buffer#write is a call into C++ per piece.
 */
class LineBuffer {
  private buf: Buffer;
  private at = 0;
  /** the last time written and its digits: the readings of one message share their time */
  private lastTime = Number.NaN;
  private readonly timeDigits = new Uint8Array(24);
  private timeLength = 0;

  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(Math.max(64, capacity));
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.at);
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.at++] = b;
  }

  raw(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.at);
    this.at += b.length;
  }

  /** a string known to be ASCII (a number's digits) */
  ascii(s: string): void {
    this.room(s.length);
    const buf = this.buf;
    let at = this.at;
    for (let i = 0; i < s.length; i++) buf[at++] = s.charCodeAt(i);
    this.at = at;
  }

  text(s: string): void {
    this.room(Buffer.byteLength(s, 'utf8'));
    this.at += this.buf.write(s, this.at, 'utf8');
  }

  /** ms since the epoch: an integer (Date#getTime), written as its decimal digits */
  time(ms: number): void {
    if (ms !== this.lastTime) {
      if (!(Number.isSafeInteger(ms) && ms >= 0)) {
        this.ascii(String(ms));
        return;
      }
      const d = this.timeDigits;
      let n = 0;
      let t = ms;
      do {
        const q = Math.floor(t / 10);
        d[d.length - ++n] = DIGIT_0 + (t - q * 10);
        t = q;
      } while (t > 0);
      this.lastTime = ms;
      this.timeLength = n;
    }
    const d = this.timeDigits;
    this.room(this.timeLength);
    const buf = this.buf;
    let at = this.at;
    for (let i = d.length - this.timeLength; i < d.length; i++) buf[at++] = d[i]!;
    this.at = at;
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    bigger.set(this.buf.subarray(0, this.at));
    this.buf = bigger;
  }
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
