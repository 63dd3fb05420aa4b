import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { API_ERRORS } from '../errors.ts';

const errorTable = Object.entries(API_ERRORS)
  .map(([code, e]) => `| \`${code}\` | ${e.status} | ${e.title} |`)
  .join('\n');

const DESCRIPTION = `Chargemend's HTTP API: chargers, telemetry, fleet health, users, audit log, webhooks and a live feed.

**Authentication.** \`POST /api/auth/login\` returns a short-lived access token and a refresh token; send
\`Authorization: Bearer <access token>\`. Integrations use personal API tokens (\`POST /api/auth/tokens\`) the same way.

**Errors** are \`application/problem+json\` (RFC 9457): \`{ type, title, status, code, detail, errors?: [{ path, message }] }\`.
Switch on \`code\`; it never changes meaning.

| code | status | title |
|---|---|---|
${errorTable}

**Lists** take \`?limit=\` and \`?cursor=\` (from the previous page's \`nextCursor\`) and \`?sort=field\` or \`-field\`.`;

/** OpenAPI 3 generated from the routes' zod schemas, with Swagger UI at /docs and the document at /docs/json. */
export function registerDocs(app: FastifyInstance, version: string): void {
  // On the root instance itself (not a child plugin), so the document sees every route.
  void app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Chargemend API', version, description: DESCRIPTION },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'access token (cma_…) or personal API token (cmp_…)' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    // puts schemas with a registry id (Problem) under components/schemas, where the routes' $refs point
    transformObject: jsonSchemaTransformObject,
  });
  void app.register(swaggerUi, { routePrefix: '/docs' });
}
