import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startApi, type ApiHarness } from './support/api-harness.ts';

// Charger list filters, keyset pagination that stays right while rows are inserted, detail, telemetry
// and the fleet summary, against real PostgreSQL and the embedded telemetry store.

describe('chargers, telemetry and fleet endpoints', () => {
  let h: ApiHarness;
  let token: string;
  const get = (url: string, t = token) => h.app.inject({ method: 'GET', url, headers: bearer(t) });
  const T0 = new Date('2026-11-26T09:00:00Z');

  beforeAll(async () => {
    h = await startApi();
    token = await h.tokenFor('support_engineer');
    const p = h.db.prisma;
    for (let i = 1; i <= 12; i++) {
      const id = `CP-${String(i).padStart(3, '0')}`;
      await p.charger.create({
        data: { id, vendor: 'Acme', model: i % 3 === 0 ? 'DC50' : 'AC22', online: i % 2 === 0, lastSeenAt: i <= 10 ? new Date(T0.getTime() + i * 60_000) : null, ocppVersion: 'v2_0_1' },
      });
      await p.connector.create({ data: { chargerId: id, evseId: 1, connectorId: 1, status: i === 4 ? 'Faulted' : i === 5 ? 'Charging' : 'Available', errorCode: i === 4 ? 'GroundFailure' : null, statusAt: T0 } });
    }
    await p.connector.create({ data: { chargerId: 'CP-005', evseId: 2, connectorId: 1, status: 'Available', errorCode: 'OverVoltage', statusAt: T0 } });
    await p.chargerConnection.create({ data: { chargerId: 'CP-004', nodeId: 'n1', protocol: 'ocpp2.0.1', remoteAddress: '192.0.2.4', connectedAt: T0 } });
  });
  afterAll(async () => h?.close());

  it('filters by online, model, status, faulted and a search term', async () => {
    const ids = async (q: string) => ((await get(`/api/chargers?${q}`)).json().items as Array<{ id: string }>).map((c) => c.id);
    expect(await ids('online=true&model=DC50')).toEqual(['CP-006', 'CP-012']);
    expect(await ids('status=Faulted')).toEqual(['CP-004']);
    expect(await ids('faulted=true')).toEqual(['CP-004', 'CP-005']);
    expect((await ids('faulted=false')).length).toBe(10);
    expect(await ids('q=cp-01')).toEqual(['CP-010', 'CP-011', 'CP-012']);
    const list = (await get('/api/chargers?status=Charging')).json();
    expect(list.items[0]).toMatchObject({ id: 'CP-005', status: 'Charging', faulted: true, ocppVersion: '2.0.1', online: false, model: 'AC22' });
  });

  it('pages with a cursor that stays stable while chargers are inserted before and after it', async () => {
    const first = (await get('/api/chargers?limit=5')).json();
    expect(first.items.map((c: { id: string }) => c.id)).toEqual(['CP-001', 'CP-002', 'CP-003', 'CP-004', 'CP-005']);
    await h.db.prisma.charger.createMany({ data: [{ id: 'CP-000' }, { id: 'CP-0055' }, { id: 'CP-999' }] });
    const seen = [...first.items.map((c: { id: string }) => c.id)];
    let cursor: string | null = first.nextCursor;
    while (cursor) {
      const page = (await get(`/api/chargers?limit=5&cursor=${cursor}`)).json();
      seen.push(...page.items.map((c: { id: string }) => c.id));
      cursor = page.nextCursor;
    }
    // no duplicates, nothing skipped after the cursor; CP-000 was inserted behind it
    expect(seen).toEqual(['CP-001', 'CP-002', 'CP-003', 'CP-004', 'CP-005', 'CP-0055', 'CP-006', 'CP-007', 'CP-008', 'CP-009', 'CP-010', 'CP-011', 'CP-012', 'CP-999']);
    await h.db.prisma.charger.deleteMany({ where: { id: { in: ['CP-000', 'CP-0055', 'CP-999'] } } });
  });

  // ties (here: the chargers never seen) go by id in the same direction as the sort
  it('sorts by a nullable column descending, nulls last, across pages', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ id: string }>; nextCursor: string | null } = (await get(`/api/chargers?limit=4&sort=-lastSeenAt${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...page.items.map((c: { id: string }) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['CP-010', 'CP-009', 'CP-008', 'CP-007', 'CP-006', 'CP-005', 'CP-004', 'CP-003', 'CP-002', 'CP-001', 'CP-012', 'CP-011']);
  });

  it('refuses a cursor from another sort or a forged one', async () => {
    const c = (await get('/api/chargers?limit=2')).json().nextCursor;
    const other = await get(`/api/chargers?limit=2&sort=-lastSeenAt&cursor=${c}`);
    expect(other.statusCode).toBe(400);
    expect(other.json().code).toBe('API_INVALID_CURSOR');
    expect((await get('/api/chargers?cursor=%%%')).json().code).toBe('API_INVALID_CURSOR');
    expect((await get('/api/chargers?sort=passwordHash')).json()).toMatchObject({ code: 'API_VALIDATION_FAILED', errors: [{ path: 'query.sort' }] });
  });

  it('shows one charger with its EVSEs and connections, and never its password hash', async () => {
    const res = await get('/api/chargers/CP-005');
    expect(res.statusCode).toBe(200);
    const c = res.json();
    expect(c.evses).toEqual([
      { evseId: 1, connectors: [expect.objectContaining({ connectorId: 1, status: 'Charging', errorCode: null })] },
      { evseId: 2, connectors: [expect.objectContaining({ connectorId: 1, status: 'Available', errorCode: 'OverVoltage' })] },
    ]);
    expect(JSON.stringify(c)).not.toMatch(/password/i);
    const four = (await get('/api/chargers/CP-004')).json();
    expect(four.connections).toEqual([expect.objectContaining({ protocol: 'ocpp2.0.1', remoteAddress: '192.0.2.4', disconnectedAt: null })]);
  });

  it('answers an unknown charger with a 404 problem', async () => {
    const res = await get('/api/chargers/NOPE');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'CHARGER_NOT_FOUND', detail: 'no charger NOPE' });
    expect((await get('/api/chargers/NOPE/telemetry/latest')).json().code).toBe('CHARGER_NOT_FOUND');
  });

  it('serves telemetry series, latest values and status history from the store', async () => {
    const at = (min: number) => new Date(T0.getTime() + min * 60_000);
    h.telemetry.write([
      ...[0, 1, 2, 3].map((m) => ({ kind: 'meter' as const, ts: at(m), chargerId: 'CP-001', evseId: 1, connectorId: 1, measurand: 'Power.Active.Import', unit: 'W', value: 1000 * (m + 1) })),
      { kind: 'status', ts: at(1), chargerId: 'CP-001', evseId: 1, connectorId: 1, status: 'Charging' },
      { kind: 'status', ts: at(3), chargerId: 'CP-001', evseId: 1, connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure' },
    ]);
    await h.telemetry.flush();
    const range = `from=${at(0).toISOString()}&to=${at(4).toISOString()}`;
    const series = (await get(`/api/chargers/CP-001/telemetry/series?measurand=Power.Active.Import&${range}&resolution=120`)).json();
    expect(series).toMatchObject({ measurand: 'Power.Active.Import', resolutionS: 120 });
    expect(series.points).toEqual([
      { ts: at(0).toISOString(), value: 1500 },
      { ts: at(2).toISOString(), value: 3500 },
    ]);
    const latest = (await get('/api/chargers/CP-001/telemetry/latest?measurand=Power.Active.Import')).json();
    expect(latest.items).toEqual([expect.objectContaining({ measurand: 'Power.Active.Import', value: 4000, unit: 'W', ts: at(3).toISOString() })]);
    const history = (await get(`/api/chargers/CP-001/telemetry/status-history?${range}`)).json();
    expect(history.items.map((s: { status: string; errorCode: string | null }) => [s.status, s.errorCode])).toEqual([
      ['Charging', null],
      ['Faulted', 'GroundFailure'],
    ]);
  });

  it('refuses a telemetry range that is empty or asks for too many points', async () => {
    const backwards = await get(`/api/chargers/CP-001/telemetry/series?measurand=X&from=2026-11-26T10:00:00Z&to=2026-11-26T09:00:00Z`);
    expect(backwards.json().code).toBe('TELEMETRY_INVALID_QUERY');
    const tooMany = await get(`/api/chargers/CP-001/telemetry/series?measurand=X&from=2026-01-01T00:00:00Z&to=2026-11-26T00:00:00Z&resolution=1`);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().detail).toMatch(/resolution of at least/);
  });

  it('summarises the fleet', async () => {
    const s = (await get('/api/fleet/summary')).json();
    expect(s).toMatchObject({ chargers: 12, online: 6, offline: 6, faultedNow: 2, connectorsByStatus: { Available: 11, Faulted: 1, Charging: 1 } });
    expect(s.byModel).toEqual([
      { model: 'AC22', chargers: 8, online: 4 },
      { model: 'DC50', chargers: 4, online: 2 },
    ]);
  });
});
