import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, openDatabase, type Database } from '../../core/db/database.ts';
import { migrate } from '../../core/db/migrator.ts';
import { loadCatalogue } from '../../core/diagnosis/catalogue.ts';
import { LocalEventBus } from '../../core/event-bus.ts';
import { TicketService } from '../../core/tickets/ticket-service.ts';
import { createTestDatabase, type TestDatabase } from '../support/pg.ts';

describe('one open ticket per charger/connector/fault class, enforced by the database', () => {
  let tdb: TestDatabase;
  const dbs: Database[] = [];
  const log = pino({ level: 'silent' });
  const entry = loadCatalogue().entry('ocpp16:InternalError')!;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    // two connection pools stand for two worker processes
    for (let i = 0; i < 2; i++) dbs.push(await openDatabase({ databaseUrl: tdb.url, dataDir: '/nonexistent', log, poolSize: 10 }));
    await dbs[0]!.withSession((s) => migrate(s, { migrationsDir: MIGRATIONS_DIR, log }));
    await dbs[0]!.prisma.charger.create({ data: { id: 'CP-DUP' } });
  });
  afterAll(async () => {
    await Promise.all(dbs.map((d) => d.close()));
    await tdb.drop();
  });

  it('40 concurrent reports of the same fault through two processes make one ticket with 40 occurrences', async () => {
    const services = dbs.map((d) => new TicketService(d.prisma, new LocalEventBus(log), { recurrenceDays: 7 }, log));
    const at = new Date();
    const results = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const db = dbs[i % 2]!;
        const fault = await db.prisma.fault.create({
          data: { chargerId: 'CP-DUP', evseId: 1, connectorId: 1, source: 'status', code: 'InternalError', faultClass: entry.key, severity: 'high', reportedAt: at },
        });
        return services[i % 2]!.openOrAdd({ chargerId: 'CP-DUP', connector: { evseId: 1, connectorId: 1 }, entry, at, faultId: fault.id, detail: {} });
      }),
    );
    const tickets = await dbs[0]!.prisma.ticket.findMany({ where: { chargerId: 'CP-DUP' } });
    expect(tickets).toHaveLength(1);
    expect(tickets[0]!.occurrences).toBe(40);
    expect(results.filter((r) => r.outcome === 'created')).toHaveLength(1);
    expect(await dbs[0]!.prisma.fault.count({ where: { ticketId: tickets[0]!.id } })).toBe(40);
  });
});
