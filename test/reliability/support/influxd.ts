import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// An influxd of a suite's own (scripts/start-influxd.sh on a port of its own), so a suite can stop and
// start it without disturbing the shared one other suites use. Each start is a fresh, empty server.

const run = promisify(execFile);
const script = (name: string) => fileURLToPath(new URL(`../../../scripts/${name}`, import.meta.url));

async function portFree(port: number): Promise<boolean> {
  const s = createServer();
  return new Promise((resolve) => {
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** A port P with P+2 (influxd's RPC port) also free, below Linux's ephemeral range (32768+), so no outgoing
 *  connection takes it while the server is down between stop and start. */
export async function freeInfluxPort(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if ((await portFree(port)) && (await portFree(port + 2))) return port;
  }
  throw new Error('no free port pair for influxd');
}

export interface InfluxdInstance {
  port: number;
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** raw InfluxQL (epoch ms) against this instance */
  query(db: string, q: string): Promise<unknown[][]>;
}

export function influxdInstance(port: number): InfluxdInstance {
  const env = { ...process.env, INFLUXD_PORT: String(port) };
  const url = `http://127.0.0.1:${port}`;
  return {
    port,
    url,
    async start() {
      await run('bash', [script('start-influxd.sh')], { env });
    },
    async stop() {
      await run('bash', [script('stop-influxd.sh')], { env });
    },
    async query(db, q) {
      const res = await fetch(`${url}/query?${new URLSearchParams({ db, q, epoch: 'ms' })}`, { method: 'POST' });
      const body = (await res.json()) as { results?: { error?: string; series?: { values?: unknown[][] }[] }[] };
      const error = body.results?.find((r) => r.error)?.error;
      if (!res.ok || error) throw new Error(`InfluxQL ${q}: ${res.status} ${error ?? ''}`);
      return body.results?.flatMap((r) => r.series ?? []).flatMap((s) => s.values ?? []) ?? [];
    },
  };
}
