import { Point, escape } from '@influxdata/influxdb-client';
import type { ConnectionPoint, MeterPoint, StatusPoint, TelemetryPoint } from './types.ts';

// Precision is always ms: a charger's clock gives no more, and /write?precision=ms and
// /api/v2/write?precision=ms both take it.
const MS = { convertTime: (value: string | number | Date | undefined): string | undefined => (value instanceof Date ? String(value.getTime()) : undefined) };

/** How many meter series keys keep their serialised prefix; beyond it the cache starts over. */
const MAX_CACHED_SERIES = 200_000;

/** points serialised between two turns of the event loop (serializeYielding) */
const YIELD_EVERY_POINTS = 1_000;

type Key = string | number | undefined;
interface PrefixTree extends Map<Key, PrefixTree | string> {}

/**
 * InfluxDB line protocol for telemetry points (schema in ARCHITECTURE/telemetry: measurements
 * `meter`, `status`, `connection`; only bounded values are tags — never transaction ids).
 *
 * Meter points are the hot path: building a library `Point` per sample costs ~1.6 µs (it sorts and
 * escapes every tag each time), a third of the budget at 300k points/s. A meter series repeats the
 * same tag set every few seconds, so its escaped `measurement,tags` prefix — built with the library's
 * `escape` — is cached and each sample only appends ` value=<float> <ms>`. The cache is a tree keyed
 * field by field: looking up eight short strings is about twice as fast as hashing one concatenated
 * key (measured in bench/telemetry.ts).
 */
export class LineProtocolSerializer {
  private prefixes: PrefixTree = new Map();
  private cachedSeries = 0;

  /** The points as one request body (lines separated by \n). */
  serialize(points: readonly TelemetryPoint[]): string {
    const lines = new Array<string>(points.length);
    for (let i = 0; i < points.length; i++) lines[i] = this.line(points[i]!);
    return lines.join('\n');
  }

  /**
   * The same body, built a slice at a time with a turn of the event loop in between: a 20,000-point batch
   * serialised in one go held the gateway's loop for tens of ms, which chargers saw as answer latency
   * (bench/latency.ts). A slice is ~1 ms of work.
   */
  async serializeYielding(points: readonly TelemetryPoint[], slice = YIELD_EVERY_POINTS): Promise<string> {
    if (points.length <= slice) return this.serialize(points);
    const parts: string[] = [];
    for (let from = 0; from < points.length; from += slice) {
      if (from > 0) await new Promise<void>((r) => setImmediate(r));
      const to = Math.min(points.length, from + slice);
      const lines = new Array<string>(to - from);
      for (let i = from; i < to; i++) lines[i - from] = this.line(points[i]!);
      parts.push(lines.join('\n'));
    }
    return parts.join('\n');
  }

  line(p: TelemetryPoint): string {
    switch (p.kind) {
      case 'meter':
        // String(number) is what Point.floatField writes; non-finite values never reach here (batcher).
        return `${this.meterPrefix(p)} value=${String(p.value)} ${p.ts.getTime()}`;
      case 'status':
        return statusLine(p);
      case 'connection':
        return connectionLine(p);
    }
  }

  private meterPrefix(p: MeterPoint): string {
    const leaf = child(child(child(child(child(child(child(this.prefixes, p.chargerId), p.measurand), p.phase), p.unit), p.location), p.context), p.evseId);
    let prefix = leaf.get(p.connectorId);
    if (prefix === undefined) {
      prefix = meterPrefix(p);
      if (++this.cachedSeries > MAX_CACHED_SERIES) {
        this.prefixes = new Map();
        this.cachedSeries = 0;
      } else {
        leaf.set(p.connectorId, prefix);
      }
    }
    return prefix as string;
  }
}

function child(node: PrefixTree, key: Key): PrefixTree {
  let next = node.get(key);
  if (next === undefined) {
    next = new Map();
    node.set(key, next);
  }
  return next as PrefixTree;
}

/** Tag keys in sorted order, as InfluxDB stores them (and parses fastest). */
function meterPrefix(p: MeterPoint): string {
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
