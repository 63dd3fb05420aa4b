import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPart, SAFE } from '../workflow/support/fixtures.ts';
import { bearer, startApi, type ApiHarness } from './support/api-harness.ts';

// Maintenance on a controlled clock (the harness starts on 26 November 2026): plans per charger or model,
// visits generated ahead of the due date from usage and environment, dispatched and recorded through the
// workflow, findings that open repair tickets, and the customer told.

const DAY = 86_400_000;

describe('maintenance plans and visits', () => {
  let h: ApiHarness;
  let supervisor: string;
  let engineer: string;
  let engineerId: string;

  const ok = async (token: string, method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await h.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };

  beforeAll(async () => {
    h = await startApi();
    supervisor = await h.tokenFor('supervisor');
    engineer = await h.tokenFor('repair_engineer');
    engineerId = (await ok(engineer, 'GET', '/api/auth/me')).id;
    const customer = await h.db.prisma.customer.create({ data: { name: 'Harbour Parking' } });
    const coastal = await h.db.prisma.site.create({ data: { name: 'Quay', environment: ['outdoor', 'coastal'], customerId: customer.id } });
    const created = new Date(h.clock.ms - 100 * DAY);
    await h.db.prisma.charger.createMany({
      data: [
        { id: 'MNT-COAST', model: 'DC50', siteId: coastal.id, firstSeenAt: created },
        { id: 'MNT-INDOOR', model: 'DC50', firstSeenAt: created },
        { id: 'MNT-BUSY', model: 'AC22', firstSeenAt: created },
      ],
    });
    // MNT-BUSY: 900 sessions in 100 days; its plan's limit of 1 000 is reached on day 111
    await h.db.prisma.transaction.createMany({ data: Array.from({ length: 900 }, (_, i) => ({ chargerId: 'MNT-BUSY', evseId: 1, connectorId: 1, startedAt: new Date(created.getTime() + i * 9_600_000), meterStartWh: 0, meterStopWh: 10_000 })) });
  });
  afterAll(async () => h?.close());

  it('generates visits ahead of the due date from interval, environment and usage — once', async () => {
    await ok(supervisor, 'POST', '/api/maintenance/plans', { name: 'DC50 half-yearly', model: 'DC50', intervalDays: 180, leadDays: 14 });
    await ok(supervisor, 'POST', '/api/maintenance/plans', { name: 'AC22 by use', chargerId: 'MNT-BUSY', intervalDays: 365, sessionsPerService: 1000, leadDays: 14 });
    const invalid = await h.app.inject({ method: 'POST', url: '/api/maintenance/plans', headers: bearer(supervisor), payload: { name: 'x', intervalDays: 30 } });
    expect(invalid.json().code).toBe('MAINTENANCE_PLAN_INVALID');

    // day 100: the coastal charger is due on day 107 (180 × 0.85 × 0.7), the busy one on day 111; the indoor one on day 180
    const first = await ok(supervisor, 'POST', '/api/maintenance/generate');
    expect(first.created.map((c: { chargerId: string }) => c.chargerId).sort()).toEqual(['MNT-BUSY', 'MNT-COAST']);
    expect((await ok(supervisor, 'POST', '/api/maintenance/generate')).created).toEqual([]);

    const visit = await ok(engineer, 'GET', `/api/maintenance/visits/${first.created.find((c: { chargerId: string }) => c.chargerId === 'MNT-COAST').ticketId}`);
    expect(visit).toMatchObject({ chargerId: 'MNT-COAST', dueAt: new Date(h.clock.ms + 7 * DAY).toISOString(), ticket: { type: 'maintenance', status: 'scheduled' } });
    expect(visit.checklist.map((c: { item: string }) => c.item)).toEqual(expect.arrayContaining(['tighten electrical connections', 'charging-module test']));
  });

  it('a visit: dispatched, on site with approved parts only, findings open a repair ticket, the customer is told', async () => {
    const visitId = (await h.db.prisma.maintenanceVisit.findFirstOrThrow({ where: { chargerId: 'MNT-COAST' } })).ticketId;
    await ok(supervisor, 'POST', `/api/workflow/tickets/${visitId}/dispatch`, { engineerId, window: { start: '2026-11-30T08:00:00Z', end: '2026-11-30T12:00:00Z' } });
    const pirate = await aPart(h.db.prisma, { quantity: 5 });
    await h.db.prisma.part.update({ where: { id: pirate.id }, data: { approved: false } });
    const refused = await h.app.inject({ method: 'POST', url: `/api/workflow/tickets/${visitId}/on-site`, headers: bearer(engineer), payload: { inspectionNotes: 'salt deposits', actions: ['cleaned'], safetyChecklist: SAFE, partsUsed: [{ partId: pirate.id, quantity: 1 }] } });
    expect(refused.json().code).toBe('PART_NOT_APPROVED');
    await ok(engineer, 'POST', `/api/workflow/tickets/${visitId}/on-site`, { inspectionNotes: 'salt deposits on the inlet', actions: ['cleaned', 'tightened terminals'], safetyChecklist: SAFE, partsUsed: [] });

    const visit = await ok(engineer, 'GET', `/api/maintenance/visits/${visitId}`);
    const all = visit.checklist.map((c: { item: string }) => ({ item: c.item, done: true, ok: true }));
    const incomplete = await h.app.inject({ method: 'POST', url: `/api/maintenance/visits/${visitId}/findings`, headers: bearer(engineer), payload: { checklist: all.slice(1), findings: [], channel: 'email' } });
    expect(incomplete.json().code).toBe('CHECKLIST_INCOMPLETE');
    const done = await ok(engineer, 'POST', `/api/maintenance/visits/${visitId}/findings`, {
      checklist: all,
      findings: [
        { description: 'corroded DC contactor terminals', severity: 'high', openRepair: true },
        { description: 'faded label', severity: 'low', openRepair: false },
      ],
      channel: 'email',
    });
    expect(done).toMatchObject({ ticket: { status: 'closed' }, completedAt: expect.any(String) });
    const repairId = done.findings[0].repairTicketId;
    expect(await h.db.prisma.ticket.findUniqueOrThrow({ where: { id: repairId } })).toMatchObject({ type: 'repair', status: 'open', chargerId: 'MNT-COAST', severity: 'high', priority: 'high' });
    expect(await h.db.prisma.customerNotice.findFirstOrThrow({ where: { ticketId: visitId } })).toMatchObject({ subject: 'Maintenance completed', body: expect.stringContaining('corroded DC contactor terminals (repair scheduled)') });

    // the next visit counts from this one: nothing due now
    expect((await ok(supervisor, 'POST', '/api/maintenance/generate')).created).toEqual([]);
  });
});
