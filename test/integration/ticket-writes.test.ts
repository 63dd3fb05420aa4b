import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../../core/db/raw-statements.ts';
import type { Database } from '../../core/db/database.ts';
import { insertFaultTicket, insertTicketEvent, transitionTicket, updateFaultTicket, writeFaultTicket, type NewFaultTicket } from '../../core/tickets/ticket-writes.ts';
import { suiteDatabase } from '../support/suite-database.ts';

// What a fault does to its ticket is one SQL statement (core/tickets/ticket-writes.ts), not Prisma's model
// calls: the row it returns must be what Prisma's model reads, on both databases the product runs on, with
// the timeline entry and the fault's link written together — or, when the write is refused, none of them.

const T = (s: number) => new Date(Date.UTC(2026, 10, 27, 10, 0, s, 250));

describe.each(['postgres', 'pglite'] as const)('fault ticket writes in one statement (%s)', (kind) => {
  const database = suiteDatabase(kind, (d) => d.prisma.charger.create({ data: { id: 'TW-1' } }));
  let db: Database;
  beforeAll(() => {
    db = database();
  });

  const fault = async () =>
    (await db.prisma.fault.create({ data: { chargerId: 'TW-1', evseId: 1, connectorId: 1, source: 'status', code: 'GroundFailure', faultClass: 'ocpp16:GroundFailure', severity: 'safety_critical', reportedAt: T(0) }, select: { id: true } })).id;
  const ticket = (over: Partial<NewFaultTicket> = {}): NewFaultTicket => ({
    id: randomUUID(), chargerId: 'TW-1', evseId: 1, connectorId: 1, faultClass: 'ocpp16:GroundFailure', severity: 'safety_critical',
    title: 'Ground failure on TW-1 EVSE 1', diagnosis: { key: 'ocpp16:GroundFailure', checks: [], note: 'ü "q"' }, openKey: `TW-1/1/1/${randomUUID()}`, at: T(1), ...over,
  });
  const timeline = (ticketId: string) => db.prisma.ticketEvent.findMany({ where: { ticketId }, orderBy: { id: 'asc' }, select: { type: true, actor: true, at: true, detail: true } });

  it('opens a ticket with its entry and the fault linked, and returns the row as Prisma reads it', async () => {
    const faultId = await fault();
    const t = ticket();
    const row = await writeFaultTicket(db.prisma, insertFaultTicket(t), { actor: 'system', type: 'created', at: T(1), detail: { faultClass: t.faultClass } }, faultId);
    expect(row).toEqual(await db.prisma.ticket.findUnique({ where: { id: t.id } }));
    expect(row).toMatchObject({ type: 'repair', status: 'open', severity: 'safety_critical', occurrences: 1, openKey: t.openKey, firstOccurredAt: T(1), priority: 'normal', escalated: false, diagnosis: t.diagnosis });
    expect(row!.number).toBeGreaterThan(0);
    expect(await timeline(t.id)).toEqual([{ type: 'created', actor: 'system', at: T(1), detail: { faultClass: t.faultClass } }]);
    expect((await db.prisma.fault.findUnique({ where: { id: faultId } }))!.ticketId).toBe(t.id);
  });

  it('adds an occurrence, reclassifies and reopens: each change with its entry and its fault', async () => {
    const t = ticket({ severity: 'medium', faultClass: 'ocpp16:OtherError' });
    await writeFaultTicket(db.prisma, insertFaultTicket(t), { actor: 'system', type: 'created', at: T(1), detail: null }, await fault());

    const second = await fault();
    const occ = await writeFaultTicket(db.prisma, updateFaultTicket(t.id, { kind: 'occurrence', at: T(5) }), { actor: 'system', type: 'occurrence', at: T(5), detail: {} }, second);
    expect(occ).toMatchObject({ occurrences: 2, lastOccurredAt: T(5), firstOccurredAt: T(1), faultClass: 'ocpp16:OtherError', severity: 'medium' });
    expect((await db.prisma.fault.findUnique({ where: { id: second } }))!.ticketId).toBe(t.id);

    const key = `TW-1/1/1/${randomUUID()}`;
    const re = await writeFaultTicket(db.prisma, updateFaultTicket(t.id, { kind: 'reclassify', at: T(6), faultClass: 'ocpp16:GroundFailure', severity: 'safety_critical', title: 'Ground failure', openKey: key, diagnosis: { key: 'g' } }), { actor: 'system', type: 'reclassified', at: T(6), detail: { from: 'ocpp16:OtherError' } }, await fault());
    expect(re).toEqual(await db.prisma.ticket.findUnique({ where: { id: t.id } }));
    expect(re).toMatchObject({ occurrences: 3, faultClass: 'ocpp16:GroundFailure', severity: 'safety_critical', title: 'Ground failure', openKey: key, diagnosis: { key: 'g' } });

    await db.prisma.ticket.update({ where: { id: t.id }, data: { status: 'resolved_remotely', openKey: null, resolvedAt: T(7), resolution: 'reset' } });
    const back = await writeFaultTicket(db.prisma, updateFaultTicket(t.id, { kind: 'reopen', at: T(9), openKey: key, diagnosis: { key: 'g2' } }), { actor: 'system', type: 'reopened', at: T(9), detail: { previousResolution: 'reset' } }, await fault());
    expect(back).toEqual(await db.prisma.ticket.findUnique({ where: { id: t.id } }));
    expect(back).toMatchObject({ status: 'open', reopenCount: 1, resolvedAt: null, resolution: null, occurrences: 4, openKey: key, diagnosis: { key: 'g2' } });
    expect((await timeline(t.id)).map((e) => e.type)).toEqual(['created', 'occurrence', 'reclassified', 'reopened']);
  });

  it('writes nothing when a second ticket would take the open key, and says it was the unique key', async () => {
    const first = ticket();
    await writeFaultTicket(db.prisma, insertFaultTicket(first), { actor: 'system', type: 'created', at: T(1), detail: null }, await fault());
    const faultId = await fault();
    const dup = ticket({ openKey: first.openKey });
    const err: unknown = await writeFaultTicket(db.prisma, insertFaultTicket(dup), { actor: 'system', type: 'created', at: T(2), detail: null }, faultId).catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
    expect(await db.prisma.ticket.count({ where: { id: dup.id } })).toBe(0);
    expect(await db.prisma.ticketEvent.count({ where: { ticketId: dup.id } })).toBe(0);
    expect((await db.prisma.fault.findUnique({ where: { id: faultId } }))!.ticketId).toBeNull();
  });

  it('changes nothing for a ticket that does not exist', async () => {
    const faultId = await fault();
    expect(await writeFaultTicket(db.prisma, updateFaultTicket(randomUUID(), { kind: 'occurrence', at: T(3) }), { actor: 'system', type: 'occurrence', at: T(3), detail: null }, faultId)).toBeUndefined();
    expect((await db.prisma.fault.findUnique({ where: { id: faultId } }))!.ticketId).toBeNull();
  });

  it('moves a ticket only from the statuses given, with its entry; otherwise writes nothing', async () => {
    const t = ticket();
    await writeFaultTicket(db.prisma, insertFaultTicket(t), { actor: 'system', type: 'created', at: T(1), detail: null }, await fault());
    const moved = await transitionTicket(db.prisma, { ticketId: t.id, from: ['open', 'awaiting_dispatch'], status: 'remote_action', clearOpenKey: false, extra: {} }, { actor: 'rule:self-healing', detail: { to: 'remote_action', steps: ['reset'] } });
    expect(moved).toEqual(await db.prisma.ticket.findUnique({ where: { id: t.id } }));
    expect(moved).toMatchObject({ status: 'remote_action', openKey: t.openKey });

    expect(await transitionTicket(db.prisma, { ticketId: t.id, from: ['open'], status: 'awaiting_dispatch', clearOpenKey: false, extra: {} }, { actor: 'x', detail: {} })).toBeUndefined();
    expect((await db.prisma.ticket.findUnique({ where: { id: t.id } }))!.status).toBe('remote_action');

    const done = await transitionTicket(db.prisma, { ticketId: t.id, from: ['remote_action'], status: 'resolved_remotely', clearOpenKey: true, extra: { resolvedAt: T(30), resolution: 'cleared after automatic reset' } }, { actor: 'system', detail: { to: 'resolved_remotely', evidence: { clearedAt: T(29) } } });
    expect(done).toMatchObject({ status: 'resolved_remotely', openKey: null, resolvedAt: T(30), resolution: 'cleared after automatic reset' });
    await insertTicketEvent(db.prisma, t.id, { actor: 'rule:self-healing', type: 'remediation-ended', detail: { outcome: 'cleared' } });
    const entries = await timeline(t.id);
    expect(entries.map((e) => [e.type, e.actor])).toEqual([['created', 'system'], ['status', 'rule:self-healing'], ['status', 'system'], ['remediation-ended', 'rule:self-healing']]);
    expect(entries[2]!.detail).toEqual({ to: 'resolved_remotely', evidence: { clearedAt: T(29).toISOString() } });
  });
});
