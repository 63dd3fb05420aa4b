import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// `chargemend demo`, the README's first command, as a newcomer runs it (ports 0 so suites never collide).

const BIN = join(import.meta.dirname, '../../bin/chargemend.js');

describe('chargemend demo', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'chargemend-demo-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('comes up on embedded defaults with a simulated fleet, prints the URL and logins that work, and stops after --duration', async () => {
    const env = { ...process.env, DATA_DIR: dataDir, HTTP_PORT: '0', OCPP_PORT: '0', HTTP_HOST: '127.0.0.1', OCPP_HOST: '127.0.0.1', DATABASE_URL: 'postgres://must-not-be-used@127.0.0.1:1/x', LOG_LEVEL: 'error' };
    const child = spawn(process.execPath, [BIN, 'demo', '--chargers', '20', '--duration', '10'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const printed = new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (/Stops by itself after/.test(out)) resolve(out);
      });
      void exited.then((code) => reject(new Error(`demo exited ${code} before printing its logins:\n${out}\n${err}`)));
    });
    const text = await printed;

    const url = /Dashboard\s+(http:\/\/\S+)/.exec(text)?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(text).toMatch(/20 simulated chargers: \d+ × 1\.6, \d+ × 2\.0\.1, \d+ × 2\.1/);
    const logins = [...text.matchAll(/^\s{4}(\w+)\s+(\S+@\S+)\s+(\S+)$/gm)].map((m) => ({ role: m[1], email: m[2]!, password: m[3]! }));
    expect(logins.map((l) => l.role).sort()).toEqual(['admin', 'repair_engineer', 'specialist', 'supervisor', 'support_engineer', 'viewer']);
    expect(new Set(logins.map((l) => l.password)).size).toBe(6);

    const support = logins.find((l) => l.role === 'support_engineer')!;
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: support.email, password: support.password }) });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const summary = (await (await fetch(`${url}/api/fleet/summary`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as { chargers: number };
    expect(summary.chargers).toBeGreaterThan(0);
    const page = await fetch(`${url}/fleet`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');

    expect(await exited).toBe(0);
    expect(out).toContain('Stopping the demo');
  }, 60_000);
});
