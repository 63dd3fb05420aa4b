import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startApi, type ApiHarness } from './support/api-harness.ts';

// The figures themselves are checked against a hand-computed fixture in test/workflow/kpis.test.ts;
// this checks the endpoints, their periods and who may read them.

describe('KPI endpoints', () => {
  let h: ApiHarness;
  let supervisor: string;

  beforeAll(async () => {
    h = await startApi();
    supervisor = await h.tokenFor('supervisor');
  });
  afterAll(async () => h?.close());

  const get = (token: string, url: string) => h.app.inject({ method: 'GET', url, headers: bearer(token) });

  it('answers the KPIs of a period, with nothing to count as null rates', async () => {
    const res = await get(supervisor, '/api/kpis?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&team=repair_engineer');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ scope: { team: 'repair_engineer' }, repairSuccess: { resolved: 0, rate: null, recurrenceDays: 30 }, responseTime: { tickets: 0, meanMinutes: null } });
    expect((await get(supervisor, '/api/kpis/fault-trends?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&by=model&bucket=week')).json()).toEqual({ items: [] });
    expect((await get(supervisor, '/api/kpis/uptime?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z')).json()).toEqual({ items: [] });
  });

  it('refuses an empty or overlong period, and roles without kpis:read', async () => {
    expect((await get(supervisor, '/api/kpis?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z')).json().code).toBe('API_VALIDATION_FAILED');
    expect((await get(supervisor, '/api/kpis?from=2020-01-01T00:00:00Z&to=2026-11-01T00:00:00Z')).json().code).toBe('API_VALIDATION_FAILED');
    expect((await get(await h.tokenFor('specialist'), '/api/kpis?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z')).statusCode).toBe(403);
  });
});
