import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CommandError } from '../../core/commands/command-errors.ts';
import { awaitEvent } from '../../simulator/await-event.ts';
import type { OcppVersion } from '../../simulator/config.ts';
import type { VirtualCharger } from '../../simulator/virtual-charger.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { bootedCharger } from '../support/sim.ts';

describe.each(['1.6', '2.0.1', '2.1'] as OcppVersion[])('remote commands over OCPP %s', (version) => {
  const v16 = version === '1.6';
  let rt: TestRuntime;
  const chargers: VirtualCharger[] = [];
  const charger = async (o = {}) => {
    const c = (await bootedCharger(rt, version, o)).charger;
    chargers.push(c);
    return c;
  };
  const issue = (chargerId: string, command: Parameters<TestRuntime['commands']['issue']>[0]['command'], extra = {}) =>
    rt.commands.issue({ chargerId, command, requestedBy: 'user:test', ...extra });

  beforeAll(async () => {
    rt = await startTestRuntime({ OCPP_UNKNOWN_CHARGERS: 'auto-register', OCPP_COMMAND_TIMEOUT_MS: '1500' });
  });
  afterEach(async () => {
    await Promise.all(chargers.splice(0).map((c) => c.stop()));
  });
  afterAll(() => rt.close());

  it('updates firmware from the platform\'s own store: Downloading → Installed, reboot, new version', async () => {
    const c = await charger();
    const image = await rt.firmware.add({ version: '2.0.0', fileName: 'sim-2.0.0.bin', bytes: Buffer.alloc(64 * 1024, 7) });
    const rebooted = awaitEvent(c, 'booted', (b) => b.firmwareVersion === '2.0.0', 15_000);
    const cmd = await issue(c.id, { kind: 'updateFirmware', url: image.url, version: '2.0.0' });
    // progress may already have overtaken the recording of the CALLRESULT
    expect(['accepted', 'in_progress']).toContain(cmd.status);
    const done = await rt.commands.waitForFinal(cmd.id, 15_000);
    expect(done).toMatchObject({ status: 'succeeded', progress: 'Installed' });
    await rebooted;
    const events = await rt.db.prisma.commandEvent.findMany({ where: { commandId: cmd.id }, orderBy: { id: 'asc' } });
    expect(events.map((e) => (e.detail as { progress?: string } | null)?.progress).filter(Boolean)).toEqual(
      v16 ? ['Downloading', 'Downloaded', 'Installing', 'Installed'] : ['Downloading', 'Downloaded', 'Installing', 'InstallRebooting', 'Installed'],
    );
    await expect.poll(async () => (await rt.db.prisma.charger.findUniqueOrThrow({ where: { id: c.id } })).firmwareVersion).toBe('2.0.0');
  });

  it('reports DownloadFailed for a firmware URL that answers 404', async () => {
    const c = await charger();
    const cmd = await issue(c.id, { kind: 'updateFirmware', url: `${rt.firmware.urlPrefix()}${randomUUID()}/missing.bin` });
    const done = await rt.commands.waitForFinal(cmd.id, 15_000);
    expect(done).toMatchObject({ status: 'failed', progress: 'DownloadFailed', error: 'the charger reported DownloadFailed' });
  });

  it('refuses firmware from a host that is neither ours nor allow-listed, and sends nothing', async () => {
    const c = await charger();
    await expect(issue(c.id, { kind: 'updateFirmware', url: 'http://127.0.0.1:1/evil.bin' })).rejects.toMatchObject({ code: 'COMMAND_URL_NOT_ALLOWED' });
    expect(await rt.db.prisma.command.count({ where: { chargerId: c.id } })).toBe(0);
  });

  it('retrieves logs: the charger uploads a real file to the one-time URL we gave it', async () => {
    const c = await charger();
    const cmd = await issue(c.id, { kind: 'retrieveLogs' });
    const done = await rt.commands.waitForFinal(cmd.id, 15_000);
    expect(done).toMatchObject({ status: 'succeeded', progress: 'Uploaded' });
    const slot = await rt.db.prisma.uploadSlot.findFirstOrThrow({ where: { commandId: cmd.id } });
    expect(slot.receivedAt).not.toBeNull();
    const text = await readFile(rt.uploads.pathOf(slot.id), 'utf8');
    expect(text.length).toBe(slot.sizeBytes);
    expect(text).toContain(c.id);
  });

  it('reads and changes configuration (2.x through the device model)', async () => {
    const c = await charger();
    const set = await issue(c.id, { kind: 'setConfiguration', key: 'HeartbeatInterval', value: '120' });
    expect(set.status).toBe('succeeded');
    const get = await issue(c.id, { kind: 'getConfiguration', keys: ['HeartbeatInterval'] });
    expect(get.status).toBe('succeeded');
    expect(get.result).toMatchObject({ values: [{ key: v16 ? 'HeartbeatInterval' : 'OCPPCommCtrlr.HeartbeatInterval', value: '120' }] });
  });

  it('getBaseReport exists only in 2.x', async () => {
    const c = await charger();
    if (v16) {
      const cmd = await issue(c.id, { kind: 'getBaseReport', reportBase: 'SummaryInventory' });
      expect(cmd).toMatchObject({ status: 'failed', error: expect.stringContaining('not available in OCPP 1.6') });
      return;
    }
    const chunks: Array<{ requestId: number; variables: Array<{ variable: string }> }> = [];
    const report = new Promise<void>((resolve) => {
      const off = rt.bus.on('device.report', (e) => {
        if (e.chargerId !== c.id) return;
        chunks.push(e);
        if (!e.tbc) {
          off();
          resolve();
        }
      });
    });
    const cmd = await issue(c.id, { kind: 'getBaseReport', reportBase: 'FullInventory' });
    expect(cmd.status).toBe('succeeded');
    await report;
    expect(new Set(chunks.map((x) => x.requestId))).toEqual(new Set([cmd.requestId]));
    expect(chunks.flatMap((x) => x.variables).map((v) => v.variable)).toContain('HeartbeatInterval');
  });

  it('offline: fails fast with a clear error, or queues and delivers when the charger boots', async () => {
    const c = await charger();
    await c.stop();
    await expect.poll(() => rt.gateway.connections.get(c.id)).toBeUndefined();
    const err = await issue(c.id, { kind: 'clearCache' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandError);
    expect(err).toMatchObject({ code: 'COMMAND_CHARGER_OFFLINE', status: 409 });
    const queued = await issue(c.id, { kind: 'clearCache' }, { whenOffline: 'queue', expiresInS: 60 });
    expect(queued.status).toBe('queued');
    const delivered = c.awaitCommand('ClearCache', { timeoutMs: 10_000 });
    c.start();
    await delivered;
    expect(await rt.commands.waitForFinal(queued.id, 10_000)).toMatchObject({ status: 'succeeded' });
  });

  it('a dead charger (connected, silent) times out and the record says so', async () => {
    const c = await charger();
    c.injectFault({ kind: 'dead' });
    const cmd = await issue(c.id, { kind: 'reset', type: 'soft' });
    expect(cmd).toMatchObject({ status: 'timed_out', error: 'the charger did not answer in time' });
  });
});
