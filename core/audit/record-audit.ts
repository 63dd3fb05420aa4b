import type { PrismaClient } from '../db/database.ts';
import type { Prisma } from '../db/generated/client.ts';

/** One audit-log line: who did what, when, from where, and how it ended. */
export interface AuditRecord {
  at: Date;
  /** "user:<id>", "rule:<name>", "system" or "anonymous" (a failed login names the e-mail in `actorLabel`) */
  actor: string;
  actorLabel?: string | undefined;
  actorRole?: string | undefined;
  via: 'session' | 'api-token' | 'cli' | 'system' | 'anonymous';
  /** what was done, e.g. "users.create", "auth.login", "command.reset" */
  action: string;
  /** what it was done to, e.g. "user:<id>", "charger:CP-1" */
  target?: string | undefined;
  method?: string | undefined;
  path?: string | undefined;
  requestId?: string | undefined;
  ip?: string | undefined;
  statusCode?: number | undefined;
  outcome: 'success' | 'failure' | 'denied';
  detail?: Prisma.InputJsonValue | undefined;
}

/**
 * Appends to the audit log. Used by the API's mutation hook and by anything that acts on its own
 * (remote commands from rules, the CLI), so that every state change has a line.
 */
export async function recordAudit(prisma: PrismaClient, r: AuditRecord): Promise<void> {
  await prisma.auditEntry.create({
    data: {
      at: r.at,
      actor: r.actor,
      actorLabel: r.actorLabel ?? null,
      actorRole: r.actorRole ?? null,
      via: r.via,
      action: r.action,
      target: r.target ?? null,
      method: r.method ?? null,
      path: r.path ?? null,
      requestId: r.requestId ?? null,
      ip: r.ip ?? null,
      statusCode: r.statusCode ?? null,
      outcome: r.outcome,
      ...(r.detail !== undefined ? { detail: r.detail } : {}),
    },
  });
}
