import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ERRORS } from '../../api/errors.ts';
import { USER_ERROR_CODES } from '../../core/users/errors.ts';
import { WEBHOOK_ERROR_CODES } from '../../core/webhooks/errors.ts';
import { startApi, type ApiHarness } from './support/api-harness.ts';

// Error codes are the contract clients switch on: each must be in the registry, in docs/api.md and in
// the OpenAPI description; every route must be in the OpenAPI document, with examples.

describe('API documentation', () => {
  let h: ApiHarness;
  let doc: { info: { description: string }; paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>> };
  let markdown: string;

  beforeAll(async () => {
    h = await startApi();
    doc = (await h.app.inject({ method: 'GET', url: '/docs/json' })).json();
    markdown = await readFile(resolve(import.meta.dirname, '../../docs/api.md'), 'utf8');
  });
  afterAll(async () => h?.close());

  it('documents every error code in docs/api.md, with its status', () => {
    const missing = Object.entries(API_ERRORS).filter(([code, e]) => !new RegExp(`\\| \`${code}\` \\| ${e.status} \\|`).test(markdown));
    expect(missing.map(([code]) => code)).toEqual([]);
  });

  it('lists every error code in the OpenAPI description', () => {
    for (const code of Object.keys(API_ERRORS)) expect(doc.info.description).toContain(`\`${code}\``);
  });

  it('maps every domain error code of users and webhooks to an HTTP problem', () => {
    for (const code of [...USER_ERROR_CODES, ...WEBHOOK_ERROR_CODES]) expect(Object.keys(API_ERRORS)).toContain(code);
  });

  it('is OpenAPI 3, has every route, marks public ones, and documents problems', () => {
    expect(doc).toMatchObject({ openapi: expect.stringMatching(/^3\./) });
    for (const r of h.app.routeCatalogue) {
      const path = r.url.replace(/:(\w+)/g, '{$1}');
      const op = doc.paths[path]?.[r.method.toLowerCase()];
      expect(op, `${r.method} ${r.url} in /docs/json`).toBeDefined();
      if (r.access === 'public') expect(op!.security).toEqual([]);
      expect(Object.keys(op!.responses)).toEqual(expect.arrayContaining(['4XX']));
    }
  });

  it('carries examples from the zod schemas', () => {
    const text = JSON.stringify(doc);
    expect(text).toContain('"example":"CP-0042"');
    expect(text).toContain('"example":"ana.lopez@example.com"');
    expect(text).toContain('urn:chargemend:problem:API_VALIDATION_FAILED');
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
  });
});
