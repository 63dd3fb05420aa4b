import type { PrismaClient } from '../db/database.ts';
import { Prisma } from '../db/generated/client.ts';
import type { CommandStatus } from '../db/generated/enums.ts';
import { jsonParam as json } from '../db/raw-statements.ts';

export type CommandRecord = Prisma.CommandGetPayload<object>;

/** The entry a write adds to the command's life (command_event). */
export interface CommandEventInput {
  status: CommandStatus;
  /** default: now */
  at?: Date;
  detail?: unknown;
}

/** A new command row (requested now). */
export interface NewCommand {
  id: string;
  chargerId: string;
  kind: string;
  params: unknown;
  status: CommandStatus;
  requestedBy: string;
  ticketId: string | null;
  requestId: number;
  sentAt: Date | null;
  expiresAt: Date | null;
}

/** The columns a command's life changes; a field left undefined is not written. */
export interface CommandChange {
  status?: CommandStatus;
  result?: unknown;
  error?: string;
  completedAt?: Date;
}

// A command's write and its life's entry are one statement — an INSERT/UPDATE … RETURNING with the
// event's INSERT in the same WITH — not a two-statement transaction: a single statement is atomic, and it
// is one round trip instead of four (BEGIN, write, event, COMMIT). Through Prisma that transaction cost
// 1.3–2.3 ms of CPU on the bench machine, this 0.6 (BENCHMARKS.md, the fault path); a fault issues
// about three commands, each written twice. The row comes back in the shape Prisma's model has
// (test/integration/command-writes.test.ts holds the two to it, so a new column fails there until added here).
const ROW = Prisma.raw(
  `"id", "charger_id" AS "chargerId", "kind", "params", "status"::text AS "status", "requested_by" AS "requestedBy",
   "ticket_id" AS "ticketId", "result", "error", "progress", "request_id" AS "requestId", "requested_at" AS "requestedAt",
   "sent_at" AS "sentAt", "completed_at" AS "completedAt", "expires_at" AS "expiresAt"`,
);

function eventInsert(e: CommandEventInput): Prisma.Sql {
  return Prisma.sql`INSERT INTO "command_event" ("command_id", "at", "status", "detail")
    SELECT "id", ${e.at ?? new Date()}::timestamptz, ${e.status}::"CommandStatus", ${json(e.detail)}::jsonb FROM c`;
}

export async function insertCommandWithEvent(prisma: PrismaClient, c: NewCommand, e: CommandEventInput): Promise<CommandRecord> {
  const rows = await prisma.$queryRaw<CommandRecord[]>`
    WITH c AS (
      INSERT INTO "command" ("id", "charger_id", "kind", "params", "status", "requested_by", "ticket_id", "request_id", "requested_at", "sent_at", "expires_at")
      VALUES (${c.id}::uuid, ${c.chargerId}, ${c.kind}, ${json(c.params)}::jsonb, ${c.status}::"CommandStatus", ${c.requestedBy}, ${c.ticketId}::uuid,
              ${c.requestId}::int, ${new Date()}::timestamptz, ${c.sentAt}::timestamptz, ${c.expiresAt}::timestamptz)
      RETURNING *),
    e AS (${eventInsert(e)})
    SELECT ${ROW} FROM c`;
  return rows[0]!;
}

/** Undefined when there is no such command. */
export async function updateCommandWithEvent(prisma: PrismaClient, id: string, change: CommandChange, e: CommandEventInput): Promise<CommandRecord | undefined> {
  const set: Prisma.Sql[] = [];
  if (change.status !== undefined) set.push(Prisma.sql`"status" = ${change.status}::"CommandStatus"`);
  if (change.result !== undefined) set.push(Prisma.sql`"result" = ${json(change.result)}::jsonb`);
  if (change.error !== undefined) set.push(Prisma.sql`"error" = ${change.error}`);
  if (change.completedAt !== undefined) set.push(Prisma.sql`"completed_at" = ${change.completedAt}::timestamptz`);
  if (set.length === 0) throw new Error('updateCommandWithEvent: nothing to change');
  const rows = await prisma.$queryRaw<CommandRecord[]>`
    WITH c AS (UPDATE "command" SET ${Prisma.join(set, ', ')} WHERE "id" = ${id}::uuid RETURNING *),
    e AS (${eventInsert(e)})
    SELECT ${ROW} FROM c`;
  return rows[0];
}
