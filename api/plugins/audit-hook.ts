import type { FastifyInstance, FastifyRequest } from 'fastify';
import { recordAudit } from '../../core/audit/record-audit.ts';

const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * One audit line per state-changing request, whatever its outcome, written before the response leaves
 * (onSend): when the client has its answer, the line exists.
 */
export function installAuditHook(app: FastifyInstance): void {
  app.decorateRequest('problemCode', undefined);
  app.decorateRequest('auditTarget', undefined);
  app.addHook('onSend', async (req, reply, payload) => {
    if (!MUTATIONS.has(req.method)) return payload;
    const status = reply.statusCode;
    const p = req.principal;
    try {
      await recordAudit(app.deps.prisma, {
        at: app.deps.now(),
        actor: p ? `user:${p.userId}` : 'anonymous',
        actorLabel: p ? p.email : claimedEmail(req),
        actorRole: p?.role,
        via: p ? p.via : 'anonymous',
        action: req.routeOptions.config.action ?? `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`,
        target: req.auditTarget ?? paramsTarget(req),
        method: req.method,
        path: req.url.split('?')[0],
        requestId: req.id,
        ip: req.ip,
        statusCode: status,
        outcome: status < 400 ? 'success' : status === 401 || status === 403 ? 'denied' : 'failure',
        detail: req.problemCode ? { code: req.problemCode } : undefined,
      });
    } catch (err) {
      // The change already happened; losing its audit line is an incident worth an error log, not a 500.
      req.log.error({ err }, 'audit entry not written');
    }
    return payload;
  });
}

function paramsTarget(req: FastifyRequest): string | undefined {
  const params = req.params as Record<string, unknown> | undefined;
  const id = params?.id;
  return typeof id === 'string' ? `${(req.routeOptions.url ?? '').split('/')[2] ?? 'resource'}:${id}` : undefined;
}

/** A failed login names no user; the e-mail it tried is what a reviewer needs. */
function claimedEmail(req: FastifyRequest): string | undefined {
  const body = req.body as { email?: unknown } | undefined;
  return typeof body?.email === 'string' ? body.email.slice(0, 320) : undefined;
}
