import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../core/audit/record-audit.ts';
import { bearer, startApi, type ApiHarness } from './support/api-harness.ts';

describe('audit log', () => {
  let h: ApiHarness;
  let admin: string;
  const entryFor = (requestId: string) => h.db.prisma.auditEntry.findMany({ where: { requestId } });

  beforeAll(async () => {
    h = await startApi();
    admin = await h.tokenFor('admin');
  });
  afterAll(async () => h?.close());

  it('writes exactly one entry for every state-changing request of every route, whatever the outcome', async () => {
    const mutations = h.app.routeCatalogue.filter((r) => r.method !== 'GET');
    expect(mutations.length).toBeGreaterThan(8);
    for (const route of mutations) {
      const token = route.url === '/api/auth/logout' ? await h.tokenFor('viewer') : admin;
      const res = await h.app.inject({ method: route.method as 'POST', url: route.url.replace(':id', '00000000-0000-4000-8000-000000000000'), headers: bearer(token), payload: {} });
      const requestId = res.headers['x-request-id'] as string;
      const entries = await entryFor(requestId);
      expect({ route: `${route.method} ${route.url}`, entries: entries.length }).toEqual({ route: `${route.method} ${route.url}`, entries: 1 });
      expect(entries[0]).toMatchObject({ method: route.method, statusCode: res.statusCode, ip: '127.0.0.1', at: new Date(h.clock.ms) });
    }
  });

  it('names who, what, which target, from where and how it ended', async () => {
    const created = await h.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { ...bearer(admin), 'x-request-id': 'req-create-user-1' },
      payload: { email: 'new@example.com', name: 'New', role: 'specialist', password: 'a long enough password' },
    });
    expect(created.statusCode).toBe(201);
    const me = (await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(admin) })).json();
    expect(await entryFor('req-create-user-1')).toEqual([
      expect.objectContaining({ actor: `user:${me.id}`, actorLabel: me.email, actorRole: 'admin', via: 'session', action: 'users.create', target: `user:${created.json().id}`, path: '/api/users', outcome: 'success', statusCode: 201 }),
    ]);

    const viewer = await h.tokenFor('viewer');
    const denied = await h.app.inject({ method: 'POST', url: '/api/users', headers: bearer(viewer), payload: {} });
    expect(await entryFor(denied.headers['x-request-id'] as string)).toEqual([expect.objectContaining({ actorRole: 'viewer', outcome: 'denied', statusCode: 403, detail: { code: 'AUTH_FORBIDDEN' } })]);

    const badLogin = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'mallory@example.com', password: 'guess' }, remoteAddress: '203.0.113.9' });
    expect(await entryFor(badLogin.headers['x-request-id'] as string)).toEqual([
      expect.objectContaining({ actor: 'anonymous', actorLabel: 'mallory@example.com', via: 'anonymous', action: 'auth.login', ip: '203.0.113.9', outcome: 'denied', detail: { code: 'AUTH_INVALID_CREDENTIALS' } }),
    ]);
  });

  it('does not log reads', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/chargers', headers: bearer(admin) });
    expect(await entryFor(res.headers['x-request-id'] as string)).toEqual([]);
  });

  it('is readable newest first with filters and a cursor, including entries written outside HTTP (remote commands, rules)', async () => {
    await recordAudit(h.db.prisma, { at: new Date(h.clock.ms), actor: 'rule:soft-reset-on-comm-fault', via: 'system', action: 'command.reset', target: 'charger:CP-7', outcome: 'success' });
    const all = (await h.app.inject({ method: 'GET', url: '/api/audit?limit=3', headers: bearer(admin) })).json();
    expect(all.items[0]).toMatchObject({ actor: 'rule:soft-reset-on-comm-fault', action: 'command.reset', target: 'charger:CP-7' });
    const ids: number[] = all.items.map((e: { id: string }) => Number(e.id));
    let cursor = all.nextCursor;
    while (cursor) {
      const page = (await h.app.inject({ method: 'GET', url: `/api/audit?limit=3&cursor=${cursor}`, headers: bearer(admin) })).json();
      ids.push(...page.items.map((e: { id: string }) => Number(e.id)));
      cursor = page.nextCursor;
    }
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(ids.length).toBe(await h.db.prisma.auditEntry.count());

    const logins = (await h.app.inject({ method: 'GET', url: '/api/audit?action=auth.login&outcome=denied', headers: bearer(admin) })).json();
    expect(logins.items.length).toBeGreaterThan(0);
    expect(logins.items.every((e: { action: string; outcome: string }) => e.action === 'auth.login' && e.outcome === 'denied')).toBe(true);

    const supervisor = await h.tokenFor('supervisor');
    expect((await h.app.inject({ method: 'GET', url: '/api/audit', headers: bearer(supervisor) })).statusCode).toBe(200);
  });
});
