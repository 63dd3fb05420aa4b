import type { ConnectionPoint, MeterReading, StatusPoint, TelemetryPoint } from './types.ts';

/**
 * The tags of one meter series: all of a meter point but its value and time. One object per series, shared
 * by every queued point of that series, so a waiting point costs no object of its own (PointQueue).
 */
export class MeterSeries {
  /**
   * Its `measurement,tags` line-protocol prefix, built by the first serialisation (LineProtocolSerializer).
   * A field rather than a WeakMap in the serializer: a load instead of a hash lookup, and no tens of
   * thousands of weak keys for every major GC to walk as ephemerons.
   */
  lineProtocolPrefix: Uint8Array | undefined = undefined;

  constructor(
    readonly chargerId: string,
    readonly evseId: number,
    readonly connectorId: number,
    readonly measurand: string,
    readonly phase: string | undefined,
    readonly unit: string | undefined,
    readonly location: string | undefined,
    readonly context: string | undefined,
  ) {}
}

/** What a queue slot refers to: a meter point's series (its value and time are in the numeric columns), or a rare other point whole. */
export type QueueEntry = MeterSeries | StatusPoint | ConnectionPoint;

/** Series kept for sharing; beyond it the registry starts over (queued points keep their series objects). */
const MAX_SERIES = 200_000;

/**
 * Finds the shared series object of a meter reading. A charger sends the same readings in the same order
 * message after message, so the series of its last message are tried first, by position: one map look-up
 * and a few string comparisons. Otherwise one map per charger, keyed by the series' fields as a JSON array
 * (built only on such a miss, ~0.3 µs more per reading than the tree of maps keyed field by field it
 * replaces, which cost ~1.2 KiB of maps per series: 5 KiB per charger sending four readings, more than its
 * idle connection). The series object keeps the strings of the first reading of a series, so later
 * readings' strings (fresh from each parsed frame) are not kept alive.
 */
class SeriesRegistry {
  private chargers = new Map<string, { byKey: Map<string, MeterSeries>; recent: MeterSeries[] }>();
  private count = 0;

  /** `position`: the reading's index in its message */
  of(chargerId: string, evseId: number, connectorId: number, r: MeterReading, position: number): MeterSeries {
    let charger = this.chargers.get(chargerId);
    const last = charger?.recent[position];
    if (
      last !== undefined && last.measurand === r.measurand && last.evseId === evseId && last.connectorId === connectorId &&
      last.phase === r.phase && last.unit === r.unit && last.location === r.location && last.context === r.context
    ) {
      return last;
    }
    if (charger === undefined) {
      charger = { byKey: new Map(), recent: [] };
      this.chargers.set(chargerId, charger);
    }
    // undefined fields become null: no string a charger sends can make two series' keys equal
    const key = JSON.stringify([evseId, connectorId, r.measurand, r.phase ?? null, r.unit ?? null, r.location ?? null, r.context ?? null]);
    let series = charger.byKey.get(key);
    if (series === undefined) {
      series = new MeterSeries(chargerId, evseId, connectorId, r.measurand, r.phase, r.unit, r.location, r.context);
      if (++this.count > MAX_SERIES) {
        this.chargers = new Map();
        this.count = 0;
        return series;
      }
      charger.byKey.set(key, series);
    }
    if (position < 64) charger.recent[position] = series;
    return series;
  }
}

/**
 * Points taken from a PointQueue, oldest first, in the same columnar form: entry i with values[i] and
 * times[i] (epoch ms) for a meter point. point(i) rebuilds a TelemetryPoint where a backend wants objects.
 */
export class PointBatch {
  constructor(
    readonly entries: readonly QueueEntry[],
    readonly values: Float64Array,
    readonly times: Float64Array,
  ) {}

  get length(): number {
    return this.entries.length;
  }

  point(i: number): TelemetryPoint {
    const e = this.entries[i]!;
    if (!(e instanceof MeterSeries)) return e;
    return {
      kind: 'meter',
      ts: new Date(this.times[i]!),
      chargerId: e.chargerId,
      evseId: e.evseId,
      connectorId: e.connectorId,
      measurand: e.measurand,
      value: this.values[i]!,
      phase: e.phase,
      unit: e.unit,
      location: e.location,
      context: e.context,
    };
  }

  points(): TelemetryPoint[] {
    const out = new Array<TelemetryPoint>(this.length);
    for (let i = 0; i < out.length; i++) out[i] = this.point(i);
    return out;
  }
}

const MIN_CAPACITY = 1_024;
// Below this many consumed slots at the head, compacting costs more than it saves.
const COMPACT_MIN_HEAD = 1_024;

/**
 * A FIFO of telemetry points that keeps no object per meter point: each slot is a pointer to its shared
 * MeterSeries plus two float64s in typed arrays, whose memory is outside the JS heap. Points wait here for
 * their batch for up to a second at tens of thousands a second; as objects (with their Date and the strings
 * of the frame they came in) they were 80 % of what survived each scavenge and was promoted — the
 * gateway's GC pauses under load (bench/latency.ts). Status and connection points are rare and kept whole.
 */
export class PointQueue {
  private readonly series = new SeriesRegistry();
  private entries: (QueueEntry | undefined)[] = [];
  private values = new Float64Array(MIN_CAPACITY);
  private times = new Float64Array(MIN_CAPACITY);
  private head = 0;

  get size(): number {
    return this.entries.length - this.head;
  }

  /** Appends a point; the caller has checked that its time and value are storable. */
  push(p: TelemetryPoint): void {
    if (p.kind === 'meter') {
      this.pushMeter(p.chargerId, p.evseId, p.connectorId, p);
    } else {
      if (this.entries.length === this.values.length) this.grow();
      this.entries.push(p);
    }
  }

  /**
   * Appends a meter reading of a charger's connector; the caller has checked that its time and value are
   * storable. `position`: its index among its message's readings (a charger repeats them in the same order).
   */
  pushMeter(chargerId: string, evseId: number, connectorId: number, r: MeterReading, position = 0): void {
    const at = this.entries.length;
    if (at === this.values.length) this.grow();
    this.entries.push(this.series.of(chargerId, evseId, connectorId, r, position));
    this.values[at] = r.value;
    this.times[at] = r.ts.getTime();
  }

  /** Removes and returns the oldest n points (fewer if there are fewer). */
  take(n: number): PointBatch {
    const end = Math.min(this.head + n, this.entries.length);
    const batch = new PointBatch(this.entries.slice(this.head, end) as QueueEntry[], this.values.slice(this.head, end), this.times.slice(this.head, end));
    this.discardOldest(end - this.head);
    return batch;
  }

  /** Puts batches back at the front, in the given order, ahead of everything queued (a failed send's retry). */
  restore(batches: readonly PointBatch[]): void {
    const front = batches.reduce((n, b) => n + b.length, 0);
    const size = this.size;
    const values = new Float64Array(Math.max(MIN_CAPACITY, (front + size) * 2));
    const times = new Float64Array(values.length);
    const entries: (QueueEntry | undefined)[] = [];
    let at = 0;
    for (const b of batches) {
      for (const e of b.entries) entries.push(e);
      values.set(b.values, at);
      times.set(b.times, at);
      at += b.length;
    }
    for (let i = this.head; i < this.entries.length; i++) entries.push(this.entries[i]);
    values.set(this.values.subarray(this.head, this.entries.length), at);
    times.set(this.times.subarray(this.head, this.entries.length), at);
    this.entries = entries;
    this.values = values;
    this.times = times;
    this.head = 0;
  }

  /** Forgets the oldest n points. */
  discardOldest(n: number): void {
    const end = Math.min(this.head + n, this.entries.length);
    this.entries.fill(undefined, this.head, end);
    this.head = end;
    if (this.head >= COMPACT_MIN_HEAD && this.head * 2 >= this.entries.length) this.compact();
  }

  /** Removes and returns the newest n points as objects (they move to the disk outbox). */
  takeNewest(n: number): TelemetryPoint[] {
    const from = Math.max(this.head, this.entries.length - n);
    const batch = this.window(from, this.entries.length);
    this.entries.length = from;
    return batch.points();
  }

  /** Removes and returns every point as objects, oldest first. */
  drain(): TelemetryPoint[] {
    const points = this.window(this.head, this.entries.length).points();
    this.entries = [];
    this.head = 0;
    return points;
  }

  private window(from: number, to: number): PointBatch {
    return new PointBatch(this.entries.slice(from, to) as QueueEntry[], this.values.subarray(from, to), this.times.subarray(from, to));
  }

  private compact(): void {
    const tail = this.entries.length;
    this.entries = this.entries.slice(this.head);
    if (this.values.length > MIN_CAPACITY && this.entries.length * 4 < this.values.length) {
      // A backlog has drained: give its memory back. New arrays of their own size — slicing the old ones
      // is cut short at their end, down to nothing when the queue was emptied at exactly its capacity.
      const values = new Float64Array(Math.max(MIN_CAPACITY, this.entries.length * 2));
      const times = new Float64Array(values.length);
      values.set(this.values.subarray(this.head, tail));
      times.set(this.times.subarray(this.head, tail));
      this.values = values;
      this.times = times;
    } else {
      this.values.copyWithin(0, this.head, tail);
      this.times.copyWithin(0, this.head, tail);
    }
    this.head = 0;
  }

  /** Full: twice the room. (A head worth compacting was compacted by discardOldest already.) */
  private grow(): void {
    const values = new Float64Array(Math.max(MIN_CAPACITY, this.values.length * 2));
    const times = new Float64Array(values.length);
    values.set(this.values.subarray(0, this.entries.length));
    times.set(this.times.subarray(0, this.entries.length));
    this.values = values;
    this.times = times;
  }
}
