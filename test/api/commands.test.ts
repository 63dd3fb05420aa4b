import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../core/users/create-user.ts';
import { PERMISSIONS, ROLES, type Permission, type Role } from '../../core/users/permissions.ts';
import type { VirtualCharger } from '../../simulator/virtual-charger.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { bootedCharger } from '../support/sim.ts';

// Remote commands over HTTP against the whole product (gateway, API, simulated chargers): answers, audit
// entries, waiting for the final status, queueing for an offline charger, history and a command's life,
// firmware uploads, and the command/OCPP metrics.

const PASSWORD = 'correct horse battery staple';

describe('remote commands over the HTTP API', () => {
  let rt: TestRuntime;
  let n = 0;
  const chargers: VirtualCharger[] = [];
  let engineer: string;

  const login = async (role: Role) => {
    const email = `${role}-${++n}@example.com`;
    await createUser(rt.db.prisma, { email, name: `Test ${role}`, role, password: PASSWORD });
    const res = await fetch(`${rt.httpUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
    return ((await res.json()) as { accessToken: string }).accessToken;
  };
  const call = async (method: string, path: string, body?: unknown, token = engineer, headers: Record<string, string> = {}) => {
    const res = await fetch(rt.httpUrl + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
  const charger = async (version: '1.6' | '2.0.1' | '2.1' = '2.0.1', overrides = {}) => {
    const c = (await bootedCharger(rt, version, overrides)).charger;
    chargers.push(c);
    return c;
  };
  const upload = (body: Uint8Array | FormData, query = '', token = engineer) =>
    fetch(`${rt.httpUrl}/api/firmware${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, ...(body instanceof FormData ? {} : { 'content-type': 'application/octet-stream' }) },
      body,
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as { id: string; url: string; code?: string } }));

  beforeAll(async () => {
    rt = await startTestRuntime({ OCPP_UNKNOWN_CHARGERS: 'auto-register', OCPP_COMMAND_TIMEOUT_MS: '3000' });
    engineer = await login('support_engineer');
  });
  afterEach(async () => {
    await Promise.all(chargers.splice(0).map((c) => c.stop()));
  });
  afterAll(() => rt?.close());

  it('sends a command: 202 with the record, and one audit entry for the request and one for the command', async () => {
    const c = await charger();
    const res = await call('POST', `/api/chargers/${c.id}/commands`, { command: { kind: 'getConfiguration', keys: ['HeartbeatInterval'] } }, engineer, { 'x-request-id': 'req-cmd-1' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ chargerId: c.id, kind: 'getConfiguration', status: 'succeeded', command: { kind: 'getConfiguration', keys: ['HeartbeatInterval'] }, result: { values: [expect.objectContaining({ value: expect.any(String) })] } });
    expect(res.body).not.toHaveProperty('params');
    const me = (await call('GET', '/api/auth/me')).body;
    const entries = await rt.db.prisma.auditEntry.findMany({ where: { requestId: 'req-cmd-1' }, orderBy: { id: 'asc' } });
    expect(entries).toEqual([
      expect.objectContaining({ actor: `user:${me.id}`, actorRole: 'support_engineer', action: 'command.getConfiguration', target: `charger:${c.id}`, outcome: 'success', detail: { commandId: res.body.id, status: 'succeeded' } }),
      expect.objectContaining({ actor: `user:${me.id}`, action: 'commands.send', target: `charger:${c.id}`, method: 'POST', statusCode: 202, outcome: 'success' }),
    ]);
  });

  it('uploads firmware (raw and multipart, hashed, never empty) and, with ?wait=true, answers 200 once it is Installed', async () => {
    const bytes = Buffer.concat([Buffer.from('CHARGEMEND-FIRMWARE 3.1.0\n'), Buffer.alloc(32 * 1024, 1)]);
    const raw = await upload(bytes, '?version=3.1.0&fileName=sim-3.1.0.bin');
    expect(raw.status).toBe(201);
    expect(raw.body).toMatchObject({ version: '3.1.0', fileName: 'sim-3.1.0.bin', sizeBytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), model: null });
    expect(raw.body.url).toBe(`${rt.firmware.urlPrefix()}${raw.body.id}/sim-3.1.0.bin`);
    expect(await upload(bytes, '?version=3.1.0')).toMatchObject({ status: 200, body: { id: raw.body.id } });

    const form = new FormData();
    form.set('version', '3.2.0');
    form.set('model', 'SimCharger');
    form.set('file', new Blob([Buffer.from('CHARGEMEND-FIRMWARE 3.2.0\n')]), 'sim-3.2.0.bin');
    expect(await upload(form)).toMatchObject({ status: 201, body: { version: '3.2.0', model: 'SimCharger', fileName: 'sim-3.2.0.bin' } });
    expect(await upload(new Uint8Array(0), '?version=1')).toMatchObject({ status: 400, body: { code: 'FIRMWARE_INVALID_UPLOAD', detail: 'the image is empty' } });
    expect(await upload(bytes)).toMatchObject({ status: 400, body: { code: 'API_VALIDATION_FAILED', errors: [{ path: 'query.version' }] } });
    expect(await upload(bytes, '?version=3.1.0', await login('repair_engineer'))).toMatchObject({ status: 403, body: { code: 'AUTH_FORBIDDEN' } });
    expect((await call('POST', '/api/firmware', { version: '1' })).body.code).toBe('API_UNSUPPORTED_MEDIA_TYPE');
    expect((await call('GET', '/api/firmware')).body.items.map((i: { version: string }) => i.version).sort()).toEqual(['3.1.0', '3.2.0']);

    const c = await charger();
    const res = await call('POST', `/api/chargers/${c.id}/commands?wait=true&waitS=20`, { command: { kind: 'updateFirmware', url: raw.body.url, version: '3.1.0' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'succeeded', progress: 'Installed', completedAt: expect.any(String) });
    const life = (await call('GET', `/api/commands/${res.body.id}`)).body;
    // the charger's first progress report may overtake the recording of its CALLRESULT (accepted); a loaded
    // machine may lose a report sent just before the reboot (test/e2e/commands.test.ts pins the full sequence)
    const statuses = life.events.map((e: { status: string }) => e.status);
    expect([statuses[0], statuses.at(-1), statuses.includes('accepted'), statuses.includes('in_progress')]).toEqual(['sent', 'succeeded', true, true]);
    const progress = life.events.map((e: { detail: { progress?: string } | null }) => e.detail?.progress).filter(Boolean);
    expect([progress[0], progress.at(-1)]).toEqual(['Downloading', 'Installed']);
  });

  it('refuses an announced oversize firmware image before reading it', async () => {
    const status = await new Promise<{ status: number; code: string }>((resolve, reject) => {
      const u = new URL(`${rt.httpUrl}/api/firmware?version=9`);
      const req = request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method: 'POST', headers: { authorization: `Bearer ${engineer}`, 'content-type': 'application/octet-stream', 'content-length': String(300 * 1024 * 1024) } }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => {
          req.destroy(); // the body it announced never comes
          resolve({ status: res.statusCode ?? 0, code: (JSON.parse(text) as { code: string }).code });
        });
      });
      req.on('error', reject);
      req.write(Buffer.alloc(1024));
    });
    expect(status).toEqual({ status: 413, code: 'FIRMWARE_TOO_LARGE' });
  });

  it('answers problems: unknown charger, offline (audited as a failure), URL not allowed, unknown ticket, bad command, wrong role', async () => {
    await rt.addCharger('CMD-OFFLINE-1');
    const c = await charger();
    const unknown = await call('POST', '/api/chargers/NOPE/commands', { command: { kind: 'clearCache' } });
    expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 404, code: 'CHARGER_NOT_FOUND' });
    const offline = await call('POST', '/api/chargers/CMD-OFFLINE-1/commands', { command: { kind: 'clearCache' } }, engineer, { 'x-request-id': 'req-offline-1' });
    expect({ status: offline.status, code: offline.body.code }).toEqual({ status: 409, code: 'COMMAND_CHARGER_OFFLINE' });
    expect(await rt.db.prisma.auditEntry.findMany({ where: { requestId: 'req-offline-1' }, orderBy: { id: 'asc' } })).toEqual([
      expect.objectContaining({ action: 'command.clearCache', target: 'charger:CMD-OFFLINE-1', outcome: 'failure', detail: expect.objectContaining({ code: 'COMMAND_CHARGER_OFFLINE' }) }),
      expect.objectContaining({ action: 'commands.send', statusCode: 409, outcome: 'failure', detail: { code: 'COMMAND_CHARGER_OFFLINE' } }),
    ]);
    const url = await call('POST', `/api/chargers/${c.id}/commands`, { command: { kind: 'updateFirmware', url: 'http://127.0.0.1:1/evil.bin' } });
    expect({ status: url.status, code: url.body.code }).toEqual({ status: 422, code: 'COMMAND_URL_NOT_ALLOWED' });
    const ticket = await call('POST', `/api/chargers/${c.id}/commands`, { command: { kind: 'clearCache' }, ticketId: '00000000-0000-4000-8000-000000000000' });
    expect({ status: ticket.status, code: ticket.body.code }).toEqual({ status: 404, code: 'TICKET_NOT_FOUND' });
    const bad = await call('POST', `/api/chargers/${c.id}/commands`, { command: { kind: 'reset', type: 'gentle' } });
    expect({ status: bad.status, code: bad.body.code, path: bad.body.errors[0].path }).toEqual({ status: 400, code: 'API_VALIDATION_FAILED', path: 'body.command.type' });
    const viewer = await call('POST', `/api/chargers/${c.id}/commands`, { command: { kind: 'clearCache' } }, await login('viewer'));
    expect(viewer.status).toBe(403);
    expect(await rt.db.prisma.command.count({ where: { chargerId: c.id } })).toBe(0);
  });

  it('queues a command for an offline charger and delivers it when the charger boots', async () => {
    const id = `CMD-LATE-${process.pid}`;
    await rt.addCharger(id);
    const queued = await call('POST', `/api/chargers/${id}/commands`, { command: { kind: 'clearCache' }, whenOffline: 'queue', expiresInS: 600 });
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ status: 'queued', sentAt: null, expiresAt: expect.any(String) });
    const done = new Promise<void>((resolve) => {
      const off = rt.bus.on('command.updated', (e) => {
        if (e.commandId === queued.body.id && e.status === 'succeeded') {
          off();
          resolve();
        }
      });
    });
    await charger('1.6', { id });
    await done;
    expect((await call('GET', `/api/commands/${queued.body.id}`)).body.events.map((e: { status: string }) => e.status)).toEqual(['queued', 'sent', 'succeeded']);
  });

  it("pages a charger's history newest first, with status and kind filters", async () => {
    const c = await charger('2.1');
    const sent: string[] = [];
    for (const command of [{ kind: 'clearCache' }, { kind: 'triggerMessage', message: 'Heartbeat' }, { kind: 'clearCache' }, { kind: 'dataTransfer', vendorId: 'com.unknown' }]) {
      sent.push((await call('POST', `/api/chargers/${c.id}/commands`, { command })).body.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ id: string }>; nextCursor: string | null } = (await call('GET', `/api/chargers/${c.id}/commands?limit=3${cursor ? `&cursor=${cursor}` : ''}`)).body;
      seen.push(...page.items.map((x) => x.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...sent].reverse());
    expect((await call('GET', `/api/chargers/${c.id}/commands?kind=clearCache`)).body.items).toHaveLength(2);
    expect((await call('GET', `/api/chargers/${c.id}/commands?status=rejected`)).body.items).toEqual([expect.objectContaining({ id: sent[3], kind: 'dataTransfer' })]);
    expect((await call('GET', '/api/chargers/NOPE/commands')).body.code).toBe('CHARGER_NOT_FOUND');
    expect((await call('GET', '/api/commands/00000000-0000-4000-8000-000000000000')).body.code).toBe('COMMAND_NOT_FOUND');
  });

  it('lets each role send, upload and roll out only what its permissions allow (the routes that need a command service)', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const routes: Array<[string, string, Permission | 'tickets:read|commands:read']> = [
      ['POST', '/api/chargers/NOPE/commands', 'commands:send'],
      ['POST', '/api/commands/bulk', 'commands:bulk'],
      ['POST', '/api/firmware', 'firmware:write'],
      ['POST', '/api/firmware/campaigns', 'firmware:rollout'],
      ['POST', `/api/firmware/campaigns/${id}/pause`, 'firmware:rollout'],
      ['POST', `/api/firmware/campaigns/${id}/resume`, 'firmware:rollout'],
      ['POST', `/api/firmware/campaigns/${id}/cancel`, 'firmware:rollout'],
      ['GET', `/api/diagnostics/${id}`, 'tickets:read|commands:read'],
    ];
    const verdicts: string[] = [];
    const expected: string[] = [];
    for (const role of ROLES) {
      const token = await login(role);
      for (const [method, path, permission] of routes) {
        const may = permission.split('|').some((p) => (PERMISSIONS[p as Permission] as readonly Role[]).includes(role));
        expected.push(`${role} ${method} ${path} ${may ? 'allowed' : '403'}`);
        const res = await call(method, path, method === 'POST' ? {} : undefined, token);
        verdicts.push(`${role} ${method} ${path} ${res.status === 403 ? '403' : res.status === 401 ? '401' : 'allowed'}`);
      }
    }
    expect(verdicts).toEqual(expected);
  });

  it('documents the command, bulk, firmware and campaign routes in the OpenAPI document, with examples', async () => {
    const doc = (await (await fetch(`${rt.httpUrl}/docs/json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    for (const [path, method] of [['/api/chargers/{id}/commands', 'post'], ['/api/commands/bulk', 'post'], ['/api/firmware', 'post'], ['/api/firmware/campaigns', 'post'], ['/api/firmware/campaigns/{id}/pause', 'post'], ['/api/diagnostics/{uploadId}', 'get'], ['/api/tickets/{id}', 'get']] as const) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    expect(JSON.stringify(doc.paths['/api/commands/bulk'])).toContain('"example":{"model":"AC22-T2","online":true}');
  });

  it('counts command outcomes by kind and status, and OCPP messages by action, in /metrics', async () => {
    const c = await charger();
    await call('POST', `/api/chargers/${c.id}/commands`, { command: { kind: 'dataTransfer', vendorId: 'com.unknown' } });
    await call('POST', `/api/chargers/${c.id}/commands`, { command: { kind: 'clearCache' } });
    const text = await (await fetch(`${rt.httpUrl}/metrics`)).text();
    expect(text).toMatch(/chargemend_command_outcomes_total\{kind="dataTransfer",status="rejected"\} [1-9]/);
    expect(text).toMatch(/chargemend_command_outcomes_total\{kind="clearCache",status="succeeded"\} [1-9]/);
    expect(text).toMatch(/chargemend_ocpp_messages_total\{action="BootNotification"\} [1-9]/);
  });
});
