import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.ts';
import { loadApiConfig } from '../../api/config.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

// The API serves web/dist at `/`: files by name, index.html for the SPA's own paths, API 404s kept.
// (npm test builds web/dist first; these run against that build.)

describe('dashboard hosting', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    // PostgreSQL: the embedded PGlite is slow to close on a loaded CI machine
    rt = await startTestRuntime({});
  });
  afterAll(async () => rt?.close());

  it('answers index.html at / and on the SPA paths, with a CSP; hashed assets are cached for good', async () => {
    for (const path of ['/', '/fleet', '/chargers/CP-0042', '/tickets/T-1?x=1']) {
      const res = await fetch(`${rt.httpUrl}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(await res.text()).toContain('<div id="root">');
    }
    const html = await (await fetch(`${rt.httpUrl}/`)).text();
    const asset = /\/assets\/[^"]+\.js/.exec(html)?.[0];
    expect(asset).toBeDefined();
    const js = await fetch(`${rt.httpUrl}${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toContain('immutable');
    // read to the end: a response left unread holds its connection, and the server's close waits for it
    expect((await js.arrayBuffer()).byteLength).toBeGreaterThan(0);
    const icon = await fetch(`${rt.httpUrl}/favicon.svg`);
    expect(icon.headers.get('content-type')).toMatch(/svg/);
    expect(await icon.text()).toContain('<svg');
  });

  it('keeps the server paths: API 404 problems, /healthz, /docs', async () => {
    const missing = await fetch(`${rt.httpUrl}/api/no-such-thing`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { code: string }).code).toBe('API_ROUTE_NOT_FOUND');
    expect((await fetch(`${rt.httpUrl}/firmware/nope`)).status).toBe(404);
    expect((await fetch(`${rt.httpUrl}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${rt.httpUrl}/docs/json`)).text()).toContain('"openapi"');
  });

  it('says to run npm run build:web when web/dist is missing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'chargemend-no-dist-'));
    const app = buildApp({ prisma: rt.db.prisma, telemetry: rt.telemetry, bus: rt.bus, log: pino({ level: 'silent' }), config: loadApiConfig({}), webDir: empty });
    try {
      const res = await app.inject({ method: 'GET', url: '/fleet' });
      expect(res.statusCode).toBe(503);
      expect(res.body).toContain('npm run build:web');
      expect((await app.inject({ method: 'GET', url: '/api/nope' })).statusCode).toBe(404);
    } finally {
      await app.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
