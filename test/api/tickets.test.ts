import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FirmwareStore } from '../../core/files/firmware-store.ts';
import { UploadSlots } from '../../core/files/upload-slots.ts';
import { bearer, startApi, type ApiHarness } from './support/api-harness.ts';

// The read side of tickets and faults over real PostgreSQL: filters, keyset pages, the whole picture of one
// ticket (diagnosis with every check, timeline, faults, commands, files), log downloads and the open-tickets
// gauge. Rows are written as core writes them.

const T0 = new Date('2026-11-20T08:00:00Z');
const at = (min: number) => new Date(T0.getTime() + min * 60_000);

describe('tickets, faults and diagnostics files', () => {
  let h: ApiHarness;
  let dir: string;
  let token: string;
  let ticketId: string;
  let ticketNumber: number;
  let uploadId: string;
  const get = (url: string, t = token) => h.app.inject({ method: 'GET', url, headers: bearer(t) });
  const ids = async (url: string) => ((await get(url)).json().items as Array<{ title: string }>).map((t) => t.title);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cm-tickets-'));
    h = await startApi({}, ({ db }) => ({
      files: {
        firmware: new FirmwareStore(db.prisma, { dir: join(dir, 'firmware'), baseUrl: () => 'http://cms.test' }),
        uploads: new UploadSlots(db.prisma, { dir, urlFor: (t) => `http://cms.test/uploads/${t}`, maxBytes: 1024 * 1024, ttlS: 3600 }),
      },
    }));
    token = await h.tokenFor('support_engineer');
    const p = h.db.prisma;
    await p.charger.createMany({ data: [{ id: 'CP-1', model: 'AC22' }, { id: 'CP-2', model: 'AC22' }] });
    const mk = (i: number, o: Partial<Parameters<typeof p.ticket.create>[0]['data']>) =>
      p.ticket.create({ data: { status: 'open', title: `t${i}`, createdAt: at(i), lastOccurredAt: i % 3 === 0 ? null : at(100 - i), ...o } });
    for (let i = 1; i <= 9; i++) {
      await mk(i, {
        chargerId: i <= 6 ? 'CP-1' : 'CP-2',
        status: i <= 4 ? 'open' : i <= 6 ? 'remote_action' : 'closed',
        severity: i === 1 ? 'safety_critical' : i <= 5 ? 'high' : 'low',
        faultClass: i % 2 === 0 ? 'ocpp16:GroundFailure' : 'ocpp16:HighTemperature',
        type: i === 9 ? 'complaint' : 'repair',
      });
    }

    const t = await p.ticket.create({
      data: {
        status: 'open',
        title: 'Ground fault on CP-2 EVSE 1',
        chargerId: 'CP-2',
        evseId: 1,
        connectorId: 1,
        faultClass: 'ocpp16:GroundFailure',
        severity: 'safety_critical',
        occurrences: 2,
        createdAt: at(500),
        diagnosis: {
          entryKey: 'ocpp16:GroundFailure',
          catalogueVersion: '2026.11',
          title: 'Ground fault',
          description: 'Residual current detected',
          severity: 'safety-critical',
          likelyCauses: ['RCD', 'cable'],
          recommendedAction: 'Dispatch an electrician',
          parts: ['RCD type B'],
          selfHealing: { allowed: false, steps: [] },
          outOfService: true,
          generic: false,
          checks: [
            { name: 'telemetry', status: 'warning', summary: 'Voltage 190–231 outside plausible bounds', data: [{ measurand: 'Voltage', min: 190 }], ranAt: at(501).toISOString() },
            { name: 'connectionHistory', status: 'ok', summary: '1 connection(s) and 0 drop(s) in 24 h; online now', data: { drops: 0 }, ranAt: at(501).toISOString() },
          ],
          summary: 'Voltage 190–231 outside plausible bounds',
          completedAt: at(501).toISOString(),
        },
        events: {
          create: [
            { actor: 'system', type: 'created', at: at(500), detail: { faultClass: 'ocpp16:GroundFailure' } },
            { actor: 'system', type: 'occurrence', at: at(502), detail: { name: 'Jane van Doe', phone: '+44 7700 900123' } },
          ],
        },
      },
    });
    ticketId = t.id;
    ticketNumber = t.number;
    await p.fault.createMany({
      data: [
        { chargerId: 'CP-2', evseId: 1, connectorId: 1, source: 'status', code: 'GroundFailure', faultClass: 'ocpp16:GroundFailure', severity: 'safety_critical', reportedAt: at(500), ticketId },
        { chargerId: 'CP-2', evseId: 1, connectorId: 1, source: 'status', code: 'GroundFailure', faultClass: 'ocpp16:GroundFailure', severity: 'safety_critical', reportedAt: at(502), clearedAt: at(503), ticketId },
        ...Array.from({ length: 5 }, (_, i) => ({ chargerId: 'CP-1', evseId: 1, connectorId: 1, source: 'status', code: 'HighTemperature', faultClass: 'ocpp16:HighTemperature', severity: 'high' as const, reportedAt: at(10 + i) })),
      ],
    });
    const cmd = await p.command.create({ data: { chargerId: 'CP-2', kind: 'retrieveLogs', status: 'succeeded', requestedBy: 'rule:diagnosis', ticketId, progress: 'Uploaded' } });
    const slot = await p.uploadSlot.create({
      data: { tokenHash: 'x', chargerId: 'CP-2', commandId: cmd.id, maxBytes: 1024, expiresAt: at(600), receivedAt: at(505), fileName: 'diag.log', sizeBytes: 11, sha256: 'abc' },
    });
    uploadId = slot.id;
    writeFileSync(join(dir, slot.id), 'log line 1\n');
    await p.uploadSlot.create({ data: { tokenHash: 'y', chargerId: 'CP-2', ticketId, maxBytes: 1024, expiresAt: at(600) } }); // never received
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('filters tickets by status and severity lists, type, charger, fault class and creation time', async () => {
    expect(await ids('/api/tickets?status=open,remote_action&sort=createdAt')).toEqual(['t1', 't2', 't3', 't4', 't5', 't6', 'Ground fault on CP-2 EVSE 1']);
    expect(await ids('/api/tickets?severity=safety-critical&sort=createdAt')).toEqual(['t1', 'Ground fault on CP-2 EVSE 1']);
    expect(await ids('/api/tickets?type=complaint')).toEqual(['t9']);
    expect(await ids('/api/tickets?chargerId=CP-2&faultClass=ocpp16:GroundFailure&sort=createdAt')).toEqual(['t8', 'Ground fault on CP-2 EVSE 1']);
    expect(await ids(`/api/tickets?from=${at(3).toISOString()}&to=${at(5).toISOString()}&sort=createdAt`)).toEqual(['t3', 't4']);
    const res = await get('/api/tickets?status=open,nonsense');
    expect(res.json()).toMatchObject({ code: 'API_VALIDATION_FAILED', errors: [{ path: expect.stringMatching(/^query\.status/) }] });
    const first = (await get('/api/tickets?severity=safety-critical')).json().items[0];
    expect(first).toMatchObject({ reference: `T-${ticketNumber}`, severity: 'safety-critical', status: 'open', chargerId: 'CP-2', occurrences: 2 });
    expect(first).not.toHaveProperty('openKey');
  });

  it('pages through a nullable sort with a cursor: nulls last, no duplicates, no gaps', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ title: string }>; nextCursor: string | null } = (await get(`/api/tickets?limit=3&sort=-lastOccurredAt${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...page.items.map((t) => t.title));
      cursor = page.nextCursor;
    } while (cursor);
    // lastOccurredAt = 100 - i minutes, null for every third; the big ticket has none either (nulls by id)
    expect(seen.slice(0, 6)).toEqual(['t1', 't2', 't4', 't5', 't7', 't8']);
    expect(seen.slice(6).sort()).toEqual(['Ground fault on CP-2 EVSE 1', 't3', 't6', 't9']);
    expect((await get(`/api/tickets?sort=number&cursor=${(await get('/api/tickets?limit=1')).json().nextCursor}`)).json().code).toBe('API_INVALID_CURSOR');
  });

  it('shows one ticket whole: diagnosis with every check, timeline, faults, commands and received files', async () => {
    for (const ref of [ticketId, `T-${ticketNumber}`, `t-${ticketNumber}`]) {
      const res = await get(`/api/tickets/${ref}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().id).toBe(ticketId);
    }
    const t = (await get(`/api/tickets/${ticketId}`)).json();
    expect(t.diagnosis).toMatchObject({ entryKey: 'ocpp16:GroundFailure', severity: 'safety-critical', summary: 'Voltage 190–231 outside plausible bounds', outOfService: true });
    expect(t.diagnosis.checks).toEqual([
      { name: 'telemetry', status: 'warning', summary: 'Voltage 190–231 outside plausible bounds', data: [{ measurand: 'Voltage', min: 190 }], ranAt: at(501).toISOString() },
      { name: 'connectionHistory', status: 'ok', summary: expect.any(String), data: { drops: 0 }, ranAt: at(501).toISOString() },
    ]);
    expect(t.timeline.map((e: { type: string }) => e.type)).toEqual(['created', 'occurrence']);
    expect(t.faults.map((f: { clearedAt: string | null }) => f.clearedAt)).toEqual([at(503).toISOString(), null]);
    expect(t.faults[0]).toMatchObject({ severity: 'safety-critical', code: 'GroundFailure', ticketId });
    expect(t.commands).toEqual([expect.objectContaining({ kind: 'retrieveLogs', status: 'succeeded', progress: 'Uploaded' })]);
    // the slot names the command, not the ticket; the unreceived slot is not a file
    expect(t.files).toEqual([{ id: uploadId, fileName: 'diag.log', sizeBytes: 11, sha256: 'abc', commandId: t.commands[0].id, receivedAt: at(505).toISOString(), url: `/api/diagnostics/${uploadId}` }]);
  });

  it('masks personal data in the timeline for roles without the permission', async () => {
    const viewer = await h.tokenFor('viewer');
    const detail = (await get(`/api/tickets/${ticketId}`, viewer)).json().timeline[1].detail;
    expect(detail).toEqual({ name: 'J*** v*** D***', phone: '***123' });
    expect((await get(`/api/tickets/${ticketId}`)).json().timeline[1].detail.name).toBe('Jane van Doe');
  });

  it('answers TICKET_NOT_FOUND for an unknown id or reference', async () => {
    for (const ref of ['00000000-0000-4000-8000-000000000000', 'T-999999', 'nonsense']) {
      const res = await get(`/api/tickets/${ref}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('TICKET_NOT_FOUND');
    }
  });

  it('lists faults with filters and keyset pages in both directions', async () => {
    const codes = async (q: string) => ((await get(`/api/faults?${q}`)).json().items as Array<{ code: string; reportedAt: string }>).map((f) => `${f.code}@${f.reportedAt.slice(11, 16)}`);
    expect(await codes('chargerId=CP-2&open=true')).toEqual(['GroundFailure@16:20']);
    expect(await codes('severity=safety-critical&open=false')).toEqual(['GroundFailure@16:22']);
    expect(await codes(`ticketId=${ticketId}&sort=reportedAt`)).toEqual(['GroundFailure@16:20', 'GroundFailure@16:22']);
    expect(await codes(`faultClass=ocpp16:HighTemperature&from=${at(11).toISOString()}&to=${at(13).toISOString()}`)).toEqual(['HighTemperature@08:12', 'HighTemperature@08:11']);
    for (const sort of ['reportedAt', '-reportedAt']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Array<{ id: string }>; nextCursor: string | null } = (await get(`/api/faults?limit=2&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`)).json();
        seen.push(...page.items.map((f) => f.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(7);
      expect(new Set(seen).size).toBe(7);
    }
  });

  it('downloads a received log file for tickets:read or commands:read, never inline', async () => {
    const res = await get(`/api/diagnostics/${uploadId}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('log line 1\n');
    expect(res.headers).toMatchObject({ 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="diag.log"', 'x-checksum-sha256': 'abc' });

    const admin = await h.tokenFor('admin');
    const scoped = async (permissions: string[]) =>
      (await h.app.inject({ method: 'POST', url: '/api/auth/tokens', headers: bearer(admin), payload: { name: permissions.join('+'), scope: { kind: 'permissions', permissions } } })).json().token as string;
    expect((await get(`/api/diagnostics/${uploadId}`, await scoped(['commands:read']))).statusCode).toBe(200);
    expect((await get(`/api/diagnostics/${uploadId}`, await scoped(['tickets:read']))).statusCode).toBe(200);
    const denied = await get(`/api/diagnostics/${uploadId}`, await scoped(['chargers:read']));
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('AUTH_FORBIDDEN');

    const unreceived = await h.db.prisma.uploadSlot.findFirstOrThrow({ where: { receivedAt: null } });
    expect((await get(`/api/diagnostics/${unreceived.id}`)).json().code).toBe('DIAGNOSTICS_NOT_FOUND');
  });

  it('counts open tickets by severity in /metrics', async () => {
    const text = (await h.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toContain('chargemend_open_tickets{severity="safety-critical"} 2');
    expect(text).toContain('chargemend_open_tickets{severity="high"} 4');
    expect(text).toContain('chargemend_open_tickets{severity="low"} 1');
    expect(text).toContain('chargemend_open_tickets{severity="transient"} 0');
  });
});
