import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/chargemend.js', import.meta.url));

export type NodeRole = 'gateway' | 'api' | 'worker' | 'start';

/** A `chargemend <role>` child process, its ready line parsed, its log lines kept for assertions. */
export interface ChildNode {
  role: NodeRole;
  pid: number;
  nodeId: string;
  ocppUrl: string | undefined;
  httpUrl: string | undefined;
  logs: string[];
  exited: Promise<number | null>;
  /** resolves with the first log line (already seen or to come) that matches */
  logLine(match: RegExp, timeoutMs?: number): Promise<string>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** SIGSTOP: the process freezes with its connections open (a hung node, or one about to crash) */
  freeze(): void;
  /** SIGCONT: a frozen process runs on, its timers all due at once */
  thaw(): void;
}

const running = new Set<ChildProcess>();

/** Starts a node and resolves on its ready line; rejects with its output when it exits first. */
export async function startNode(role: NodeRole, env: Record<string, string>, timeoutMs = 45_000): Promise<ChildNode> {
  const proc = spawn(process.execPath, [BIN, role], { env: { ...process.env, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(proc);
  const exited = once(proc, 'exit').then(([code]) => {
    running.delete(proc);
    return code as number | null;
  });
  const logs: string[] = [];
  const waiters = new Set<{ match: RegExp; resolve: (l: string) => void }>();
  createInterface({ input: proc.stderr! }).on('line', (line) => {
    logs.push(line);
    for (const w of waiters) if (w.match.test(line)) w.resolve(line);
  });
  const out: string[] = [];
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${role} not ready within ${timeoutMs} ms:\n${logs.slice(-20).join('\n')}`)), timeoutMs);
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      out.push(line);
      if (line.startsWith('ready ')) {
        clearTimeout(timer);
        resolve(line);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${role} exited (${code}) before it was ready:\n${[...out, ...logs.slice(-20)].join('\n')}`));
    });
  });
  const line = await ready;
  const field = (name: string) => / /.test(line) ? line.split(' ').find((f) => f.startsWith(`${name}=`))?.slice(name.length + 1) : undefined;
  return {
    role,
    pid: proc.pid!,
    nodeId: field('node') ?? '',
    ocppUrl: field('ocpp'),
    httpUrl: field('http'),
    logs,
    exited,
    logLine(match, ms = 20_000) {
      const seen = logs.find((l) => match.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const w = {
          match,
          resolve: (l: string) => {
            clearTimeout(timer);
            waiters.delete(w);
            resolve(l);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`no log line matching ${match} from ${role} within ${ms} ms`));
        }, ms);
        waiters.add(w);
      });
    },
    freeze() {
      proc.kill('SIGSTOP');
    },
    thaw() {
      proc.kill('SIGCONT');
    },
    async kill(signal = 'SIGKILL') {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill(signal);
      await exited;
    },
  };
}

/** afterAll: every node a suite started, whatever state it is in. */
export async function killAllNodes(): Promise<void> {
  await Promise.all(
    [...running].map(async (p) => {
      if (p.exitCode === null && p.signalCode === null) {
        p.kill('SIGKILL');
        await once(p, 'exit').catch(() => undefined);
      }
    }),
  );
}
