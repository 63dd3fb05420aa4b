import type { Logger } from 'pino';
import { recordAudit, type AuditRecord } from '../audit/record-audit.ts';
import { CommandError } from '../commands/command-errors.ts';
import type { CommandRecord, IssueCommand } from '../commands/command-service.ts';
import type { PrismaClient } from '../db/database.ts';
import type { Prisma } from '../db/generated/client.ts';

/** Who asked for a command, as the audit log names them (kept with bulk jobs and campaigns for later waves). */
export interface Requester {
  /** "user:<id>" */
  actor: string;
  actorLabel?: string | undefined;
  actorRole?: string | undefined;
  via: AuditRecord['via'];
}

export interface AuditedCommandDeps {
  prisma: PrismaClient;
  commands: { issue(input: IssueCommand): Promise<CommandRecord> };
  now: () => Date;
  log: Logger;
}

/**
 * Issues a remote command on someone's behalf and writes its audit entry: one per command, naming the
 * actor and the charger, whether the command was sent or refused (offline, URL not allowed, …).
 * `context` says where it came from (a request id, a bulk job, a campaign).
 */
export async function issueAuditedCommand(
  deps: AuditedCommandDeps,
  input: Omit<IssueCommand, 'requestedBy'>,
  who: Requester,
  context: { requestId?: string | undefined; detail?: Record<string, string> } = {},
): Promise<CommandRecord> {
  const entry = (outcome: AuditRecord['outcome'], detail: Record<string, string | null>): AuditRecord => ({
    at: deps.now(),
    actor: who.actor,
    actorLabel: who.actorLabel,
    actorRole: who.actorRole,
    via: who.via,
    action: `command.${input.command.kind}`,
    target: `charger:${input.chargerId}`,
    requestId: context.requestId,
    outcome,
    detail: { ...context.detail, ...detail } as Prisma.InputJsonValue,
  });
  let row: CommandRecord;
  try {
    row = await deps.commands.issue({ ...input, requestedBy: who.actor });
  } catch (err) {
    await write(deps, entry('failure', { code: err instanceof CommandError ? err.code : 'ERROR', error: (err as Error).message }));
    throw err;
  }
  await write(deps, entry('success', { commandId: row.id, status: row.status }));
  return row;
}

async function write(deps: AuditedCommandDeps, r: AuditRecord): Promise<void> {
  try {
    await recordAudit(deps.prisma, r);
  } catch (err) {
    // the command has gone (or was refused) already; a lost audit line is an incident to log, not to undo
    deps.log.error({ err, action: r.action, target: r.target }, 'audit entry for a command not written');
  }
}
