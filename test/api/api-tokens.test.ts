import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startApi, type ApiHarness } from './support/api-harness.ts';

describe('personal API tokens: hashed, scoped, revocable', () => {
  let h: ApiHarness;
  let supervisor: string;
  const create = (token: string, body: unknown) => h.app.inject({ method: 'POST', url: '/api/auth/tokens', headers: bearer(token), payload: body as object });

  beforeAll(async () => {
    h = await startApi();
    supervisor = await h.tokenFor('supervisor');
  });
  afterAll(async () => h?.close());

  it('shows the token once, stores only its hash, and lists it with its prefix', async () => {
    const res = await create(supervisor, { name: 'BI export', scope: { kind: 'read-only' } });
    expect(res.statusCode).toBe(201);
    const t = res.json();
    expect(t.token).toMatch(/^cmp_/);
    expect(t.token.startsWith(t.prefix)).toBe(true);
    expect(t.permissions).toEqual(expect.arrayContaining(['chargers:read', 'audit:read', 'webhooks:read']));
    expect(t.permissions).not.toContain('webhooks:write');
    const stored = await h.db.prisma.apiToken.findUniqueOrThrow({ where: { id: t.id } });
    expect(JSON.stringify(stored)).not.toContain(t.token);
    const list = await h.app.inject({ method: 'GET', url: '/api/auth/tokens', headers: bearer(supervisor) });
    expect(list.json().items).toEqual([expect.objectContaining({ id: t.id, prefix: t.prefix, lastUsedAt: null })]);
    expect(JSON.stringify(list.json())).not.toContain(t.token);
  });

  it('a read-only token reads but cannot change anything, and records when it was last used', async () => {
    const t = (await create(supervisor, { name: 'ro', scope: { kind: 'read-only' } })).json();
    expect((await h.app.inject({ method: 'GET', url: '/api/chargers', headers: bearer(t.token) })).statusCode).toBe(200);
    const write = await h.app.inject({ method: 'POST', url: '/api/webhooks', headers: bearer(t.token), payload: { url: 'https://example.com/h', eventTypes: ['fault.opened'] } });
    expect(write.statusCode).toBe(403);
    expect(write.json()).toMatchObject({ code: 'AUTH_FORBIDDEN', detail: expect.stringContaining('API token') });
    const row = await h.db.prisma.apiToken.findUniqueOrThrow({ where: { id: t.id } });
    expect(row.lastUsedAt?.getTime()).toBe(h.clock.ms);
  });

  it('a role-scoped token gets what the role and the owner both have', async () => {
    const t = (await create(supervisor, { name: 'viewer-like', scope: { kind: 'role', role: 'viewer' } })).json();
    expect(t.permissions).toContain('telemetry:read');
    expect(t.permissions).not.toContain('audit:read');
    expect((await h.app.inject({ method: 'GET', url: '/api/audit', headers: bearer(t.token) })).statusCode).toBe(403);
  });

  it('refuses to grant what the owner does not have', async () => {
    const viewer = await h.tokenFor('viewer');
    const res = await create(viewer, { name: 'sneaky', scope: { kind: 'permissions', permissions: ['chargers:read', 'users:write'] } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'API_TOKEN_SCOPE_EXCEEDS_OWNER', detail: expect.stringContaining('users:write') });
  });

  it('narrows at once when the owner is demoted', async () => {
    const admin = await h.tokenFor('admin');
    const me = (await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(admin) })).json();
    const t = (await create(admin, { name: 'users', scope: { kind: 'permissions', permissions: ['users:read'] } })).json();
    expect((await h.app.inject({ method: 'GET', url: '/api/users', headers: bearer(t.token) })).statusCode).toBe(200);
    await h.tokenFor('admin'); // a second admin, so the first may be demoted
    await h.db.prisma.user.update({ where: { id: me.id }, data: { role: 'viewer' } });
    expect((await h.app.inject({ method: 'GET', url: '/api/users', headers: bearer(t.token) })).statusCode).toBe(403);
  });

  it('stops working when revoked or expired', async () => {
    const t = (await create(supervisor, { name: 'short', scope: { kind: 'read-only' }, expiresAt: new Date(h.clock.ms + 60_000).toISOString() })).json();
    const other = (await create(supervisor, { name: 'revoke me', scope: { kind: 'read-only' } })).json();
    expect((await h.app.inject({ method: 'DELETE', url: `/api/auth/tokens/${other.id}`, headers: bearer(supervisor) })).statusCode).toBe(204);
    expect((await h.app.inject({ method: 'GET', url: '/api/chargers', headers: bearer(other.token) })).json().code).toBe('AUTH_TOKEN_INVALID');
    h.clock.advance(60_000);
    expect((await h.app.inject({ method: 'GET', url: '/api/chargers', headers: bearer(t.token) })).json().code).toBe('AUTH_TOKEN_EXPIRED');
  });

  it("cannot revoke someone else's token", async () => {
    const t = (await create(supervisor, { name: 'mine', scope: { kind: 'read-only' } })).json();
    const viewer = await h.tokenFor('viewer');
    const res = await h.app.inject({ method: 'DELETE', url: `/api/auth/tokens/${t.id}`, headers: bearer(viewer) });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('API_TOKEN_NOT_FOUND');
    expect((await h.app.inject({ method: 'GET', url: '/api/chargers', headers: bearer(t.token) })).statusCode).toBe(200);
  });
});
