import type { AuditEntry } from '../../../core/db/generated/client.ts';

export function presentAuditEntry(e: AuditEntry) {
  return {
    id: e.id.toString(),
    at: e.at.toISOString(),
    actor: e.actor,
    actorLabel: e.actorLabel,
    actorRole: e.actorRole,
    via: e.via,
    action: e.action,
    target: e.target,
    method: e.method,
    path: e.path,
    requestId: e.requestId,
    ip: e.ip,
    statusCode: e.statusCode,
    outcome: e.outcome as 'success' | 'failure' | 'denied',
    detail: e.detail ?? null,
  };
}
