import type { Permission } from '../core/users/permissions.ts';
import type { Principal } from '../core/users/principal.ts';
import type { ApiDeps } from './api-deps.ts';
import type { ApiMetrics } from './metrics.ts';

/**
 * What a route needs from its caller: a permission from core/users/permissions.ts, 'authenticated'
 * (any logged-in caller) or 'public'. Every route declares one; registering a route without it fails.
 */
export type RouteAccess = Permission | 'authenticated' | 'public';

export interface RouteEntry {
  method: string;
  url: string;
  access: RouteAccess;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** audit-log action name for mutations; defaults to "<METHOD> <route>" */
    action?: string;
  }
  interface FastifyRequest {
    principal: Principal | undefined;
    /** the problem code answered, for the audit log */
    problemCode: string | undefined;
    /** set by handlers whose audit target is not `params.id` (e.g. a created row's id) */
    auditTarget: string | undefined;
  }
  interface FastifyInstance {
    deps: ApiDeps;
    metrics: ApiMetrics;
    /** every route with its access rule, for the role × route test and the docs */
    routeCatalogue: RouteEntry[];
  }
}
