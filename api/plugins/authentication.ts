import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticateToken } from '../../core/users/authenticate-token.ts';
import { UserError } from '../../core/users/errors.ts';
import { can, type Principal } from '../../core/users/principal.ts';
import { ACCESS_COOKIE, readCookie } from '../cookies.ts';
import { ApiError } from '../errors.ts';
import type { RouteAccess } from '../fastify-types.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authentication and authorisation for every route, before the body is read: unknown callers get 401,
 * callers without the route's permission 403 — never a validation error that would tell them more.
 */
export function installAuthentication(app: FastifyInstance): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (req) => {
    const access: RouteAccess | undefined = req.routeOptions.config.access;
    if (access === undefined) return; // the not-found handler
    const token = bearerToken(req);
    if (token === undefined) {
      if (access === 'public') return;
      throw new ApiError('AUTH_REQUIRED', 'send "Authorization: Bearer <token>" (see POST /api/auth/login)');
    }
    let principal: Principal;
    try {
      principal = await authenticateToken(app.deps.users, token);
    } catch (err) {
      // A stale cookie must not break public pages (login, health); elsewhere the caller learns why.
      if (access === 'public' && err instanceof UserError) return;
      throw err;
    }
    req.principal = principal;
    req.log = req.log.child({ userId: principal.userId });
    if (access === 'public' || access === 'authenticated') return;
    if (!can(principal, access)) {
      throw new ApiError('AUTH_FORBIDDEN', `this needs the permission ${access}, which ${principal.via === 'api-token' ? 'this API token' : `the role ${principal.role}`} does not have`);
    }
  });
}

/**
 * The bearer header, or the HttpOnly session cookie for safe methods only: a browser's EventSource and
 * download links cannot set headers, and refusing cookies on mutations closes the door to CSRF.
 */
function bearerToken(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (h !== undefined) {
    const m = /^Bearer\s+(\S+)$/i.exec(h);
    if (!m) throw new ApiError('AUTH_TOKEN_INVALID', 'the Authorization header must be "Bearer <token>"');
    return m[1];
  }
  return SAFE_METHODS.has(req.method) ? readCookie(req.headers.cookie, ACCESS_COOKIE) : undefined;
}
