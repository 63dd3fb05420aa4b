import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { UserError } from '../../core/users/errors.ts';
import { WebhookError } from '../../core/webhooks/errors.ts';
import { TelemetryError } from '../../telemetry/errors.ts';
import { API_ERRORS, ApiError, problemType, type ApiErrorCode, type FieldError } from '../errors.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The error body of every route, for the OpenAPI document (responses are sent pre-serialised). */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().meta({ description: 'stable; see the table in the API description' }),
    detail: z.string(),
    instance: z.string().meta({ description: 'the request id (also in X-Request-Id)' }),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({
    id: 'Problem',
    example: {
      type: 'urn:chargemend:problem:API_VALIDATION_FAILED',
      title: 'The request does not match the schema',
      status: 400,
      code: 'API_VALIDATION_FAILED',
      detail: '1 invalid field: body.email',
      instance: '5f0c1c7e-3f7a-4c1e-9a51-0e2f8f6f2d10',
      errors: [{ path: 'body.email', message: 'Invalid email address' }],
    },
  });

/** Every error leaves as an RFC 9457 problem document with a stable code; nothing else reaches the wire. */
export function installProblemHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => sendProblem(req, reply, toApiError(err, req)));
  app.setNotFoundHandler((req, reply) => sendProblem(req, reply, new ApiError('API_ROUTE_NOT_FOUND', `no endpoint ${req.method} ${req.url.split('?')[0]}`)));
}

export function sendProblem(req: FastifyRequest, reply: FastifyReply, e: ApiError): FastifyReply {
  const { status, title } = API_ERRORS[e.code];
  req.problemCode = e.code;
  for (const [k, v] of Object.entries(e.extra.headers ?? {})) reply.header(k, v);
  const body = {
    type: problemType(e.code),
    title,
    status,
    code: e.code,
    detail: e.message,
    instance: req.id,
    ...(e.extra.errors ? { errors: e.extra.errors } : {}),
    ...e.extra.fields,
  };
  return reply.code(status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

function toApiError(err: FastifyError, req: FastifyRequest): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof UserError) {
    const headers: Record<string, string> = err.detail.retryAfterS !== undefined ? { 'retry-after': String(err.detail.retryAfterS) } : {};
    const fields = {
      ...(err.detail.retryAfterS !== undefined ? { retryAfterS: err.detail.retryAfterS } : {}),
      ...(err.detail.lockedUntil ? { lockedUntil: err.detail.lockedUntil.toISOString() } : {}),
    };
    return new ApiError(err.code, err.message, { headers, fields });
  }
  if (err instanceof WebhookError) return new ApiError(err.code, err.message);
  if (err instanceof TelemetryError) {
    if (err.code === 'TELEMETRY_INVALID_QUERY') return new ApiError('TELEMETRY_INVALID_QUERY', err.message);
    req.log.error({ err }, 'telemetry query failed');
    return new ApiError('TELEMETRY_UNAVAILABLE', err.message);
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    // fastify says "querystring"; clients know it as the query
    const where = err.validationContext === 'querystring' ? 'query' : (err.validationContext ?? 'body');
    const errors: FieldError[] = err.validation.map((v) => ({
      path: [where, ...v.instancePath.split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'invalid',
    }));
    return new ApiError('API_VALIDATION_FAILED', `${errors.length} invalid field${errors.length === 1 ? '' : 's'}: ${errors.map((x) => x.path).join(', ')}`, { errors });
  }
  if (isResponseSerializationError(err)) {
    req.log.error({ err, issues: err.cause.issues }, 'response does not match its schema');
    return new ApiError('API_INTERNAL_ERROR');
  }
  const byFastifyCode: Record<string, ApiErrorCode> = {
    FST_ERR_CTP_INVALID_MEDIA_TYPE: 'API_UNSUPPORTED_MEDIA_TYPE',
    FST_ERR_CTP_BODY_TOO_LARGE: 'API_PAYLOAD_TOO_LARGE',
    FST_ERR_CTP_EMPTY_JSON_BODY: 'API_MALFORMED_BODY',
    FST_ERR_CTP_INVALID_JSON_BODY: 'API_MALFORMED_BODY',
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'API_MALFORMED_BODY',
  };
  const mapped = err.code ? byFastifyCode[err.code] : undefined;
  if (mapped) return new ApiError(mapped, err.message);
  if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500 && (err instanceof SyntaxError || err.code?.startsWith('FST_ERR_CTP'))) {
    return new ApiError('API_MALFORMED_BODY', err.message);
  }
  req.log.error({ err }, 'unhandled error');
  return new ApiError('API_INTERNAL_ERROR');
}
