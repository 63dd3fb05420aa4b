import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { awaitEvent } from '../../simulator/await-event.ts';
import { booted, rig, VERSIONS } from './helpers.ts';

interface Received {
  method: string;
  url: string;
  contentType: string;
  body: string;
}

/** A real local HTTP server: firmware images by path, uploads recorded, /fail answers 500. */
async function fileServer(files: Record<string, string>) {
  const uploads: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'GET') {
        const file = files[req.url ?? ''];
        res.writeHead(file === undefined ? 404 : 200).end(file);
        return;
      }
      if (req.url?.startsWith('/fail')) {
        res.writeHead(500).end();
        return;
      }
      uploads.push({ method: req.method ?? '', url: req.url ?? '', contentType: req.headers['content-type'] ?? '', body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(201).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, uploads };
}
const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

describe.each(VERSIONS)('OCPP %s firmware update and log upload', (version) => {
  const v16 = version === '1.6';
  const updateFirmware = (location: string) =>
    v16
      ? { location, retrieveDate: new Date().toISOString() }
      : { requestId: 5, firmware: { location, retrieveDateTime: new Date().toISOString() } };
  const statuses = (calls: Array<{ params: Record<string, unknown> }>) => calls.map((c) => c.params.status);

  it('downloads, installs, reboots and boots with the new version', async () => {
    const { base } = await fileServer({ '/fw/sim-2.4.1.bin': 'CHARGEMEND-FIRMWARE 2.4.1\n' + 'x'.repeat(4096) });
    const r = await booted(await rig(version, { firmwareVersion: '1.0.0' }));
    const rebooted = awaitEvent(r.charger, 'booted', (b) => b.reason === 'FirmwareUpdate');
    expect(await r.csms.send(r.charger.id, 'UpdateFirmware', updateFirmware(`${base}/fw/sim-2.4.1.bin`))).toEqual(v16 ? {} : { status: 'Accepted' });
    expect((await rebooted).firmwareVersion).toBe('2.4.1');
    await r.csms.awaitCall(r.charger.id, 'FirmwareStatusNotification', (p) => p.status === 'Installed');
    const fw = r.csms.callsOf(r.charger.id, 'FirmwareStatusNotification');
    expect(statuses(fw)).toEqual(v16 ? ['Downloading', 'Downloaded', 'Installing', 'Installed'] : ['Downloading', 'Downloaded', 'Installing', 'InstallRebooting', 'Installed']);
    if (!v16) expect(fw.every((c) => c.params.requestId === 5)).toBe(true);
    const boots = r.csms.callsOf(r.charger.id, 'BootNotification');
    expect(boots).toHaveLength(2);
    expect(boots[1]!.params).toMatchObject(v16 ? { firmwareVersion: '2.4.1' } : { reason: 'FirmwareUpdate', chargingStation: { firmwareVersion: '2.4.1' } });
    // Installed comes after the new boot.
    expect(fw.at(-1)!.index).toBeGreaterThan(boots[1]!.index);
  });

  it('reports DownloadFailed for a URL that answers 404, and keeps its version', async () => {
    const { base } = await fileServer({});
    const r = await booted(await rig(version, { firmwareVersion: '1.0.0' }));
    await r.csms.send(r.charger.id, 'UpdateFirmware', updateFirmware(`${base}/fw/missing-9.9.9.bin`));
    await r.csms.awaitCall(r.charger.id, 'FirmwareStatusNotification', (p) => p.status === 'DownloadFailed');
    expect(statuses(r.csms.callsOf(r.charger.id, 'FirmwareStatusNotification'))).toEqual(['Downloading', 'DownloadFailed']);
    expect(r.charger.state().firmwareVersion).toBe('1.0.0');
  });

  it('reports InstallationFailed for an empty image', async () => {
    const { base } = await fileServer({ '/fw/empty-3.0.0.bin': '' });
    const r = await booted(await rig(version));
    await r.csms.send(r.charger.id, 'UpdateFirmware', updateFirmware(`${base}/fw/empty-3.0.0.bin`));
    await r.csms.awaitCall(r.charger.id, 'FirmwareStatusNotification', (p) => p.status === 'InstallationFailed');
  });

  it('uploads a real log file to the location given', async () => {
    const { base, uploads } = await fileServer({});
    const r = await booted(await rig(version));
    r.charger.startSession(1, 'LOGTAG');
    const answer = v16
      ? await r.csms.send(r.charger.id, 'GetDiagnostics', { location: `${base}/upload/` })
      : await r.csms.send(r.charger.id, 'GetLog', { logType: 'DiagnosticsLog', requestId: 9, log: { remoteLocation: `${base}/upload/` } });
    const fileName = (v16 ? answer.fileName : answer.filename) as string;
    expect(fileName).toMatch(/\.log$/);
    if (!v16) expect(answer.status).toBe('Accepted');
    const action = v16 ? 'DiagnosticsStatusNotification' : 'LogStatusNotification';
    await r.csms.awaitCall(r.charger.id, action, (p) => p.status === 'Uploaded');
    expect(statuses(r.csms.callsOf(r.charger.id, action))).toEqual(['Uploading', 'Uploaded']);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]!.method).toBe('POST');
    expect(uploads[0]!.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(uploads[0]!.body).toContain(`filename="${fileName}"`);
    expect(uploads[0]!.body).toContain(r.charger.id);
    expect(uploads[0]!.body).toContain('session start connector=1 idTag=LOGTAG');
  });

  it('reports a failed upload when the endpoint refuses it', async () => {
    const { base } = await fileServer({});
    const r = await booted(await rig(version));
    if (v16) await r.csms.send(r.charger.id, 'GetDiagnostics', { location: `${base}/fail/` });
    else await r.csms.send(r.charger.id, 'GetLog', { logType: 'DiagnosticsLog', requestId: 3, log: { remoteLocation: `${base}/fail/` } });
    const action = v16 ? 'DiagnosticsStatusNotification' : 'LogStatusNotification';
    const failed = await r.csms.awaitCall(r.charger.id, action, (p) => p.status === (v16 ? 'UploadFailed' : 'UploadFailure'));
    if (!v16) expect(failed.params.requestId).toBe(3);
  });
});
