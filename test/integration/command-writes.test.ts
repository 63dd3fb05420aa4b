import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { insertCommandWithEvent, updateCommandWithEvent } from '../../core/commands/command-writes.ts';
import type { Database } from '../../core/db/database.ts';
import { isForeignKeyViolation } from '../../core/db/raw-statements.ts';
import { suiteDatabase } from '../support/suite-database.ts';

// A command's write and its timeline entry are one SQL statement (core/commands/command-writes.ts), not
// Prisma's model calls: the row it returns must be what Prisma's model reads, on both databases the
// product runs on, and the entry must be written with it — or, when the write fails, not at all.

describe.each(['postgres', 'pglite'] as const)('command writes in one statement (%s)', (kind) => {
  const database = suiteDatabase(kind, (d) => d.prisma.charger.create({ data: { id: 'CW-1' } }));
  let db: Database;
  beforeAll(() => {
    db = database();
  });

  const events = (commandId: string) =>
    db.prisma.commandEvent.findMany({ where: { commandId }, orderBy: { id: 'asc' }, select: { status: true, at: true, detail: true } });

  it('inserts a command with its first entry and returns the row as Prisma reads it', async () => {
    const id = randomUUID();
    const sentAt = new Date('2026-11-27T10:00:00.123Z');
    const row = await insertCommandWithEvent(db.prisma, {
      id, chargerId: 'CW-1', kind: 'reset', params: { kind: 'reset', type: 'Soft', note: 'ü "quoted"' }, status: 'sent',
      requestedBy: 'user:7', ticketId: null, requestId: 2 ** 31 - 1, sentAt, expiresAt: null,
    }, { status: 'sent', at: sentAt });
    expect(row).toEqual(await db.prisma.command.findUnique({ where: { id } }));
    expect(row).toMatchObject({ status: 'sent', params: { note: 'ü "quoted"' }, requestId: 2 ** 31 - 1, sentAt, ticketId: null, result: null });
    expect(await events(id)).toEqual([{ status: 'sent', at: sentAt, detail: null }]);
  });

  it('updates only the given columns and adds the entry with its detail', async () => {
    const id = randomUUID();
    await insertCommandWithEvent(db.prisma, { id, chargerId: 'CW-1', kind: 'getLogs', params: {}, status: 'queued', requestedBy: 'system', ticketId: null, requestId: 1, sentAt: null, expiresAt: new Date('2026-12-01T00:00:00Z') }, { status: 'queued' });
    const done = new Date('2026-11-27T10:00:05Z');
    const row = await updateCommandWithEvent(db.prisma, id, { status: 'succeeded', result: { status: 'Accepted', n: [1, 2] }, completedAt: done }, { status: 'succeeded', at: done, detail: { status: 'accepted', result: { status: 'Accepted' } } });
    expect(row).toEqual(await db.prisma.command.findUnique({ where: { id } }));
    expect(row).toMatchObject({ status: 'succeeded', result: { status: 'Accepted', n: [1, 2] }, completedAt: done, error: null, expiresAt: new Date('2026-12-01T00:00:00Z') });
    const timeline = await events(id);
    expect(timeline.map((e) => e.status)).toEqual(['queued', 'succeeded']);
    expect(timeline[1]).toEqual({ status: 'succeeded', at: done, detail: { status: 'accepted', result: { status: 'Accepted' } } });
  });

  it('writes nothing for a command that does not exist, and nothing at all when the insert fails', async () => {
    const missing = randomUUID();
    expect(await updateCommandWithEvent(db.prisma, missing, { status: 'failed', error: 'x' }, { status: 'failed' })).toBeUndefined();
    expect(await db.prisma.commandEvent.count({ where: { commandId: missing } })).toBe(0);

    const id = randomUUID();
    const refused: unknown = await insertCommandWithEvent(db.prisma, { id, chargerId: 'NO-SUCH-CHARGER', kind: 'reset', params: {}, status: 'sent', requestedBy: 'system', ticketId: null, requestId: 1, sentAt: new Date(), expiresAt: null }, { status: 'sent' }).then(() => undefined, (e: unknown) => e);
    expect(refused).toBeInstanceOf(Error);
    expect(isForeignKeyViolation(refused)).toBe(true);
    expect(await db.prisma.command.count({ where: { id } })).toBe(0);
    expect(await db.prisma.commandEvent.count({ where: { commandId: id } })).toBe(0);
  });
});
