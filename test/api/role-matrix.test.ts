import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteEntry } from '../../api/fastify-types.ts';
import { PERMISSIONS, ROLES, type Role } from '../../core/users/permissions.ts';
import { startApi, type ApiHarness } from './support/api-harness.ts';

// Every registered route × every role, over real HTTP. The route list comes from the app itself, so a new
// route is in the matrix the moment it exists. Allowed: anything but 401/403. Denied: a 403 problem.

function allowed(route: RouteEntry, role: Role): boolean {
  if (route.access === 'public' || route.access === 'authenticated') return true;
  return (PERMISSIONS[route.access] as readonly Role[]).includes(role);
}

describe('authorisation: every route × every role', () => {
  let h: ApiHarness;
  let base: string;
  const tokens = new Map<Role, string>();

  beforeAll(async () => {
    h = await startApi();
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    for (const role of ROLES) tokens.set(role, await h.tokenFor(role));
  });
  afterAll(async () => h?.close());

  const call = async (route: RouteEntry, token: string | undefined) => {
    const url = base + route.url.replace(/:(\w+)/g, () => '00000000-0000-4000-8000-000000000000');
    const controller = new AbortController();
    const res = await fetch(url, {
      method: route.method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { 'content-type': 'application/json' }) },
      ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: '{}' }),
      signal: controller.signal,
    });
    // fetch resolves on the headers: enough for the verdict, and the only way to leave a stream (SSE)
    const contentType = res.headers.get('content-type') ?? '';
    const body = contentType.includes('json') ? ((await res.json()) as { code?: string }) : undefined;
    controller.abort();
    return { status: res.status, contentType, body };
  };

  it('covers the whole API (the catalogue is not empty and every /api route is in it)', () => {
    const urls = h.app.routeCatalogue.map((r) => `${r.method} ${r.url}`);
    expect(urls).toEqual(expect.arrayContaining(['GET /api/chargers', 'GET /api/chargers/:id', 'GET /api/audit', 'POST /api/users', 'GET /api/live', 'POST /api/webhooks', 'GET /metrics']));
    expect(h.app.routeCatalogue.length).toBeGreaterThan(25);
  });

  it('refuses a route that declares no access rule', async () => {
    const { buildApp } = await import('../../api/app.ts');
    const app = buildApp({ ...h.app.deps, log: h.app.deps.log });
    expect(() => app.get('/api/forgotten', async () => 'oops')).toThrow(/declares no access rule/);
    await app.close();
  });

  it('answers 401 AUTH_REQUIRED on every non-public route without a token', async () => {
    for (const route of h.app.routeCatalogue.filter((r) => r.access !== 'public')) {
      const res = await call(route, undefined);
      expect({ route: `${route.method} ${route.url}`, status: res.status, code: res.body?.code }).toEqual({ route: `${route.method} ${route.url}`, status: 401, code: 'AUTH_REQUIRED' });
    }
  });

  for (const role of ROLES) {
    it(`role ${role}: allowed routes pass, the others answer a 403 problem`, async () => {
      const verdicts: string[] = [];
      const expected: string[] = [];
      for (const route of h.app.routeCatalogue) {
        // logging out would end the session the rest of the matrix uses: give it its own
        const token = route.url === '/api/auth/logout' ? await h.tokenFor(role) : tokens.get(role)!;
        const res = await call(route, token);
        const name = `${route.method} ${route.url}`;
        if (allowed(route, role)) {
          expected.push(`${name} → allowed`);
          verdicts.push(`${name} → ${res.status === 401 || res.status === 403 ? `refused ${res.status} ${res.body?.code}` : 'allowed'}`);
        } else {
          expected.push(`${name} → 403 AUTH_FORBIDDEN problem`);
          const problem = res.contentType.startsWith('application/problem+json') ? ' problem' : '';
          verdicts.push(`${name} → ${res.status} ${res.body?.code}${problem}`);
        }
      }
      expect(verdicts).toEqual(expected);
    });
  }
});
