// bench/db-writes — what one database write costs this process, through Prisma's model calls and as the
// single raw statements the fault path uses (core/commands/command-writes.ts, core/tickets/ticket-writes.ts).
//
//   npx tsx bench/db-writes.ts [--ops 2000] [--database postgres|pglite]
//
// Each row runs --ops times, one at a time (after 200 to warm up), against a fresh migrated database on the
// local PostgreSQL (or PGlite in a temp dir). CPU is this process's (all its threads: the main thread plus
// V8's and libuv's), per operation; the database server's own CPU is not in it.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { writeConnectorStatus } from '../core/chargers/connector-status.ts';
import { insertCommandWithEvent, updateCommandWithEvent } from '../core/commands/command-writes.ts';
import { MIGRATIONS_DIR, openDatabase } from '../core/db/database.ts';
import { migrate } from '../core/db/migrator.ts';
import { insertTicketEvent } from '../core/tickets/ticket-writes.ts';
import { machineLine } from './lib/machine.ts';
import { fmt, printTable } from './lib/report.ts';
import { createRunDatabase, type RunDatabase } from './lib/services.ts';

const { values: a } = parseArgs({ options: { ops: { type: 'string', default: '2000' }, database: { type: 'string', default: 'postgres' } } });
const OPS = Math.max(100, Number(a.ops));
const log = pino({ level: 'warn' });
const dir = mkdtempSync(join(tmpdir(), 'cm-bench-db-writes-'));
let run: RunDatabase | undefined;
if (a.database === 'postgres') run = await createRunDatabase('dbwrites');
const db = await openDatabase({ databaseUrl: run?.url, dataDir: dir, log });
const rows: Array<Record<string, string | number>> = [];
try {
  await db.withSession((s) => migrate(s, { migrationsDir: MIGRATIONS_DIR, log }));
  const p = db.prisma;
  await p.charger.create({ data: { id: 'BW-1' } });
  const ticket = await p.ticket.create({ data: { id: randomUUID(), status: 'open', title: 'bench', chargerId: 'BW-1', updatedAt: new Date() } });
  const ids: string[] = [];
  const newCommand = () => ({ id: randomUUID(), chargerId: 'BW-1', kind: 'reset', params: { kind: 'reset', type: 'Soft' }, status: 'sent' as const, requestedBy: 'system', ticketId: null, requestId: 5, sentAt: new Date(), expiresAt: null });

  async function measure(what: string, how: string, roundTrips: number, fn: (i: number) => Promise<unknown>): Promise<void> {
    for (let i = 0; i < 200; i++) await fn(i);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < OPS; i++) await fn(i);
    const c = process.cpuUsage(c0);
    const ms = performance.now() - t0;
    rows.push({ write: what, how, 'round trips': roundTrips, 'CPU µs/op': fmt.int((c.user + c.system) / OPS), 'wall µs/op': fmt.int((ms * 1000) / OPS) });
  }

  await measure('command + its first entry', 'Prisma: $transaction([command.create, commandEvent.create])', 4, async () => {
    const c = newCommand();
    ids.push(c.id);
    await p.$transaction([p.command.create({ data: c }), p.commandEvent.create({ data: { commandId: c.id, status: 'sent' }, select: { id: true } })]);
  });
  await measure('command + its first entry', 'one statement (insertCommandWithEvent)', 1, async () => {
    const c = newCommand();
    ids.push(c.id);
    await insertCommandWithEvent(p, c, { status: 'sent' });
  });
  await measure('command outcome + its entry', 'Prisma: $transaction([command.update, commandEvent.create])', 4, async (i) => {
    await p.$transaction([
      p.command.update({ where: { id: ids[i]! }, data: { status: 'succeeded', result: { status: 'Accepted' }, completedAt: new Date() } }),
      p.commandEvent.create({ data: { commandId: ids[i]!, status: 'succeeded', detail: { status: 'accepted' } }, select: { id: true } }),
    ]);
  });
  await measure('command outcome + its entry', 'one statement (updateCommandWithEvent)', 1, async (i) => {
    await updateCommandWithEvent(p, ids[i]!, { status: 'succeeded', result: { status: 'Accepted' }, completedAt: new Date() }, { status: 'succeeded', detail: { status: 'accepted' } });
  });
  await measure('ticket timeline note', 'Prisma: ticketEvent.create', 1, async () => {
    await p.ticketEvent.create({ data: { ticketId: ticket.id, actor: 'system', type: 'note', detail: { step: 'reset' } } });
  });
  await measure('ticket timeline note', 'one statement (insertTicketEvent)', 1, async () => {
    await insertTicketEvent(p, ticket.id, { actor: 'system', type: 'note', detail: { step: 'reset' } });
  });
  const fault = (i: number) => (i % 2 ? { source: 'status' as const, code: 'GroundFailure' } : undefined);
  const statusOf = (i: number) => (i % 2 ? 'Faulted' : 'Available');
  await measure('connector status', 'Prisma: connector.upsert', 1, async (i) => {
    const data = { status: statusOf(i), errorCode: fault(i)?.code ?? null, vendorId: null, vendorErrorCode: null, info: null, statusAt: new Date() };
    await p.connector.upsert({ where: { chargerId_evseId_connectorId: { chargerId: 'BW-1', evseId: 1, connectorId: 1 } }, create: { chargerId: 'BW-1', evseId: 1, connectorId: 1, ...data }, update: data });
  });
  await measure('connector status', 'one statement (writeConnectorStatus)', 1, (i) => writeConnectorStatus(p, 'BW-1', { evseId: 1, connectorId: 2 }, statusOf(i), fault(i), new Date()));
  await measure('read by primary key', 'Prisma: charger.findUnique({ select: { id } })', 1, () => p.charger.findUnique({ where: { id: 'BW-1' }, select: { id: true } }));
  await measure('SELECT 1', 'Prisma: $queryRaw', 1, () => p.$queryRaw`SELECT 1 AS one`);
  await measure('SELECT 1', 'pg pool, no Prisma', 1, () => db.sql.query('SELECT 1 AS one'));
} finally {
  await db.close();
  await run?.drop();
  rmSync(dir, { recursive: true, force: true });
}
printTable(
  'db-writes: CPU of one database write in this process, Prisma model calls vs one raw statement',
  {
    machine: machineLine(),
    command: `npx tsx bench/db-writes.ts --ops ${OPS} --database ${db.kind}`,
    database: db.kind === 'postgres' ? 'PostgreSQL on this machine (@prisma/adapter-pg)' : 'PGlite in this process (its CPU is in the figures)',
  },
  rows,
);
