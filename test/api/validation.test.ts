import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startApi, type ApiHarness } from './support/api-harness.ts';

// A bad request is a 400 problem naming every bad field by its path, and it changes nothing.

describe('validation errors', () => {
  let h: ApiHarness;
  let admin: string;
  const snapshot = async () => ({
    users: await h.db.prisma.user.count(),
    webhooks: await h.db.prisma.webhookSubscription.count(),
    tokens: await h.db.prisma.apiToken.count(),
  });

  beforeAll(async () => {
    h = await startApi();
    admin = await h.tokenFor('admin');
  });
  afterAll(async () => h?.close());

  it('lists every invalid field with its path, including nested ones, and creates nothing', async () => {
    const before = await snapshot();
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/auth/tokens',
      headers: bearer(admin),
      payload: { name: '', scope: { kind: 'permissions', permissions: ['chargers:read', 'launch:rockets'] }, expiresAt: 'tomorrow' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const p = res.json();
    expect(p).toMatchObject({ type: 'urn:chargemend:problem:API_VALIDATION_FAILED', status: 400, code: 'API_VALIDATION_FAILED', title: expect.any(String) });
    expect(p.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.expiresAt', 'body.name', 'body.scope.permissions.1']);
    for (const e of p.errors) expect(e.message).toEqual(expect.any(String));
    expect(await snapshot()).toEqual(before);
  });

  it('validates users and webhooks the same way', async () => {
    const before = await snapshot();
    const user = await h.app.inject({ method: 'POST', url: '/api/users', headers: bearer(admin), payload: { email: 'not-an-email', name: 'X', role: 'boss', password: 'short' } });
    expect(user.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.email', 'body.password', 'body.role']);
    const hook = await h.app.inject({ method: 'POST', url: '/api/webhooks', headers: bearer(admin), payload: { url: 'ftp://example.com/x', eventTypes: ['fault.exploded'] } });
    expect(hook.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.eventTypes.0', 'body.url']);
    expect(await snapshot()).toEqual(before);
  });

  it('names query and path parameters too', async () => {
    const q = await h.app.inject({ method: 'GET', url: '/api/chargers?limit=0&online=maybe', headers: bearer(admin) });
    expect(q.statusCode).toBe(400);
    expect(q.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['query.limit', 'query.online']);
    const params = await h.app.inject({ method: 'GET', url: '/api/users/not-a-uuid', headers: bearer(admin) });
    expect(params.json().errors).toEqual([{ path: 'params.id', message: expect.any(String) }]);
  });

  it('answers unreadable bodies and wrong content types with problems', async () => {
    const broken = await h.app.inject({ method: 'POST', url: '/api/users', headers: { ...bearer(admin), 'content-type': 'application/json' }, payload: '{"email":' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toBe('API_MALFORMED_BODY');
    const xml = await h.app.inject({ method: 'POST', url: '/api/users', headers: { ...bearer(admin), 'content-type': 'application/xml' }, payload: '<user/>' });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().code).toBe('API_UNSUPPORTED_MEDIA_TYPE');
  });

  it('a business rule broken is a problem with its own code, and changes nothing', async () => {
    const body = { email: 'dup@example.com', name: 'Dup', role: 'viewer', password: 'a long enough password' };
    expect((await h.app.inject({ method: 'POST', url: '/api/users', headers: bearer(admin), payload: body })).statusCode).toBe(201);
    const before = await snapshot();
    const again = await h.app.inject({ method: 'POST', url: '/api/users', headers: bearer(admin), payload: { ...body, email: 'DUP@example.com' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('USER_EMAIL_TAKEN');
    expect(await snapshot()).toEqual(before);
  });
});
