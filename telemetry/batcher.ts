import type { Logger } from 'pino';
import { TelemetryConfigError, TelemetryPointsRejectedError } from './errors.ts';
import { TelemetryOutbox, TelemetryOutboxBusyError, type OutboxChunk, type OutboxOptions } from './outbox.ts';
import { PointQueue, type PointBatch } from './point-queue.ts';
import type { MeterReading, TelemetryPoint, TelemetryStats } from './types.ts';

export interface BatchOptions {
  /** a partial batch waits at most this long */
  flushIntervalMs: number;
  /** points per backend request; a full batch is sent without waiting for the interval */
  batchSize: number;
  /** memory bound: beyond it the oldest waiting points are dropped (counted and logged) */
  maxBufferedPoints: number;
  /** first retry delay after a failed flush; doubles per consecutive failure */
  retryInitialMs: number;
  retryMaxMs: number;
  /** concurrent backend requests; > 1 overlaps serialisation with I/O (InfluxDB store: 2) */
  maxInflightBatches: number;
  /**
   * durable overflow (config TELEMETRY_OUTBOX_*): points beyond maxBufferedPoints are spooled to disk and
   * replayed in order instead of dropped; only beyond its capacity are points dropped. Unset: drop oldest.
   */
  outbox?: OutboxOptions | undefined;
}

export const DEFAULT_BATCH_OPTIONS: Readonly<BatchOptions> = Object.freeze({
  flushIntervalMs: 1_000,
  batchSize: 5_000,
  maxBufferedPoints: 1_000_000,
  retryInitialMs: 500,
  retryMaxMs: 30_000,
  maxInflightBatches: 1,
});

/**
 * Sends one batch (columnar: `batch.point(i)` / `batch.points()` give objects). Throws
 * TelemetryPointsRejectedError when retrying cannot help, anything else to retry.
 */
export type BatchSink = (batch: PointBatch) => Promise<void>;

// Losses are logged at most this often so an outage at thousands of points/s cannot flood the log;
// the first loss of a quiet period is logged at once.
const LOSS_LOG_INTERVAL_MS = 5_000;

/**
 * Buffers telemetry points in memory and hands them to a backend in order, in batches. write() is the
 * hot path (every MeterValues of every charger): it only appends to a PointQueue (no object per waiting
 * point); serialisation and I/O happen later in a single pump (one at a time), and failed batches are
 * retried oldest first.
 */
export class PointBatcher {
  private readonly opts: BatchOptions;
  private readonly queue = new PointQueue();
  private inflight = 0;
  private enqueued = 0;
  private dequeued = 0;
  private readonly counts = { accepted: 0, written: 0, dropped: 0, rejected: 0 };
  private failingFlushes = 0;
  private lastError: string | undefined;
  private retryAt = 0;
  private pumping: Promise<void> | null = null;
  private kickScheduled = false;
  private interval: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;
  private readonly unreported = { dropped: 0, rejected: 0, reason: '' };
  private lastLossLogAt = Number.NEGATIVE_INFINITY;
  private readonly outbox: TelemetryOutbox | undefined;
  /** a chunk being read back from the outbox: until it is in memory, new points must queue behind it */
  private refilling: Promise<boolean> | undefined;
  /** outbox segments read into memory, deleted once every point of theirs has left the queue */
  private releases: { until: number; release: OutboxChunk['release'] }[] = [];
  /** segment deletions under way (flush() waits for them, so a flushed outbox is an empty directory) */
  private released: Promise<void> = Promise.resolve();
  /** the running pump sends one batch at a time, so points leave the queue strictly in order */
  private inOrder = true;

  constructor(
    private readonly sink: BatchSink,
    private readonly log: Logger,
    options: Partial<BatchOptions> = {},
  ) {
    this.opts = { ...DEFAULT_BATCH_OPTIONS, ...definedOnly(options) };
    const { batchSize, maxBufferedPoints, flushIntervalMs, retryInitialMs, retryMaxMs, maxInflightBatches } = this.opts;
    const valid =
      Number.isInteger(batchSize) && batchSize >= 1 &&
      Number.isInteger(maxInflightBatches) && maxInflightBatches >= 1 &&
      // In-flight batches count against the bound, so it must hold them all.
      maxBufferedPoints >= batchSize * maxInflightBatches &&
      flushIntervalMs > 0 && retryInitialMs > 0 && retryMaxMs >= retryInitialMs;
    if (!valid) {
      throw new TelemetryConfigError(
        `need integers batchSize >= 1 and maxInflightBatches >= 1, maxBufferedPoints >= batchSize * maxInflightBatches, flushIntervalMs > 0, 0 < retryInitialMs <= retryMaxMs (got ${JSON.stringify(this.opts)})`,
      );
    }
    if (this.opts.outbox) {
      // A segment read back lands in memory while other batches may be in flight: sized so both fit the bound.
      const segmentPoints = Math.max(batchSize, maxBufferedPoints - batchSize * maxInflightBatches);
      this.outbox = openOutbox({ segmentPoints, ...this.opts.outbox }, log);
      // What an earlier run spooled is older than anything this one will write: it goes first.
      const inherited = this.outbox?.points ?? 0;
      if (inherited > 0) {
        this.counts.accepted += inherited;
        this.enqueued += inherited;
        this.startInterval();
        this.scheduleKick();
      }
    }
  }

  write(points: readonly TelemetryPoint[]): void {
    const n = points.length;
    this.counts.accepted += n;
    if (this.closed) {
      this.lose('dropped', n, 'written after close()');
      return;
    }
    const spooling = this.spooling();
    const queue: TelemetryPoint[] | PointQueue = spooling ? [] : this.queue;
    let queued = 0;
    for (let i = 0; i < n; i++) {
      const p = points[i]!;
      if (storableTime(p.ts) && (p.kind !== 'meter' || Number.isFinite(p.value))) {
        queue.push(p);
        queued += 1;
      } else {
        this.unstorable(p.kind, p.chargerId);
      }
    }
    if (spooling) this.spool(queue as TelemetryPoint[]);
    else this.queued(queued);
  }

  /** write() for one connector's meter readings, without a point object per reading. */
  writeMeter(chargerId: string, evseId: number, connectorId: number, readings: readonly MeterReading[]): void {
    if (this.closed || this.spooling()) {
      this.write(readings.map((r) => ({ kind: 'meter', chargerId, evseId, connectorId, ...r })));
      return;
    }
    const n = readings.length;
    this.counts.accepted += n;
    let queued = 0;
    for (let i = 0; i < n; i++) {
      const r = readings[i]!;
      if (storableTime(r.ts) && Number.isFinite(r.value)) {
        this.queue.pushMeter(chargerId, evseId, connectorId, r, i);
        queued += 1;
      } else {
        this.unstorable('meter', chargerId);
      }
    }
    this.queued(queued);
  }

  /** While the outbox holds anything, new points queue behind it there (memory holds only older ones). */
  private spooling(): boolean {
    return this.outbox !== undefined && (this.refilling !== undefined || !this.outbox.isEmpty);
  }

  private unstorable(kind: TelemetryPoint['kind'], chargerId: string): void {
    this.lose('rejected', 1, `unstorable ${kind} point from ${chargerId} (invalid timestamp or non-finite value)`);
  }

  /** `n` points were appended to the memory queue: keep the bound, start the timer, send a full batch. */
  private queued(n: number): void {
    this.enqueued += n;
    const over = this.queue.size + this.inflight - this.opts.maxBufferedPoints;
    if (over > 0 && this.outbox) {
      // The newest points move to disk, so memory keeps the oldest and the order holds.
      const newest = this.queue.takeNewest(over);
      this.enqueued -= over;
      this.log.warn({ maxBufferedPoints: this.opts.maxBufferedPoints, lastError: this.lastError }, 'telemetry: memory bound reached, spooling to the outbox');
      this.spool(newest);
    } else if (over > 0) {
      this.dropOldest(over, `buffer bound of ${this.opts.maxBufferedPoints} points reached`);
    }
    if (this.interval === undefined) this.startInterval();
    if (this.queue.size >= this.opts.batchSize) this.scheduleKick();
  }

  /** The outbox's state (undefined without one): points waiting on disk and bytes used of its capacity. */
  outboxStats(): { points: number; bytes: number; maxBytes: number } | undefined {
    return this.outbox && { points: this.outbox.points, bytes: this.outbox.bytes, maxBytes: this.opts.outbox!.maxBytes };
  }

  /** Sends everything written before the call; rejects if the backend fails or refuses points. */
  flush(): Promise<void> {
    return this.flushUpTo(this.enqueued);
  }

  private async flushUpTo(target: number): Promise<void> {
    while (this.dequeued < target) {
      if (this.pumping) {
        await this.pumping.catch(() => undefined);
        continue;
      }
      await this.startPump(target);
    }
    await this.released;
  }

  /** Stops the timers and flushes once; what cannot be written then is counted as dropped. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  stats(): TelemetryStats {
    return {
      ...this.counts,
      buffered: this.queue.size + this.inflight,
      failingFlushes: this.failingFlushes,
      lastError: this.lastError,
    };
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    clearInterval(this.interval);
    clearTimeout(this.retryTimer);
    try {
      // A backlog in the outbox stays there for the next run; only what memory holds is sent now.
      await this.flushUpTo(this.outbox ? this.dequeued + this.inflight + this.queue.size : this.enqueued);
    } catch (err) {
      this.log.warn({ err, buffered: this.stats().buffered }, 'telemetry: final flush failed on close');
    }
    const left = this.queue.size;
    if (this.outbox) {
      await this.persistOnClose().catch((err: unknown) => {
        this.log.error({ err }, 'telemetry: could not store the unsent points in the outbox on close');
        this.lose('dropped', left, 'not written before close() and the outbox failed');
      });
    } else if (left > 0) {
      this.dropOldest(left, 'not written before close()');
    }
    this.reportLosses(true);
  }

  /** Memory's unsent points go before the outbox's, whose replayed segments are then no longer needed. */
  private async persistOnClose(): Promise<void> {
    await this.refilling;
    const outbox = this.outbox!;
    const points = this.queue.drain();
    this.dequeued += points.length;
    await outbox.prepend(points);
    for (const r of this.releases.splice(0)) await r.release();
    await outbox.close();
    if (outbox.points > 0) this.log.info({ stored: points.length, waiting: outbox.points }, 'telemetry: unsent points kept in the outbox for the next start');
  }

  private spool(points: TelemetryPoint[]): void {
    const stored = this.outbox!.append(points);
    this.enqueued += stored;
    if (stored < points.length) this.lose('dropped', points.length - stored, `telemetry outbox full (${this.opts.outbox!.maxBytes} bytes)`);
  }

  /** Reads the oldest outbox segment into memory (one at a time); false when the outbox is empty. */
  private refill(): Promise<boolean> {
    this.refilling ??= this.loadChunk().finally(() => {
      this.refilling = undefined;
    });
    return this.refilling;
  }

  private async loadChunk(): Promise<boolean> {
    const chunk = await this.outbox!.readOldest();
    if (!chunk) return false;
    if (chunk.corrupt > 0) {
      this.dequeued += chunk.corrupt;
      this.lose('rejected', chunk.corrupt, 'torn lines in the telemetry outbox');
    }
    for (const p of chunk.points) this.queue.push(p);
    this.releases.push({ until: this.dequeued + this.inflight + this.queue.size, release: chunk.release });
    if (this.outbox!.isEmpty) this.log.info('telemetry: outbox drained');
    this.releaseWritten();
    return true;
  }

  /** Deletes outbox segments all of whose points were written (or refused as invalid). */
  private releaseWritten(): void {
    if (!this.inOrder && this.inflight > 0) return;
    while (this.releases.length > 0 && this.releases[0]!.until <= this.dequeued) {
      const { release } = this.releases.shift()!;
      this.released = this.released.then(release);
    }
  }

  private startInterval(): void {
    if (this.closed) return;
    this.interval = setInterval(() => {
      this.reportLosses(false);
      if (this.queue.size > 0 || this.outbox?.isEmpty === false) this.kick();
    }, this.opts.flushIntervalMs);
    // A telemetry timer alone must not keep a process (or a test worker) alive.
    this.interval.unref();
  }

  private scheduleKick(): void {
    if (this.kickScheduled || this.pumping) return;
    this.kickScheduled = true;
    // Deferred so the caller of write() never pays for serialisation or I/O.
    setImmediate(() => {
      this.kickScheduled = false;
      this.kick();
    });
  }

  private kick(): void {
    if (this.closed || this.pumping || Date.now() < this.retryAt || (this.queue.size === 0 && this.outbox?.isEmpty !== false)) return;
    // A failure is already recorded, logged and scheduled for retry by the pump.
    this.startPump(Number.POSITIVE_INFINITY).catch(() => undefined);
  }

  private startPump(target: number): Promise<void> {
    const run = this.pump(target).finally(() => {
      this.pumping = null;
      // Full batches that arrived meanwhile go now (after a failure kick() waits for the retry time).
      if (!this.closed && this.queue.size >= this.opts.batchSize) this.scheduleKick();
    });
    this.pumping = run;
    return run;
  }

  /**
   * Sends batches until `target` points have left the queue, with up to maxInflightBatches requests
   * at once. After a retriable failure no new batch starts; the failed batches go back to the front
   * of the queue in their original order, so a retry resends them oldest first. (With more than one
   * request in flight a newer batch may land before an older one that failed: nothing is lost, and
   * for InfluxDB, which orders by timestamp, it makes no difference. The replay after a failure is
   * sequential, so a backlog arrives in order.)
   */
  private async pump(target: number): Promise<void> {
    const failed: { seq: number; batch: PointBatch; err: unknown }[] = [];
    let rejection: TelemetryPointsRejectedError | undefined;
    let seq = 0;
    const worker = async (): Promise<void> => {
      while (failed.length === 0 && this.dequeued + this.inflight < target) {
        if (this.queue.size === 0) {
          if (this.outbox && (await this.refill())) continue;
          break;
        }
        const mine = seq++;
        const batch = this.queue.take(this.opts.batchSize);
        this.inflight += batch.length;
        try {
          await this.sink(batch);
          this.counts.written += batch.length;
          // healthy again as soon as a batch lands, not only once a long backlog has drained
          if (this.failingFlushes > 0) this.recordSuccess();
        } catch (err) {
          if (!(err instanceof TelemetryPointsRejectedError)) {
            // Stays counted as in flight (so within the memory bound) until restored below.
            failed.push({ seq: mine, batch, err });
            continue;
          }
          const lost = Math.min(Math.max(err.rejectedPoints, 0), batch.length);
          this.counts.written += batch.length - lost;
          this.lose('rejected', lost, err.message);
          rejection ??= err;
        }
        this.inflight -= batch.length;
        this.dequeued += batch.length;
        if (this.releases.length > 0) this.releaseWritten();
      }
    };
    // A backlog left by an outage is replayed strictly in order, one batch at a time.
    const workers = this.failingFlushes > 0 ? 1 : this.opts.maxInflightBatches;
    this.inOrder = workers === 1;
    await Promise.all(Array.from({ length: workers }, worker));
    if (failed.length > 0) {
      failed.sort((x, y) => x.seq - y.seq);
      this.queue.restore(failed.map((f) => f.batch));
      this.inflight -= failed.reduce((n, f) => n + f.batch.length, 0);
      this.recordFailure(failed[0]!.err);
      throw failed[0]!.err;
    }
    this.recordSuccess();
    if (rejection) throw rejection;
  }

  private dropOldest(n: number, reason: string): void {
    this.queue.discardOldest(n);
    this.dequeued += n;
    this.lose('dropped', n, reason);
  }

  private recordFailure(err: unknown): void {
    this.failingFlushes += 1;
    this.lastError = err instanceof Error ? err.message : String(err);
    const delayMs = Math.min(this.opts.retryInitialMs * 2 ** (this.failingFlushes - 1), this.opts.retryMaxMs);
    this.retryAt = Date.now() + delayMs;
    this.log.warn(
      { err, failingFlushes: this.failingFlushes, buffered: this.stats().buffered, retryInMs: delayMs },
      'telemetry: flush failed, keeping points and retrying',
    );
    if (this.closed) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.kick(), delayMs);
    this.retryTimer.unref();
  }

  private recordSuccess(): void {
    if (this.failingFlushes > 0) {
      this.log.info({ failedFlushes: this.failingFlushes }, 'telemetry: backend reachable again');
    }
    this.failingFlushes = 0;
    this.lastError = undefined;
    this.retryAt = 0;
  }

  private lose(kind: 'dropped' | 'rejected', n: number, reason: string): void {
    this.counts[kind] += n;
    this.unreported[kind] += n;
    this.unreported.reason = reason;
    this.reportLosses(false);
  }

  private reportLosses(force: boolean): void {
    const { dropped, rejected, reason } = this.unreported;
    if (dropped + rejected === 0) return;
    const now = Date.now();
    if (!force && now - this.lastLossLogAt < LOSS_LOG_INTERVAL_MS) return;
    this.lastLossLogAt = now;
    this.unreported.dropped = 0;
    this.unreported.rejected = 0;
    this.log.warn(
      { dropped, rejected, droppedTotal: this.counts.dropped, rejectedTotal: this.counts.rejected, reason },
      'telemetry: points lost',
    );
  }
}

/** The outbox, or none (said loudly) when another process of this DATA_DIR already has it. */
function openOutbox(options: OutboxOptions, log: Logger): TelemetryOutbox | undefined {
  try {
    return new TelemetryOutbox(options, log);
  } catch (err) {
    if (!(err instanceof TelemetryOutboxBusyError)) throw err;
    log.warn({ err }, 'telemetry: running without a durable outbox (beyond the memory bound the oldest points are dropped)');
    return undefined;
  }
}

function storableTime(ts: Date): boolean {
  return ts instanceof Date && Number.isFinite(ts.getTime());
}

function definedOnly<T extends object>(o: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
