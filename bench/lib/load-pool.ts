import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ConnectResult, LoadJob, LoadResult, TrafficResult } from './load-protocol.ts';

const WORKER = fileURLToPath(new URL('./load-worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A TypeScript child with IPC, its open-files limit raised to the hard limit first (one socket, one fd). */
export function spawnTs(file: string, args: string[] = []): ChildProcess {
  return spawn('bash', ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"', process.execPath, '--import', 'tsx', file, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/**
 * Load processes, each holding a share of the lean clients. Several processes because one socket costs
 * a descriptor (about 19,000 per process on our machines) and because one event loop would be the
 * bottleneck before the gateway is.
 */
export class LoadPool {
  private constructor(private readonly workers: ChildProcess[]) {}

  static start(n: number): LoadPool {
    const workers = Array.from({ length: n }, () => spawnTs(WORKER));
    return new LoadPool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  get pids(): number[] {
    return this.workers.map((w) => w.pid!);
  }

  /** Sends one job per worker (`jobFor(i)`) at the same moment and waits for every answer. */
  async each<R extends LoadResult>(jobFor: (i: number) => LoadJob): Promise<R[]> {
    return Promise.all(this.workers.map((w, i) => request<R>(w, jobFor(i))));
  }

  /** Opens `ids` spread over the workers (round-robin), booting each. */
  async connect(url: string, ids: string[], o: { concurrencyPerWorker: number; boot: boolean }): Promise<ConnectResult[]> {
    const shares = this.workers.map((_, i) => ids.filter((_, k) => k % this.workers.length === i));
    return this.each<ConnectResult>((i) => ({
      kind: 'connect', url, ids: shares[i]!, concurrency: o.concurrencyPerWorker, boot: o.boot,
      // 127.0.0.1 … 127.0.0.8 as source addresses: 8 × 28k ephemeral ports, never a limit
      localAddresses: Array.from({ length: 8 }, (_, k) => `127.0.0.${k + 1}`),
    }));
  }

  traffic(job: Extract<LoadJob, { kind: 'closed-loop' | 'rate' }>): Promise<TrafficResult[]> {
    return this.each<TrafficResult>(() => (job.kind === 'rate' ? { ...job, ratePerS: job.ratePerS / this.workers.length } : job));
  }

  async close(): Promise<void> {
    await this.each(() => ({ kind: 'close' }));
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => new Promise<void>((resolve) => {
      if (w.exitCode !== null || w.signalCode !== null) return resolve();
      w.once('exit', () => resolve());
      w.send({ kind: 'exit' } satisfies LoadJob);
      setTimeout(() => w.kill('SIGKILL'), 5_000).unref();
    })));
  }
}

function request<R extends LoadResult>(w: ChildProcess, job: LoadJob): Promise<R> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`load process ${w.pid} exited (${code}) during ${job.kind}`));
    w.once('exit', onExit);
    w.once('message', (m: LoadResult) => {
      w.off('exit', onExit);
      if (m.kind === 'error') reject(new Error(`load process ${w.pid}: ${m.message}`));
      else resolve(m as R);
    });
    w.send(job);
  });
}
