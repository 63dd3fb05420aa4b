import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// `chargemend start` as its own process, so a test can kill it the hard way (SIGKILL: nothing runs on
// the way down) and prove what the next start recovers.

const BIN = fileURLToPath(new URL('../../../bin/chargemend.js', import.meta.url));

export interface ChargemendProcess {
  ocppUrl: string;
  httpUrl: string;
  child: ChildProcess;
  /** SIGKILL, resolved once the process is gone */
  kill(): Promise<void>;
}

export function startChargemend(env: Record<string, string>, timeoutMs = 45_000): Promise<ChargemendProcess> {
  const child = spawn(process.execPath, [BIN, 'start'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => {
    err = (err + c.toString()).slice(-4_000);
  });
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`chargemend start did not get ready within ${timeoutMs} ms: ${err}`));
    }, timeoutMs);
    let ready = false;
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!ready) reject(new Error(`chargemend start exited (${code}): ${err}`));
    });
    child.stdout!.on('data', (c: Buffer) => {
      out = (out + c.toString()).slice(-4_000);
      const m = /ready ocpp=(\S+) http=(\S+)/.exec(out);
      if (!m || ready) return;
      ready = true;
      clearTimeout(timer);
      resolve({
        ocppUrl: m[1]!,
        httpUrl: m[2]!,
        child,
        async kill() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await gone;
        },
      });
    });
  });
}
