import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, openDatabase } from '../../core/db/database.ts';
import { migrate } from '../../core/db/migrator.ts';
import { LADDER_ACTOR } from '../../core/diagnosis/self-healing.ts';
import { createTestDatabase, type TestDatabase } from '../support/pg.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { ticketOf } from '../support/sim.ts';

// One process (no Redis) that crashed: it had opened a ticket for a fault but not diagnosed it, and it had a
// remediation ladder under way. The next start diagnoses the first (within SELF_HEALING_TAKEOVER_S) and
// hands the second to a person, saying why on the ticket's timeline.

const CHARGER = 'RR-1';

describe('starting again after a crash (one process)', { timeout: 60_000 }, () => {
  let tdb: TestDatabase;
  let rt: TestRuntime | undefined;
  const orphan = randomUUID();
  const ladder = randomUUID();

  beforeAll(async () => {
    tdb = await createTestDatabase('cm_restart');
    const log = pino({ level: 'silent' });
    const db = await openDatabase({ databaseUrl: tdb.url, dataDir: '/nonexistent', log });
    await db.withSession((s) => migrate(s, { migrationsDir: MIGRATIONS_DIR, log }));
    await db.prisma.charger.create({ data: { id: CHARGER } });
    const at = new Date(Date.now() - 120_000);
    // as FaultIntake leaves a ticket before its response ran: the checks pending, linked to its fault
    await db.prisma.ticket.create({
      data: { id: orphan, status: 'open', chargerId: CHARGER, evseId: 1, connectorId: 1, faultClass: 'ocpp16:HighTemperature', title: 'High temperature', diagnosis: { entryKey: 'ocpp16:HighTemperature', checks: [{ name: 'status', status: 'pending' }] }, createdAt: at },
    });
    await db.prisma.fault.create({
      data: { chargerId: CHARGER, evseId: 1, connectorId: 1, source: 'status', code: 'HighTemperature', faultClass: 'ocpp16:HighTemperature', severity: 'high', reportedAt: at, ticketId: orphan },
    });
    // a ladder under way: moved to remote_action by the ladder, which had started its first step
    await db.prisma.ticket.create({ data: { id: ladder, status: 'remote_action', chargerId: CHARGER, evseId: 1, connectorId: 2, faultClass: 'ocpp16:InternalError', title: 'Internal error', createdAt: at } });
    await db.prisma.ticketEvent.create({ data: { ticketId: ladder, actor: LADDER_ACTOR, type: 'status', detail: { to: 'remote_action', steps: ['softReset'] }, at } });
    await db.prisma.$disconnect();
  });

  afterAll(async () => {
    await rt?.close();
    await tdb.drop();
  });

  it('diagnoses the ticket the crash left undiagnosed and hands the interrupted ladder to a person', async () => {
    rt = await startTestRuntime({ DATABASE_URL: tdb.url, SELF_HEALING_TAKEOVER_S: '3' });

    const handedOver = await rt.db.prisma.ticket.findUniqueOrThrow({ where: { id: ladder } });
    expect(handedOver.status).toBe('awaiting_dispatch');
    const why = await rt.db.prisma.ticketEvent.findMany({ where: { ticketId: ladder, type: 'status' }, orderBy: { id: 'asc' } });
    expect(why.at(-1)).toMatchObject({ actor: 'system', detail: { to: 'awaiting_dispatch', reason: 'automatic remediation was interrupted by a restart' } });

    const diagnosed = await ticketOf(rt, CHARGER, (t) => t.id === orphan && (t.diagnosis as { completedAt?: string } | null)?.completedAt !== undefined, 15_000);
    expect((diagnosed.diagnosis as { checks: unknown[] }).checks.length).toBeGreaterThan(1);
    const timeline = await rt.db.prisma.ticketEvent.findMany({ where: { ticketId: orphan }, orderBy: { id: 'asc' } });
    expect(timeline.filter((e) => e.type === 'response_taken_over')).toHaveLength(1);
  });
});
