import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSimulateCli } from '../../simulator/cli.ts';
import { FakeCsms } from '../support/fake-csms.ts';

const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(isTTY = false) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, isTTY },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

describe('chargemend simulate', () => {
  it('prints help', async () => {
    const c = capture();
    expect(await runSimulateCli(['--help'], c.io)).toBe(0);
    expect(c.out()).toContain('--mix SPEC');
  });

  it.each([
    [['--url', 'ws://127.0.0.1:1/ocpp', '--mix', '1.6:abc'], /^chargemend simulate: invalid --mix: '1\.6:abc'/],
    [['--url', 'ws://127.0.0.1:1/ocpp', '--chargers', '0'], /^chargemend simulate: invalid --chargers: '0'/],
    [['--url', 'ws://127.0.0.1:1/ocpp', '--chargers', 'many'], /invalid --chargers/],
    [['--url', 'http://example/ocpp'], /invalid --url/],
    [['--chargers', '2'], /missing --url/],
    [['--url', 'ws://127.0.0.1:1/ocpp', '--bogus'], /Unknown option '--bogus'/],
    [['--url', 'ws://127.0.0.1:1/ocpp', '--duration=-1'], /invalid --duration: '-1'/],
  ])('refuses %j with one line and exit 2', async (argv, message) => {
    const c = capture();
    expect(await runSimulateCli([...argv], c.io)).toBe(2);
    expect(c.err()).toMatch(message);
    expect(c.err().trim().split('\n')).toHaveLength(1);
  });

  it('reports an invalid scenario file', async () => {
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, 'storms: nope\n');
    const c = capture();
    expect(await runSimulateCli(['--url', 'ws://127.0.0.1:1/ocpp', '--scenario', path], c.io)).toBe(1);
    expect(c.err()).toMatch(/invalid scenario .*storms/);
  });

  it('runs a fleet for --duration and prints the summary as JSON on the last line', async () => {
    const csms = await FakeCsms.start();
    try {
      const truth = join(dir, 'truth.jsonl');
      const scenario = join(dir, 's.json');
      writeFileSync(scenario, JSON.stringify({ template: { webSocketPingIntervalS: 0 }, faultsPerHour: { 'status-error': 360_000 }, clearsBy: { repair: 1 }, sessions: { perChargerPerHour: 0 } }));
      const c = capture();
      const code = await runSimulateCli(['--url', csms.url, '--chargers', '5', '--mix', '1.6:60,2.0.1:20,2.1:20', '--duration', '0.8', '--json', '--scenario', scenario, '--ground-truth', truth], c.io);
      expect(code).toBe(0);
      const last = c.out().trim().split('\n').at(-1)!;
      const summary = JSON.parse(last) as Record<string, unknown>;
      expect(summary).toMatchObject({ chargers: 5, booted: 5, connected: 5, byVersion: { '1.6': 3, '2.0.1': 1, '2.1': 1 } });
      expect(summary.messages as number).toBeGreaterThanOrEqual(10);
      expect(summary.faultsInjected as number).toBeGreaterThan(0);
      expect(summary).toHaveProperty('commandsReceived', 0);
      expect(readFileSync(truth, 'utf8').trim().split('\n').length).toBe(summary.faultsInjected);
    } finally {
      await csms.stop();
    }
  });

  it('shows a live line on a terminal and a readable summary', async () => {
    const csms = await FakeCsms.start();
    try {
      const c = capture(true);
      expect(await runSimulateCli(['--url', csms.url, '--chargers', '2', '--duration', '0.3'], c.io)).toBe(0);
      expect(c.out()).toMatch(/\r\x1b\[2K\[[#.]+\] booted \d\/2/);
      expect(c.out()).toMatch(/chargers 2 \(1\.6:2\), connected 2, booted 2/);
    } finally {
      await csms.stop();
    }
  });

  it('exits 1 when no charger could boot', async () => {
    const c = capture();
    expect(await runSimulateCli(['--url', 'ws://127.0.0.1:9/ocpp', '--duration', '0.2'], c.io)).toBe(1);
    expect(c.err()).toMatch(/no charger could boot/);
  });
});
