import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import type { RPCClient } from 'ocpp-rpc';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApiConfig } from '../../api/config.ts';
import { startRuntime, type Runtime } from '../../cli/runtime.ts';
import { loadConfig } from '../../core/config.ts';
import { hashPassword } from '../../core/security/password.ts';
import { createUser } from '../../core/users/create-user.ts';
import { eventually, ocppClient } from '../support/ocpp-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/pg.ts';

// The HTTP side of issue 9 against the whole product (own runtime, so its log can be read): log and
// diagnostics uploads (size cap, names that try to leave DATA_DIR, one-time tokens), firmware URLs handed
// to chargers only from our store or the allow-list, CORS and cookie attributes, and no secret in the log.
// The role matrix, masking and audit completeness are test/api/{role-matrix,mask-personal-data,audit}.

const USER_PASSWORD = 'a very long user passphrase 42';
const CHARGER_PASSWORD = 'charger-secret-0123456789';
const MAX_UPLOAD = 4096;

describe('API hardening', () => {
  let rt: Runtime;
  let db: TestDatabase;
  let dataDir: string;
  const logLines: string[] = [];
  let token: string;
  let setCookies: string[];
  let charger: RPCClient;
  const firmwareSent: unknown[] = [];

  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${rt.httpUrl}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), authorization: `Bearer ${token}`, ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  const upload = (url: string, body: Uint8Array | FormData, headers: Record<string, string> = {}) => fetch(url, { method: 'PUT', body, headers });

  beforeAll(async () => {
    db = await createTestDatabase('cm_sec');
    dataDir = mkdtempSync(join(tmpdir(), 'chargemend-sec-'));
    const env = {
      DATA_DIR: dataDir,
      DATABASE_URL: db.url,
      OCPP_HOST: '127.0.0.1',
      OCPP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      UPLOAD_MAX_BYTES: String(MAX_UPLOAD),
      FIRMWARE_URL_ALLOWLIST: 'https://cdn.example.com',
      API_COOKIE_SECURE: 'true',
    };
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    rt = await startRuntime(loadConfig(env), loadApiConfig(env), pino({ level: 'debug' }, stream));

    await createUser(rt.db.prisma, { email: 'eng@example.com', name: 'Eng', role: 'support_engineer', password: USER_PASSWORD });
    const wrong = await fetch(`${rt.httpUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'eng@example.com', password: 'not the password at all' }) });
    expect(wrong.status).toBe(401);
    const login = await fetch(`${rt.httpUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'eng@example.com', password: USER_PASSWORD }) });
    expect(login.status).toBe(200);
    token = ((await login.json()) as { accessToken: string }).accessToken;
    setCookies = login.headers.getSetCookie();

    await rt.db.prisma.charger.create({ data: { id: 'SEC-1', passwordHash: await hashPassword(CHARGER_PASSWORD), registration: 'accepted' } });
    await expect(ocppClient(rt.ocppUrl, 'SEC-1', 'ocpp1.6', 'a-wrong-charger-password').connect()).rejects.toMatchObject({ code: 401 });
    // a bare charger: answers UpdateFirmware and never downloads anything
    charger = ocppClient(rt.ocppUrl, 'SEC-1', 'ocpp1.6', CHARGER_PASSWORD);
    charger.handle('UpdateFirmware', async ({ params }) => {
      firmwareSent.push(params);
      return {};
    });
    await charger.connect();
    await charger.call('BootNotification', { chargePointVendor: 'Acme', chargePointModel: 'AC22' });
  });
  afterAll(async () => {
    await charger?.close({ force: true });
    await rt?.stop();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('uploads from chargers', () => {
    const uploadsDir = () => join(dataDir, 'uploads');

    it.each([
      ['the URL', (url: string, body: Uint8Array) => upload(`${url}/..%2F..%2F..%2Fetc%2Fpasswd`, body)],
      ['Content-Disposition', (url: string, body: Uint8Array) => upload(url, body, { 'content-disposition': 'attachment; filename="../../../../tmp/evil.sh"' })],
      ['a multipart part', (url: string, body: Uint8Array) => {
        const form = new FormData();
        form.append('file', new Blob([body]), '../../../../../root/.ssh/authorized_keys');
        return upload(url, form);
      }],
    ])('keeps a file whose name in %s climbs out of DATA_DIR inside DATA_DIR/uploads, under a sanitised name', async (_where, send) => {
      const url = await rt.uploads.create({ chargerId: 'SEC-1' });
      const res = await send(url, new TextEncoder().encode('diagnostics\n'));
      expect(res.status).toBe(201);
      const { id } = (await res.json()) as { id: string };
      const slot = await rt.db.prisma.uploadSlot.findUniqueOrThrow({ where: { id } });
      expect(slot.fileName).not.toMatch(/[/\\]|^\./);
      const stored = rt.uploads.pathOf(id);
      expect(resolve(stored).startsWith(resolve(uploadsDir()) + '/')).toBe(true);
      expect(readFileSync(stored, 'utf8')).toBe('diagnostics\n');
      expect(existsSync('/tmp/evil.sh')).toBe(false);
    });

    it('refuses a file over UPLOAD_MAX_BYTES with 413 and keeps nothing of it; the address stays usable', async () => {
      const url = await rt.uploads.create({ chargerId: 'SEC-1' });
      const before = readdirSync(uploadsDir()).length;
      const res = await upload(url, new Uint8Array(MAX_UPLOAD + 1));
      expect(res.status).toBe(413);
      expect(((await res.json()) as { code: string }).code).toBe('UPLOAD_TOO_LARGE');
      expect(readdirSync(uploadsDir())).toHaveLength(before);
      expect((await upload(url, new Uint8Array(MAX_UPLOAD))).status).toBe(201);
    });

    it('takes one file per address: a second upload 409, an unknown token 404, an expired one 410', async () => {
      const url = await rt.uploads.create({ chargerId: 'SEC-1' });
      expect((await upload(url, new Uint8Array(10))).status).toBe(201);
      expect((await upload(url, new Uint8Array(10))).status).toBe(409);
      expect((await upload(`${rt.httpUrl}/uploads/${'A'.repeat(32)}`, new Uint8Array(10))).status).toBe(404);
      const late = await rt.uploads.create({ chargerId: 'SEC-1' });
      await rt.db.prisma.uploadSlot.updateMany({ where: { receivedAt: null, chargerId: 'SEC-1' }, data: { expiresAt: new Date(Date.now() - 1000) } });
      expect((await upload(late, new Uint8Array(10))).status).toBe(410);
    });
  });

  describe('firmware URLs handed to chargers', () => {
    it.each([
      'https://cdn.example.com.evil.org/fw.bin',
      'https://cdn.example.com@evil.org/fw.bin',
      'https://evil.org/https://cdn.example.com/fw.bin',
      'http://127.0.0.1:1/firmware/fw.bin',
    ])('refuses %s (neither our store nor the allow-list) and sends nothing', async (url) => {
      const res = await api('POST', '/api/chargers/SEC-1/commands', { command: { kind: 'updateFirmware', url } });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 422, code: 'COMMAND_URL_NOT_ALLOWED' });
      expect(firmwareSent).toEqual([]);
    });

    it('sends an allow-listed URL and one of our own store', async () => {
      const allowed = await api('POST', '/api/chargers/SEC-1/commands', { command: { kind: 'updateFirmware', url: 'https://cdn.example.com/fw/2.0.bin' } });
      expect(allowed.status).toBeLessThan(300);
      const image = await rt.firmware.add({ version: '9.9.9', fileName: 'fw-9.9.9.bin', bytes: Buffer.from('firmware image') });
      const own = await api('POST', '/api/chargers/SEC-1/commands', { command: { kind: 'updateFirmware', url: image.url } });
      expect(own.status).toBeLessThan(300);
      await eventually(() => firmwareSent.length === 2, 5_000, 'both UpdateFirmware calls');
      expect(firmwareSent).toEqual([expect.objectContaining({ location: 'https://cdn.example.com/fw/2.0.bin' }), expect.objectContaining({ location: image.url })]);
    });
  });

  describe('browsers', () => {
    it('sends no CORS headers: a page of another origin cannot read the API', async () => {
      const pre = await fetch(`${rt.httpUrl}/api/chargers`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
      expect(pre.headers.get('access-control-allow-origin')).toBeNull();
      const get = await api('GET', '/api/chargers', undefined, { origin: 'https://evil.example' });
      expect(get.headers.get('access-control-allow-origin')).toBeNull();
      expect(get.headers.get('access-control-allow-credentials')).toBeNull();
    });

    it('sets the session cookies HttpOnly, SameSite=Strict, Secure, scoped to /api and /api/auth', () => {
      const byName = Object.fromEntries(setCookies.map((c) => [c.split('=')[0], c]));
      expect(byName.cm_access).toMatch(/; Path=\/api;/);
      expect(byName.cm_refresh).toMatch(/; Path=\/api\/auth;/);
      for (const c of [byName.cm_access!, byName.cm_refresh!]) {
        expect(c).toContain('HttpOnly');
        expect(c).toContain('SameSite=Strict');
        expect(c).toContain('Secure');
      }
    });

    it('does not take the session cookie for a change (CSRF): mutations need the bearer header', async () => {
      const cookie = setCookies.map((c) => c.split(';')[0]).join('; ');
      const res = await fetch(`${rt.httpUrl}/api/chargers/SEC-1/commands`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ command: { kind: 'clearCache' } }) });
      expect(res.status).toBe(401);
    });
  });

  it('never writes a password, token or upload address to the log', async () => {
    const url = await rt.uploads.create({ chargerId: 'SEC-1' });
    await upload(url, new Uint8Array(5));
    await rt.settled();
    const log = logLines.join('');
    expect(log.length).toBeGreaterThan(1_000);
    const uploadToken = url.split('/').pop()!;
    const refresh = setCookies.find((c) => c.startsWith('cm_refresh='))!.split(';')[0]!.split('=')[1]!;
    for (const secret of [USER_PASSWORD, 'not the password at all', CHARGER_PASSWORD, 'a-wrong-charger-password', token, decodeURIComponent(refresh)]) {
      const at = log.indexOf(secret);
      expect(at, `secret ${secret.slice(0, 6)}… in the log: ${log.slice(Math.max(0, at - 300), at + 100)}`).toBe(-1);
    }
    // A one-time upload address is a secret too, at every level: the debug request log shows it as [token].
    expect(log).not.toContain(uploadToken);
    expect(log).toContain('/uploads/[token]');
    // nor their Basic-auth encodings
    expect(log).not.toContain(Buffer.from(`SEC-1:${CHARGER_PASSWORD}`).toString('base64'));
  });
});
