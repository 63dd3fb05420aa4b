import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/database.ts';
import type { TicketType } from '../../core/db/generated/enums.ts';
import { faultTrends } from '../../core/kpi/fault-trends.ts';
import { portUptime } from '../../core/kpi/port-uptime.ts';
import { serviceKpis } from '../../core/kpi/service-kpis.ts';
import { workflowDb } from './support/db.ts';

// A hand-built November 2026; every expected figure below is worked out by hand in the comments.
const at = (s: string) => new Date(`2026-${s}Z`);
const from = at('11-01T00:00:00');
const to = at('12-01T00:00:00');
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';

async function ticket(p: PrismaClient, o: { type?: TicketType; assignee: string; created: string; status?: 'closed' | 'open' | 'resolved_remotely'; closed?: string }) {
  return p.ticket.create({ data: { type: o.type ?? 'repair', status: o.status ?? 'closed', title: 't', assigneeId: o.assignee, createdAt: at(o.created), closedAt: o.closed ? at(o.closed) : null } });
}
const resolve = (p: PrismaClient, ticketId: string, when: string, to: 'closed' | 'resolved_remotely') => p.ticketEvent.create({ data: { ticketId, at: at(when), actor: 'user:x', type: 'status', detail: { to } } });
const visit = (p: PrismaClient, ticketId: string, created: string) =>
  p.workOrder.create({ data: { ticketId, engineerId: A, windowStart: at(created), windowEnd: at(created), tools: [], actions: [], createdBy: 'x', createdAt: at(created) } });
const sla = (p: PrismaClient, ticketId: string, started: string, responded: string, breached = false) =>
  p.ticketSla.create({ data: { ticketId, calendarId: 'none', responseMinutes: 60, resolutionMinutes: 600, warnPercent: 80, startedAt: at(started), respondedAt: at(responded), resolutionBreachedAt: breached ? at(responded) : null } });
const survey = (p: PrismaClient, ticketId: string, answered: string, score: number) =>
  p.survey.create({ data: { ticketId, tokenHash: `${ticketId}-h`, sentAt: at(answered), expiresAt: at(answered), answeredAt: at(answered), score } });

describe('KPIs against a hand-computed fixture', () => {
  let t: Awaited<ReturnType<typeof workflowDb>>;

  beforeAll(async () => {
    t = await workflowDb();
    const p = t.db.prisma;
    await p.user.createMany({
      data: [
        { id: A, email: 'a@x', name: 'A', role: 'repair_engineer', passwordHash: 'x' },
        { id: B, email: 'b@x', name: 'B', role: 'repair_engineer', passwordHash: 'x' },
        { id: C, email: 'c@x', name: 'C', role: 'specialist', passwordHash: 'x' },
      ],
    });
    // R1 (A): resolved remotely; responded after 30 min; survey 5
    const r1 = await ticket(p, { assignee: A, created: '11-02T10:00:00', status: 'resolved_remotely' });
    await resolve(p, r1.id, '11-02T12:00:00', 'resolved_remotely');
    await sla(p, r1.id, '11-02T10:00:00', '11-02T10:30:00');
    await survey(p, r1.id, '11-03T09:00:00', 5);
    // R2 (A): closed after one visit, resolution SLA breached; responded after 60 min; survey 3
    const r2 = await ticket(p, { assignee: A, created: '11-03T09:00:00', closed: '11-05T09:00:00' });
    await visit(p, r2.id, '11-04T08:00:00');
    await resolve(p, r2.id, '11-05T09:00:00', 'closed');
    await sla(p, r2.id, '11-03T09:00:00', '11-03T10:00:00', true);
    await survey(p, r2.id, '11-06T09:00:00', 3);
    // R3 (B): two visits, closed 11-12, reopened 11-20 (within 30 days), closed again 11-25; responded after 120 min
    const r3 = await ticket(p, { assignee: B, created: '11-10T08:00:00', closed: '11-25T10:00:00' });
    await visit(p, r3.id, '11-10T12:00:00');
    await visit(p, r3.id, '11-11T12:00:00');
    await resolve(p, r3.id, '11-12T10:00:00', 'closed');
    await p.ticketEvent.create({ data: { ticketId: r3.id, at: at('11-20T10:00:00'), actor: 'system', type: 'reopened' } });
    await resolve(p, r3.id, '11-25T10:00:00', 'closed');
    await sla(p, r3.id, '11-10T08:00:00', '11-10T10:00:00');
    // R4 (B): opened in October, closed 11-01 after one visit, no SLA
    const r4 = await ticket(p, { assignee: B, created: '10-25T08:00:00', closed: '11-01T08:00:00' });
    await visit(p, r4.id, '10-31T08:00:00');
    await resolve(p, r4.id, '11-01T08:00:00', 'closed');
    // R5 (A): resolved in December; its survey answered in December: outside the period
    const r5 = await ticket(p, { assignee: A, created: '11-28T08:00:00', closed: '12-02T08:00:00' });
    await resolve(p, r5.id, '12-02T08:00:00', 'closed');
    await survey(p, r5.id, '12-03T08:00:00', 1);
    // complaints (C): K1 handled, K2 still open, K3 received in October
    const k1 = await ticket(p, { type: 'complaint', assignee: C, created: '11-05T08:00:00', closed: '11-15T08:00:00' });
    await sla(p, k1.id, '11-05T08:00:00', '11-05T12:00:00');
    await survey(p, k1.id, '11-16T08:00:00', 2);
    await ticket(p, { type: 'complaint', assignee: C, created: '11-20T08:00:00', status: 'open' });
    await ticket(p, { type: 'complaint', assignee: C, created: '10-30T08:00:00', closed: '11-03T08:00:00' });

    // uptime: port 1 known since October; Faulted 12 h on 11-10, Unavailable 6 h on 11-20
    const status = (evseId: number, ts: string, s: string) => ({ chargerId: 'CH-U', evseId, connectorId: 1, ts: at(ts), status: s });
    await p.telemetryStatus.createMany({
      data: [
        status(1, '10-31T22:00:00', 'Available'),
        status(1, '11-10T00:00:00', 'Faulted'),
        status(1, '11-10T12:00:00', 'Available'),
        status(1, '11-20T00:00:00', 'Unavailable'),
        status(1, '11-20T06:00:00', 'Charging'),
        status(2, '11-16T00:00:00', 'Available'),
        { chargerId: 'CH-U', evseId: 0, connectorId: 0, ts: at('11-01T00:00:00'), status: 'Unavailable' },
      ],
    });
    await p.charger.createMany({ data: [{ id: 'CH-U', model: 'AC22', firmwareVersion: '1.2' }, { id: 'CH-X', model: 'DC50', firmwareVersion: '3.0' }] });
    const fault = (chargerId: string, code: string, day: string) => ({ chargerId, evseId: 1, connectorId: 1, source: 'status', code, faultClass: `ocpp16:${code}`, severity: 'high' as const, reportedAt: at(`${day}T10:00:00`) });
    await p.fault.createMany({ data: [fault('CH-U', 'GroundFailure', '11-02'), fault('CH-U', 'GroundFailure', '11-03'), fault('CH-X', 'OverVoltage', '11-03'), fault('CH-X', 'OverVoltage', '10-30')] });
  });
  afterAll(async () => t?.close());

  it('for the whole service', async () => {
    expect(await serviceKpis(t.db.prisma, { from, to, recurrenceDays: 30 })).toEqual({
      period: { from: from.toISOString(), to: to.toISOString() },
      scope: {},
      // surveys answered in November: 5, 3, 2 → 3.33
      customerSatisfaction: { responses: 3, mean: 3.33 },
      // resolutions in November: R1, R2, R3 (11-12), R3 (11-25), R4; with an SLA: R1, R2, R3, R3; R2 breached
      repairTimeliness: { resolved: 4, withinSla: 3, rate: 0.75 },
      // R3's first resolution was reopened 8 days later
      repairSuccess: { resolved: 5, notReopened: 4, rate: 0.8, recurrenceDays: 30 },
      // closed on site: R2 (1 visit), R3 twice (2 visits), R4 (1 visit)
      firstTimeFix: { closed: 4, fixedOnFirstVisit: 2, rate: 0.5 },
      // received in November: K1 (handled), K2
      complaintHandling: { received: 2, handled: 1, rate: 0.5 },
      // tickets opened in November with a response: 30, 60, 120, 240 min → mean 112.5, median 90, p90 120 + 0.7 × 120
      responseTime: { tickets: 4, meanMinutes: 112.5, p50Minutes: 90, p90Minutes: 204 },
      remoteResolution: { resolved: 5, remote: 1, rate: 0.2 },
    });
  });

  it('for a person and for a team', async () => {
    const a = await serviceKpis(t.db.prisma, { from, to, recurrenceDays: 30, userId: A });
    expect(a).toMatchObject({
      customerSatisfaction: { responses: 2, mean: 4 },
      repairTimeliness: { resolved: 2, withinSla: 1, rate: 0.5 },
      repairSuccess: { resolved: 2, notReopened: 2, rate: 1 },
      firstTimeFix: { closed: 1, fixedOnFirstVisit: 1, rate: 1 },
      complaintHandling: { received: 0, handled: 0, rate: null },
      responseTime: { tickets: 2, meanMinutes: 45, p50Minutes: 45, p90Minutes: 57 },
      remoteResolution: { resolved: 2, remote: 1, rate: 0.5 },
    });
    const team = await serviceKpis(t.db.prisma, { from, to, recurrenceDays: 30, team: 'repair_engineer' });
    // 30, 60, 120 → mean 70, median 60, p90 60 + 0.8 × 60
    expect(team).toMatchObject({ customerSatisfaction: { responses: 2, mean: 4 }, repairSuccess: { resolved: 5, notReopened: 4 }, responseTime: { tickets: 3, meanMinutes: 70, p50Minutes: 60, p90Minutes: 108 }, complaintHandling: { received: 0 } });
    expect((await serviceKpis(t.db.prisma, { from, to, recurrenceDays: 5 })).repairSuccess).toMatchObject({ notReopened: 5, rate: 1 });
  });

  it('uptime per port and month by the NEVI rule', async () => {
    expect(await portUptime(t.db.prisma, { from, to })).toEqual([
      // 30 days = 43 200 min; down 720 + 360
      { month: '2026-11', chargerId: 'CH-U', evseId: 1, connectorId: 1, observedMinutes: 43_200, operativeMinutes: 42_120, uptimePercent: 97.5 },
      // known from 11-16 only: 15 days observed, all operative
      { month: '2026-11', chargerId: 'CH-U', evseId: 2, connectorId: 1, observedMinutes: 21_600, operativeMinutes: 21_600, uptimePercent: 100 },
    ]);
    const twoMonths = await portUptime(t.db.prisma, { from: at('10-01T00:00:00'), to, chargerId: 'CH-U' });
    expect(twoMonths.filter((r) => r.evseId === 1).map((r) => [r.month, r.observedMinutes])).toEqual([
      ['2026-10', 120],
      ['2026-11', 43_200],
    ]);
  });

  it('fault trends by error code and by model', async () => {
    expect(await faultTrends(t.db.prisma, { from, to, by: 'code', bucket: 'month' })).toEqual([
      { bucket: '2026-11-01', key: 'GroundFailure', faults: 2, chargers: 1 },
      { bucket: '2026-11-01', key: 'OverVoltage', faults: 1, chargers: 1 },
    ]);
    expect(await faultTrends(t.db.prisma, { from, to, by: 'model', bucket: 'day' })).toEqual([
      { bucket: '2026-11-02', key: 'AC22', faults: 1, chargers: 1 },
      { bucket: '2026-11-03', key: 'AC22', faults: 1, chargers: 1 },
      { bucket: '2026-11-03', key: 'DC50', faults: 1, chargers: 1 },
    ]);
  });
});
