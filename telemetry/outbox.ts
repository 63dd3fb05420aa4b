import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { open, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { TelemetryConfigError, TelemetryError } from './errors.ts';
import { decodePoint, encodePoint } from './outbox-codec.ts';
import type { TelemetryPoint } from './types.ts';

export interface OutboxOptions {
  /** a directory of its own (one process per directory) */
  dir: string;
  /** capacity on disk; appends beyond it are refused (the caller counts them as dropped) */
  maxBytes: number;
  /** a segment is closed, and becomes readable, at this size … */
  segmentBytes?: number | undefined;
  /** … or at this many points: a reader takes a whole segment into memory, so this bounds what it takes */
  segmentPoints?: number | undefined;
  /** appended points are written and fdatasync'd at most this late (one fsync per batch of appends) */
  syncIntervalMs?: number | undefined;
}

/** Points read from the oldest segment; `release()` deletes the segment once they are safely elsewhere. */
export interface OutboxChunk {
  points: TelemetryPoint[];
  /** the segment was left by an earlier process (its points were not counted as accepted by this one) */
  inherited: boolean;
  /** lines that were not points (a line torn by a crash) */
  corrupt: number;
  release(): Promise<void>;
}

interface Segment {
  seq: number;
  path: string;
  bytes: number;
  points: number;
  inherited: boolean;
}

const DEFAULT_SEGMENT_BYTES = 1024 * 1024;
const DEFAULT_SYNC_INTERVAL_MS = 200;
// Sequence numbers start high so that close() can put what memory still held *before* the oldest segment.
const FIRST_SEQ = 1_000_000_000_000;
const CLOSED = /^seg-(\d{16})-(\d+)\.jsonl$/;
const OPEN = /^seg-(\d{16})\.open$/;
const LOCK = 'owner.lock';
/** directories this process holds: a lock with our own pid that is not here was left by an earlier
 *  incarnation with the same pid (a container's pid 1 after a restart) */
const heldHere = new Set<string>();
const name = (seq: number, points?: number) => `seg-${String(seq).padStart(16, '0')}${points === undefined ? '.open' : `-${points}.jsonl`}`;

/**
 * A durable FIFO of telemetry points on local disk: append-only segment files of JSON lines, written and
 * fsync'd in batches, read back oldest segment first. The batcher spools here what does not fit in memory
 * while the backend is down. Segments left by an earlier process are found at start and read first.
 */
export class TelemetryOutbox {
  private readonly segments: Segment[] = [];
  /** read but not yet released: still on disk, still counted against the capacity */
  private readonly held = new Set<Segment>();
  private active: (Segment & { handle: FileHandle }) | undefined;
  private pending: string[] = [];
  private pendingBytes = 0;
  private nextSeq = FIRST_SEQ;
  private io: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private readonly segmentBytes: number;
  private readonly segmentPoints: number;
  private readonly syncIntervalMs: number;
  private diskBytes = 0;
  private diskPoints = 0;

  constructor(
    private readonly opts: OutboxOptions,
    private readonly log: Logger,
  ) {
    this.segmentBytes = opts.segmentBytes ?? Math.min(DEFAULT_SEGMENT_BYTES, Math.max(4096, Math.floor(opts.maxBytes / 8)));
    this.segmentPoints = opts.segmentPoints ?? Number.POSITIVE_INFINITY;
    this.syncIntervalMs = opts.syncIntervalMs ?? DEFAULT_SYNC_INTERVAL_MS;
    if (!(opts.maxBytes > 0) || !(this.segmentBytes > 0) || !(this.segmentPoints >= 1) || !(this.syncIntervalMs >= 0)) {
      throw new TelemetryConfigError(`outbox needs maxBytes > 0, segmentBytes > 0, segmentPoints >= 1, syncIntervalMs >= 0 (got ${JSON.stringify(opts)})`);
    }
    mkdirSync(opts.dir, { recursive: true });
    this.lock();
    this.recover();
  }

  /** points waiting (not yet read) */
  get points(): number {
    let beingRead = 0;
    for (const s of this.held) beingRead += s.points;
    return this.diskPoints - beingRead + this.pending.length;
  }

  /** bytes counted against the capacity (on disk, being read, or about to be written) */
  get bytes(): number {
    return this.diskBytes + this.pendingBytes;
  }

  /** asked for every MeterValues (PointBatcher): no allocation */
  get isEmpty(): boolean {
    return this.points === 0;
  }

  /** Queues points behind everything already here; returns how many fit (the rest exceed the capacity). */
  append(points: readonly TelemetryPoint[]): number {
    let n = 0;
    for (const p of points) {
      const line = encodePoint(p);
      const size = Buffer.byteLength(line);
      if (this.bytes + size > this.opts.maxBytes) break;
      this.pending.push(line);
      this.pendingBytes += size;
      n += 1;
    }
    if (n > 0) this.scheduleSync(this.pendingBytes >= this.segmentBytes ? 0 : this.syncIntervalMs);
    return n;
  }

  /** Writes and fsyncs what was appended so far. */
  sync(): Promise<void> {
    return this.serial(() => this.writePending());
  }

  /** The oldest segment's points (the one being appended to is closed first if it is the only one). */
  readOldest(): Promise<OutboxChunk | undefined> {
    return this.serial(async () => {
      if (this.segments.length === 0) {
        await this.writePending();
        if (this.active && this.active.points > 0) await this.rotate();
      }
      const seg = this.segments.shift();
      if (!seg) return undefined;
      this.held.add(seg);
      const text = await readFile(seg.path, 'utf8');
      const points: TelemetryPoint[] = [];
      let corrupt = 0;
      for (const line of text.split('\n')) {
        if (line === '') continue;
        const p = decodePoint(line);
        if (p) points.push(p);
        else corrupt += 1;
      }
      let released = false;
      const release = async () => {
        if (released) return;
        released = true;
        await unlink(seg.path).catch((err: unknown) => this.log.warn({ err, path: seg.path }, 'telemetry outbox: could not delete a replayed segment'));
        this.held.delete(seg);
        this.diskBytes -= seg.bytes;
        this.diskPoints -= seg.points;
      };
      return { points, inherited: seg.inherited, corrupt, release };
    });
  }

  /**
   * Stores points that are older than everything here (what memory still held at close) as a segment
   * that sorts before all others, so the next process replays them first.
   */
  prepend(points: readonly TelemetryPoint[]): Promise<void> {
    if (points.length === 0) return Promise.resolve();
    return this.serial(async () => {
      const all = [...this.segments, ...this.held, ...(this.active ? [this.active] : [])];
      const seq = Math.min(this.nextSeq, ...all.map((s) => s.seq)) - 1;
      const body = points.map(encodePoint).join('');
      const path = join(this.opts.dir, name(seq, points.length));
      const tmp = `${path}.tmp`;
      const fh = await open(tmp, 'w');
      try {
        await fh.write(body);
        await fh.datasync();
      } finally {
        await fh.close();
      }
      await rename(tmp, path);
      const bytes = Buffer.byteLength(body);
      this.segments.unshift({ seq, path, bytes, points: points.length, inherited: false });
      this.diskBytes += bytes;
      this.diskPoints += points.length;
    });
  }

  /** Writes what is pending and closes the open segment; the files stay for the next process. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.serial(async () => {
      await this.writePending();
      if (this.active) await this.rotate();
    });
    const lock = join(this.opts.dir, LOCK);
    heldHere.delete(lock);
    unlinkSync(lock);
  }

  /**
   * One process per directory: two would renumber and replay each other's segments. A lock left by a
   * process that died (SIGKILL, crash) is taken over.
   */
  private lock(): void {
    const path = join(this.opts.dir, LOCK);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        heldHere.add(path);
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const owner = Number(readFileSync(path, 'utf8'));
      const busy = owner === process.pid ? heldHere.has(path) : owner > 0 && alive(owner);
      if (busy) throw new TelemetryOutboxBusyError(`${this.opts.dir} is in use by process ${owner} (${path})`);
      unlinkSync(path);
    }
    throw new TelemetryOutboxBusyError(`could not take ${path}`);
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.io.then(task);
    this.io = run.catch(() => undefined);
    return run;
  }

  private scheduleSync(delayMs: number): void {
    if (this.timer !== undefined) {
      if (delayMs > 0) return;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.sync().catch((err: unknown) => {
        this.log.error({ err, dir: this.opts.dir }, 'telemetry outbox: write failed; keeping the points in memory and retrying');
        this.scheduleSync(Math.max(this.syncIntervalMs, 1_000));
      });
    }, delayMs);
    // A telemetry timer alone must not keep a process alive; close() writes what is pending.
    this.timer.unref();
  }

  /** Appends what is pending to the open segment(s), one write and one fdatasync per segment. */
  private async writePending(): Promise<void> {
    while (this.pending.length > 0) {
      if (!this.active) {
        const seq = this.nextSeq++;
        const path = join(this.opts.dir, name(seq));
        this.active = { seq, path, bytes: 0, points: 0, inherited: false, handle: await open(path, 'a') };
      }
      const a = this.active;
      let n = 0;
      let bytes = 0;
      while (n < this.pending.length && a.points + n < this.segmentPoints && a.bytes + bytes < this.segmentBytes) {
        bytes += Buffer.byteLength(this.pending[n]!);
        n += 1;
      }
      // taken out first: appends made while the write is under way are newer and stay behind
      const lines = this.pending.splice(0, n);
      this.pendingBytes -= bytes;
      try {
        await a.handle.write(lines.join(''));
        await a.handle.datasync();
      } catch (err) {
        this.pending = lines.concat(this.pending);
        this.pendingBytes += bytes;
        throw err;
      }
      a.bytes += bytes;
      a.points += n;
      this.diskBytes += bytes;
      this.diskPoints += n;
      if (a.bytes >= this.segmentBytes || a.points >= this.segmentPoints) await this.rotate();
    }
  }

  private async rotate(): Promise<void> {
    const a = this.active;
    if (!a) return;
    this.active = undefined;
    await a.handle.close();
    const path = join(this.opts.dir, name(a.seq, a.points));
    await rename(a.path, path);
    this.segments.push({ seq: a.seq, path, bytes: a.bytes, points: a.points, inherited: a.inherited });
  }

  /** Finds what an earlier process left: closed segments, a segment it was appending to, a torn prepend. */
  private recover(): void {
    for (const file of readdirSync(this.opts.dir)) {
      const path = join(this.opts.dir, file);
      if (file.endsWith('.tmp')) {
        unlinkSync(path);
        continue;
      }
      let seq: number;
      let points: number;
      let closedPath = path;
      const closed = CLOSED.exec(file);
      const open = OPEN.exec(file);
      if (closed) {
        seq = Number(closed[1]);
        points = Number(closed[2]);
      } else if (open) {
        seq = Number(open[1]);
        points = readFileSync(path, 'utf8').split('\n').filter((l) => l !== '').length;
        closedPath = join(this.opts.dir, name(seq, points));
        renameSync(path, closedPath);
      } else {
        continue;
      }
      const bytes = statSync(closedPath).size;
      this.segments.push({ seq, path: closedPath, bytes, points, inherited: true });
      this.diskBytes += bytes;
      this.diskPoints += points;
    }
    this.segments.sort((a, b) => a.seq - b.seq);
    this.nextSeq = Math.max(FIRST_SEQ, ...this.segments.map((s) => s.seq + 1));
    if (this.segments.length > 0) {
      this.log.info({ dir: this.opts.dir, segments: this.segments.length, points: this.diskPoints, bytes: this.diskBytes }, 'telemetry outbox: replaying what an earlier run spooled');
    }
  }
}

/** Another live process owns the outbox directory. */
export class TelemetryOutboxBusyError extends TelemetryError {
  constructor(detail: string) {
    super('TELEMETRY_CONFIG_INVALID', `telemetry outbox busy: ${detail}`);
    this.name = 'TelemetryOutboxBusyError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
