import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChargerRegistry } from '../../core/chargers/charger-registry.ts';
import { MIGRATIONS_DIR, openDatabase, type Database } from '../../core/db/database.ts';
import { migrate } from '../../core/db/migrator.ts';
import type { DomainEvent } from '../../core/domain/events.ts';
import { LocalEventBus } from '../../core/event-bus.ts';
import { createTestDatabase, type TestDatabase } from '../support/pg.ts';

describe('ChargerRegistry (PostgreSQL, controlled clock)', () => {
  let tdb: TestDatabase;
  let db: Database;
  let t = Date.parse('2026-11-26T10:00:00Z');
  const log = pino({ level: 'silent' });
  const events: DomainEvent[] = [];
  let registry: ChargerRegistry;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = await openDatabase({ databaseUrl: tdb.url, dataDir: '/nonexistent', log });
    await db.withSession((s) => migrate(s, { migrationsDir: MIGRATIONS_DIR, log }));
    const bus = new LocalEventBus(log);
    bus.onAny((e) => void events.push(e));
    registry = new ChargerRegistry(
      db.prisma,
      bus,
      { unknownChargers: 'reject', heartbeatIntervalS: 60, bootRetryIntervalS: 30, offlineAfterHeartbeats: 3, lastSeenFlushMs: 1000, nodeId: 'n1' },
      log,
      () => t,
    );
    await db.prisma.charger.create({ data: { id: 'CP1' } });
  });
  afterAll(async () => {
    await db.close();
    await tdb.drop();
  });

  it('marks a connected but silent charger offline after the configured multiple of its heartbeat, once', async () => {
    await registry.connected('CP1', { ocppVersion: '2.0.1', remoteAddress: '127.0.0.1' });
    t += 179_000; // 3 × 60 s not yet passed
    registry.sweepOffline();
    expect(events.filter((e) => e.type === 'charger.offline')).toHaveLength(0);
    t += 2_000;
    registry.sweepOffline();
    registry.sweepOffline();
    expect(events.filter((e) => e.type === 'charger.offline')).toEqual([
      expect.objectContaining({ chargerId: 'CP1', lastSeenAt: new Date(Date.parse('2026-11-26T10:00:00Z')) }),
    ]);
    expect(registry.isOnline('CP1')).toBe(false);
  });

  it('brings it back online on its next message', async () => {
    registry.touch('CP1');
    expect(registry.isOnline('CP1')).toBe(true);
  });

  it('reports a charger that disconnected and stayed away offline once, and online when it returns', async () => {
    await db.prisma.charger.create({ data: { id: 'CP3' } });
    const id = await registry.connected('CP3', { ocppVersion: '1.6', remoteAddress: undefined });
    await registry.disconnected('CP3', id, 1006, undefined, false);
    t += 181_000;
    registry.sweepOffline();
    registry.sweepOffline();
    expect(events.filter((e) => e.type === 'charger.offline' && e.chargerId === 'CP3')).toHaveLength(1);
    await registry.connected('CP3', { ocppVersion: '1.6', remoteAddress: undefined });
    expect(events.filter((e) => e.type === 'charger.online' && e.chargerId === 'CP3')).toHaveLength(1);
  });

  it('writes last-seen for every charger in one flush, never moving it backwards', async () => {
    await db.prisma.charger.create({ data: { id: 'CP2', lastSeenAt: new Date('2030-01-01T00:00:00Z') } });
    registry.touch('CP1');
    registry.touch('CP2');
    await registry.flushLastSeen();
    const rows = await db.prisma.charger.findMany({ where: { id: { in: ['CP1', 'CP2'] } }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => r.lastSeenAt?.getTime())).toEqual([t, Date.parse('2030-01-01T00:00:00Z')]);
  });
});
