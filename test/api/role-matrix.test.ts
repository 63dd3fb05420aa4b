import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteEntry } from '../../api/fastify-types.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { CommandService } from '../../core/commands/command-service.ts';
import { FirmwareStore } from '../../core/files/firmware-store.ts';
import { UploadSlots } from '../../core/files/upload-slots.ts';
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
    // with a command service and the file stores, so the routes that need them are in the matrix too
    const dir = mkdtempSync(join(tmpdir(), 'cm-matrix-'));
    h = await startApi({}, ({ db, bus }) => {
      const uploads = new UploadSlots(db.prisma, { dir: join(dir, 'uploads'), urlFor: (t) => `http://127.0.0.1/uploads/${t}`, maxBytes: 1024, ttlS: 60 });
      const firmware = new FirmwareStore(db.prisma, { dir: join(dir, 'firmware'), baseUrl: () => 'http://127.0.0.1' });
      const offline = { isConnected: async () => false, send: async () => ({ status: 'failed' as const, error: 'no gateway in this test' }) };
      const commands = new CommandService(db.prisma, offline, uploads, bus, { firmwareUrlPrefixes: () => [firmware.urlPrefix()], followUpTimeoutMs: 60_000, defaultQueueExpiryS: 60 }, pino({ level: 'silent' }));
      return { commands, files: { firmware, uploads } };
    });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    for (const role of ROLES) tokens.set(role, await h.tokenFor(role));
  });
  afterAll(async () => h?.close());

  it('covers the routes that act on chargers and files too', () => {
    const urls = h.app.routeCatalogue.map((r) => `${r.method} ${r.url}`);
    expect(urls).toEqual(expect.arrayContaining(['POST /api/chargers/:id/commands', 'POST /api/commands/bulk', 'POST /api/firmware', 'GET /api/diagnostics/:uploadId']));
  });

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
