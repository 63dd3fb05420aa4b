import type { PrismaClient } from '../db/database.ts';
import { Prisma } from '../db/generated/client.ts';
import type { Severity, TicketStatus } from '../db/generated/enums.ts';
import { jsonParam as json } from '../db/raw-statements.ts';

export type TicketRecord = Prisma.TicketGetPayload<object>;

// What a fault does to its ticket — open it, add an occurrence, reclassify or reopen it — is one statement:
// the ticket's INSERT/UPDATE … RETURNING, its timeline entry and the fault's link in one WITH. A single
// statement is atomic, and it is one round trip where Prisma's three-statement transaction was five
// (BEGIN … COMMIT): the fault → ticket path waits for each of them behind a busy event loop. The row comes
// back in the shape Prisma's model has (test/integration/ticket-writes.test.ts holds the two to it).

/** The model's columns under its field names. Severity's 'safety-critical' is Prisma's `safety_critical` (@map). */
const ROW = Prisma.raw(
  `"id", "number", "type"::text AS "type", "status"::text AS "status", "charger_id" AS "chargerId", "evse_id" AS "evseId",
   "connector_id" AS "connectorId", "fault_class" AS "faultClass", replace("severity"::text, '-', '_') AS "severity", "title",
   "diagnosis", "occurrences", "open_key" AS "openKey", "first_occurred_at" AS "firstOccurredAt", "last_occurred_at" AS "lastOccurredAt",
   "resolved_at" AS "resolvedAt", "resolution", "reopen_count" AS "reopenCount", "escalated", "created_at" AS "createdAt",
   "updated_at" AS "updatedAt", "customer_id" AS "customerId", "site_id" AS "siteId", "priority"::text AS "priority",
   "assignee_id" AS "assigneeId", "closed_at" AS "closedAt"`,
);

const severity = (s: Severity): Prisma.Sql => Prisma.sql`replace(${s}, '_', '-')::"Severity"`;

export interface TicketEventInput {
  actor: string;
  type: string;
  at: Date;
  detail: unknown;
}

/** A repair ticket opened by a fault. */
export interface NewFaultTicket {
  id: string;
  chargerId: string;
  evseId: number;
  connectorId: number;
  faultClass: string;
  severity: Severity;
  title: string;
  diagnosis: unknown;
  openKey: string;
  at: Date;
}

/** The ticket's changes when a fault joins it; every one adds an occurrence at `at`. */
export type FaultTicketChange =
  | { kind: 'occurrence'; at: Date }
  | { kind: 'reclassify'; at: Date; faultClass: string; severity: Severity; title: string; openKey: string; diagnosis: unknown }
  | { kind: 'reopen'; at: Date; openKey: string; diagnosis: unknown };

export function insertFaultTicket(t: NewFaultTicket): Prisma.Sql {
  const now = new Date();
  return Prisma.sql`INSERT INTO "ticket" ("id", "type", "status", "charger_id", "evse_id", "connector_id", "fault_class", "severity", "title",
      "diagnosis", "occurrences", "open_key", "first_occurred_at", "last_occurred_at", "created_at", "updated_at")
    VALUES (${t.id}::uuid, 'repair', 'open', ${t.chargerId}, ${t.evseId}::int, ${t.connectorId}::int, ${t.faultClass}, ${severity(t.severity)}, ${t.title},
      ${json(t.diagnosis)}::jsonb, 1, ${t.openKey}, ${t.at}::timestamptz, ${t.at}::timestamptz, ${now}::timestamptz, ${now}::timestamptz)
    RETURNING *`;
}

export function updateFaultTicket(ticketId: string, c: FaultTicketChange): Prisma.Sql {
  const set: Prisma.Sql[] = [Prisma.sql`"occurrences" = "occurrences" + 1`, Prisma.sql`"last_occurred_at" = ${c.at}::timestamptz`, Prisma.sql`"updated_at" = ${new Date()}::timestamptz`];
  if (c.kind === 'reclassify') {
    set.push(Prisma.sql`"fault_class" = ${c.faultClass}`, Prisma.sql`"severity" = ${severity(c.severity)}`, Prisma.sql`"title" = ${c.title}`);
  }
  if (c.kind === 'reopen') {
    set.push(Prisma.sql`"status" = 'open'`, Prisma.sql`"reopen_count" = "reopen_count" + 1`, Prisma.sql`"resolved_at" = NULL`, Prisma.sql`"resolution" = NULL`);
  }
  if (c.kind !== 'occurrence') set.push(Prisma.sql`"open_key" = ${c.openKey}`, Prisma.sql`"diagnosis" = ${json(c.diagnosis)}::jsonb`);
  return Prisma.sql`UPDATE "ticket" SET ${Prisma.join(set, ', ')} WHERE "id" = ${ticketId}::uuid RETURNING *`;
}

/**
 * Runs `write` (insertFaultTicket / updateFaultTicket) with the ticket's timeline entry and the fault's link
 * to the ticket, in one statement: a fault with a ticket is a fault whose ticket step was applied.
 * Undefined when the update found no ticket.
 */
export async function writeFaultTicket(prisma: PrismaClient, write: Prisma.Sql, event: TicketEventInput, faultId: bigint): Promise<TicketRecord | undefined> {
  const rows = await prisma.$queryRaw<TicketRecord[]>`
    WITH t AS (${write}),
    e AS (INSERT INTO "ticket_event" ("ticket_id", "at", "actor", "type", "detail")
          SELECT "id", ${event.at}::timestamptz, ${event.actor}, ${event.type}, ${json(event.detail)}::jsonb FROM t),
    f AS (UPDATE "fault" SET "ticket_id" = t."id" FROM t WHERE "fault"."id" = ${faultId}::bigint)
    SELECT ${ROW} FROM t`;
  return rows[0];
}

/** What a status change may set besides the status (a remote resolution's time and how). */
export interface TransitionExtra {
  resolvedAt?: Date;
  resolution?: string;
}

/**
 * Moves the ticket to `status` if it is still in one of `from`, with its timeline entry, in one statement
 * (was an interactive transaction: four round trips). `clearOpenKey` when the new status is not an open
 * one. Undefined when the ticket was not in `from` (or does not exist): then nothing is written.
 */
export async function transitionTicket(
  prisma: PrismaClient,
  t: { ticketId: string; from: readonly TicketStatus[]; status: TicketStatus; clearOpenKey: boolean; extra: TransitionExtra },
  event: { actor: string; detail: unknown },
): Promise<TicketRecord | undefined> {
  if (t.from.length === 0) return undefined;
  const now = new Date();
  const set: Prisma.Sql[] = [Prisma.sql`"status" = ${t.status}::"TicketStatus"`, Prisma.sql`"updated_at" = ${now}::timestamptz`];
  if (t.clearOpenKey) set.push(Prisma.sql`"open_key" = NULL`);
  if (t.extra.resolvedAt !== undefined) set.push(Prisma.sql`"resolved_at" = ${t.extra.resolvedAt}::timestamptz`);
  if (t.extra.resolution !== undefined) set.push(Prisma.sql`"resolution" = ${t.extra.resolution}`);
  const rows = await prisma.$queryRaw<TicketRecord[]>`
    WITH t AS (UPDATE "ticket" SET ${Prisma.join(set, ', ')} WHERE "id" = ${t.ticketId}::uuid AND "status"::text IN (${Prisma.join(t.from)}) RETURNING *),
    e AS (INSERT INTO "ticket_event" ("ticket_id", "at", "actor", "type", "detail")
          SELECT "id", ${now}::timestamptz, ${event.actor}, 'status', ${json(event.detail)}::jsonb FROM t)
    SELECT ${ROW} FROM t`;
  return rows[0];
}

/** One timeline entry (a note of an automatic step, say): a plain INSERT, a third of a Prisma create's CPU. */
export async function insertTicketEvent(prisma: PrismaClient, ticketId: string, e: { actor: string; type: string; detail: unknown }): Promise<void> {
  await prisma.$executeRaw`INSERT INTO "ticket_event" ("ticket_id", "at", "actor", "type", "detail")
    VALUES (${ticketId}::uuid, ${new Date()}::timestamptz, ${e.actor}, ${e.type}, ${json(e.detail)}::jsonb)`;
}
