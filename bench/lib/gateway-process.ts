import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processCpuS } from './proc.ts';
import { createRunDatabase, dropInfluxDatabase, ensureInflux, type RunDatabase, type RunInflux } from './services.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PROBE = new URL('./memory-probe.mjs', import.meta.url).href;

export interface GatewayProcessOptions {
  database: 'postgres' | 'pglite';
  telemetry: 'influx' | 'embedded';
  /** extra configuration (names of core/config.ts) */
  env?: Record<string, string>;
  /** tag for database names */
  tag: string;
  /** write a V8 CPU profile of the gateway here when it stops (node --cpu-prof); default $BENCH_CPU_PROF_DIR */
  cpuProfileDir?: string | undefined;
}

export interface LoopStats {
  p50: number;
  p99: number;
  max: number;
  gcCount: number;
  gcTotalMs: number;
  gcMaxMs: number;
  /** by V8's kind of collection: minor (scavenge), major (mark-compact), incremental (marking steps) */
  gcByKind: Record<string, { count: number; totalMs: number; maxMs: number }>;
}

export interface MemoryUsage {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** V8's heap by space (new_space, old_space, large_object_space, …): reserved size and bytes in use */
  spaces: Record<string, { size: number; used: number }>;
}

/**
 * The product under test in its own process, started the way an operator starts it
 * (`node bin/chargemend.js start`, configuration from the environment) so that its CPU, RSS and heap are
 * its own. Two bench-only additions: --expose-gc and bench/lib/memory-probe.mjs, which reports memory
 * after a full GC over IPC.
 */
export class GatewayProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly ocppUrl: string,
    readonly httpUrl: string,
    readonly description: string,
    readonly databaseUrl: string | undefined,
    /** influxd's pid when the run uses InfluxDB (its CPU is part of the cost) */
    readonly influxdPid: number | undefined,
    /** what the gateway logged (warnings and errors) since it was ready */
    readonly log: GatewayLog,
    private readonly cleanup: () => Promise<void>,
  ) {}

  get pid(): number {
    return this.child.pid!;
  }

  static async start(o: GatewayProcessOptions): Promise<GatewayProcess> {
    const dataDir = mkdtempSync(join(tmpdir(), `cm-bench-${o.tag}-`));
    let db: RunDatabase | undefined;
    let influx: RunInflux | undefined;
    const bucket = `cm_bench_${o.tag}_${process.pid}`;
    const cleanup = async () => {
      if (db) await db.drop().catch((err: unknown) => process.stderr.write(`could not drop ${db!.name}: ${(err as Error).message}\n`));
      if (influx) {
        await dropInfluxDatabase(influx.url, bucket);
        influx.release();
      }
      rmSync(dataDir, { recursive: true, force: true });
    };
    const profDir = o.cpuProfileDir ?? process.env.BENCH_CPU_PROF_DIR;
    // Node/V8 flags for the product's process only, e.g. BENCH_GATEWAY_NODE_OPTIONS=--max-semi-space-size=64;
    // V8 flags that NODE_OPTIONS refuses go on the command line: BENCH_GATEWAY_NODE_ARGS='--no-parallel-scavenge'
    const nodeOptions = process.env.BENCH_GATEWAY_NODE_OPTIONS;
    const nodeArgs = (process.env.BENCH_GATEWAY_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
    // product configuration for the product's process, e.g. BENCH_GATEWAY_ENV='TELEMETRY_BATCH_SIZE=2000 X=y'
    const extraEnv = Object.fromEntries((process.env.BENCH_GATEWAY_ENV ?? '').split(/\s+/).filter(Boolean).map((kv) => {
      const i = kv.indexOf('=');
      if (i < 1) throw new Error(`BENCH_GATEWAY_ENV: expected NAME=value, got ${kv}`);
      return [kv.slice(0, i), kv.slice(i + 1)];
    }));
    try {
      if (o.database === 'postgres') db = await createRunDatabase(o.tag);
      if (o.telemetry === 'influx') influx = await ensureInflux();
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TMPDIR: process.env.TMPDIR,
        DATA_DIR: dataDir,
        OCPP_HOST: '127.0.0.1',
        OCPP_PORT: '0',
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: '0',
        NODE_ID: `bench-${o.tag}`,
        LOG_LEVEL: 'warn',
        OCPP_UNKNOWN_CHARGERS: 'auto-register',
        API_COOKIE_SECURE: 'false',
        ...(db ? { DATABASE_URL: db.url } : {}),
        ...(influx ? { INFLUX_URL: influx.url, INFLUX_BUCKET: bucket } : {}),
        ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
        ...o.env,
        ...extraEnv,
      };
      // `ulimit -n` up to the hard limit (a socket is a descriptor); exec keeps the pid and the IPC fd
      const child = spawn(
        'bash',
        ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"', process.execPath, '--expose-gc', ...nodeArgs, ...(profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []), '--import', PROBE, join(ROOT, 'bin/chargemend.js'), 'start'],
        { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
      );
      const log = new GatewayLog();
      // everything the product prints, as it printed it (e.g. with BENCH_GATEWAY_NODE_ARGS=--trace-gc-nvp)
      const tee = process.env.BENCH_GATEWAY_STDOUT;
      if (tee) child.stdout!.on('data', (d: Buffer) => appendFileSync(tee, d));
      const { ocppUrl, httpUrl } = await ready(child, log);
      child.stdout!.on('data', (d: Buffer) => log.add(d));
      const description = `node bin/chargemend.js start (pid ${child.pid}; ${db ? 'PostgreSQL' : 'PGlite'}, telemetry ${influx ? `InfluxDB ${influx.version}` : 'embedded SQL store'}, strict validation, OCPP_UNKNOWN_CHARGERS=auto-register, LOG_LEVEL=warn${nodeOptions ? `, NODE_OPTIONS=${nodeOptions}` : ''}${nodeArgs.length ? `, node ${nodeArgs.join(' ')}` : ''}${Object.entries({ ...o.env, ...extraEnv }).map(([k, v]) => `, ${k}=${v}`).join('')})`;
      return new GatewayProcess(child, ocppUrl, httpUrl, description, db?.url, influx?.pid, log, cleanup);
    } catch (err) {
      await cleanup();
      throw err;
    }
  }

  /** Memory after a full GC, reported by the process itself. */
  memory(): Promise<MemoryUsage> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('the memory probe did not answer')), 30_000);
      const on = (m: { probe?: string } & MemoryUsage) => {
        if (m.probe !== 'memory') return;
        clearTimeout(t);
        this.child.off('message', on);
        resolve(m);
      };
      this.child.on('message', on);
      this.child.send({ probe: 'memory' });
    });
  }

  /** Event-loop delay (ms) and GC pauses inside the gateway since the previous call. */
  loop(): Promise<LoopStats> {
    return this.probe<LoopStats>({ probe: 'loop' });
  }

  /** Starts a CPU profile of the gateway (the window until cpuProfileStop()). */
  async cpuProfileStart(): Promise<void> {
    await this.probe({ probe: 'cpu-start' });
  }

  /** Writes the profile started by cpuProfileStart() to `path` (bench/lib/profile-summary.ts). */
  async cpuProfileStop(path: string): Promise<void> {
    await this.probe({ probe: 'cpu-stop', path });
  }

  /**
   * Starts sampling the gateway's allocations until allocProfileStop(): all of them, or only those that
   * outlived a scavenge (`survivors`).
   */
  async allocProfileStart(survivors = false): Promise<void> {
    await this.probe({ probe: 'alloc-start', survivors });
  }

  /** Writes the sampled allocations since allocProfileStart() to `path` (bench/lib/alloc-summary.ts). */
  async allocProfileStop(path: string): Promise<void> {
    await this.probe({ probe: 'alloc-stop', path });
  }

  private probe<T>(request: { probe: string; path?: string; survivors?: boolean }): Promise<T> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`the ${request.probe} probe did not answer`)), 60_000);
      const on = (m: { probe?: string } & T) => {
        if (m.probe !== request.probe) return;
        clearTimeout(t);
        this.child.off('message', on);
        resolve(m);
      };
      this.child.on('message', on);
      this.child.send(request);
    });
  }

  /** Writes a V8 heap snapshot of the gateway to `path` (bench/lib/heap-diff.ts compares two). */
  heapSnapshot(path: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('the heap snapshot did not finish within 120 s')), 120_000);
      const on = (m: { probe?: string; path?: string }) => {
        if (m.probe !== 'snapshot') return;
        clearTimeout(t);
        this.child.off('message', on);
        resolve(m.path!);
      };
      this.child.on('message', on);
      this.child.send({ probe: 'snapshot', path });
    });
  }

  /** The gateway's own count of connected chargers (/metrics). */
  async connectedChargers(): Promise<number> {
    const text = await (await fetch(`${this.httpUrl}/metrics`)).text();
    return Number(/^chargemend_connected_chargers(?:\{[^}]*\})? (\d+)/m.exec(text)?.[1] ?? NaN);
  }

  /** Waits until the gateway holds no socket and has been idle (CPU < 5 %) for a second; at most `ms`. */
  async quiesce(ms = 120_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const c0 = this.cpuS();
      await new Promise((r) => setTimeout(r, 1_000));
      if (this.cpuS() - c0 < 0.05 && (await this.connectedChargers()) === 0) return;
    }
  }

  cpuS(): number {
    return processCpuS(this.pid) ?? NaN;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
      this.child.kill('SIGTERM');
      const t = setTimeout(() => this.child.kill('SIGKILL'), 120_000); // a CPU profile is written at exit
      await exited;
      clearTimeout(t);
    }
    await this.cleanup();
  }
}

/**
 * The gateway's log lines (LOG_LEVEL=warn): the first few are shown, all are counted by message, so a
 * storm of identical warnings neither floods the bench's output nor goes unreported.
 */
export class GatewayLog {
  readonly byMessage = new Map<string, number>();
  private shown = 0;

  private partial = '';

  add(d: Buffer): void {
    const lines = (this.partial + d.toString()).split('\n');
    this.partial = lines.pop() ?? ''; // a chunk may end mid-line
    for (const line of lines) {
      if (!line.trim()) continue;
      let key = line.slice(0, 100);
      try {
        const j = JSON.parse(line) as { msg?: string; err?: { message?: string } };
        const err = j.err?.message?.trim().split('\n').at(-1)?.slice(0, 100);
        key = `${j.msg ?? '?'}${err ? `: ${err}` : ''}`;
      } catch {
        // not a pino line: counted as is
      }
      this.byMessage.set(key, (this.byMessage.get(key) ?? 0) + 1);
      if (this.shown++ < 5) process.stderr.write(`[gateway] ${line.slice(0, 400)}\n`);
    }
  }

  /** "message ×count; …", or "none" */
  summary(): string {
    return this.byMessage.size === 0 ? 'none' : [...this.byMessage].sort((x, y) => y[1] - x[1]).map(([k, n]) => `${k} ×${n}`).join('; ');
  }
}

function ready(child: ChildProcess, log: GatewayLog): Promise<{ ocppUrl: string; httpUrl: string }> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const t = setTimeout(() => fail(new Error('the gateway did not print "ready" within 120 s')), 120_000);
    const fail = (e: Error) => {
      clearTimeout(t);
      child.kill('SIGKILL');
      reject(new Error(`${e.message}\n${err.slice(-2_000)}`));
    };
    child.stderr!.on('data', (d: Buffer) => {
      if (out.includes('ready ')) log.add(d);
      else err += d.toString();
    });
    const onOut = (d: Buffer) => {
      out += d.toString();
      const m = /ready ocpp=(\S+) http=(\S+)/.exec(out);
      if (m) {
        clearTimeout(t);
        child.stdout!.off('data', onOut);
        child.off('exit', onExit);
        resolve({ ocppUrl: m[1]!, httpUrl: m[2]! });
      }
    };
    const onExit = (code: number | null) => fail(new Error(`the gateway exited (${code}) before it was ready`));
    child.stdout!.on('data', onOut);
    child.once('exit', onExit);
  });
}

/**
 * The --database and --telemetry choices of a bench script, refused when misspelt: an unknown value must
 * not silently measure the default (a documented run said `--telemetry sql` and measured InfluxDB).
 */
export function backendChoice(database: string | undefined, telemetry: string | undefined): Pick<GatewayProcessOptions, 'database' | 'telemetry'> {
  const db = database ?? 'postgres';
  const tm = telemetry ?? 'influx';
  if (db !== 'postgres' && db !== 'pglite') throw new Error(`--database ${db}: use postgres or pglite`);
  if (tm !== 'influx' && tm !== 'embedded') throw new Error(`--telemetry ${tm}: use influx or embedded (the embedded store is SQL in the product's database)`);
  return { database: db, telemetry: tm };
}
