import type { PrismaClient } from '../../../core/db/database.ts';
import type { TicketType } from '../../../core/db/generated/enums.ts';

// The hand-computed month of test/workflow/kpis.test.ts, seeded in November of `year` (a past year, so
// nothing else a browser test does falls into it). The figures it must give are in KPI_FIXTURE_FIGURES.

export const KPI_FIXTURE_FIGURES = {
  satisfaction: '3.33 / 5', // surveys 5, 3, 2
  timeliness: '75 %', // 3 of 4 resolutions with an SLA in time
  success: '80 %', // 4 of 5 not reopened within 30 days
  firstTimeFix: '50 %', // 2 of 4 closed on the first visit
  complaints: '50 %', // 1 of 2 complaints handled
  responseMean: '1 h 53 min', // 30, 60, 120, 240 min → 112.5
  responseDetail: 'median 1 h 30 min · p90 3 h 24 min · 4 tickets',
  remote: '20 %', // 1 of 5 resolved remotely
  uptimePort1: '97.50 %', // Faulted 12 h + Unavailable 6 h of 30 days
};

export async function seedKpiMonth(p: PrismaClient, year: number): Promise<void> {
  const at = (s: string) => new Date(`${year}-${s}Z`);
  const [A, B, C] = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b', '00000000-0000-4000-8000-00000000000c'];
  await p.user.createMany({
    data: [
      { id: A, email: 'kpi-a@example.com', name: 'Ana Engineer', role: 'repair_engineer', passwordHash: 'x' },
      { id: B, email: 'kpi-b@example.com', name: 'Ben Engineer', role: 'repair_engineer', passwordHash: 'x' },
      { id: C, email: 'kpi-c@example.com', name: 'Cleo Specialist', role: 'specialist', passwordHash: 'x' },
    ],
  });
  const ticket = (o: { type?: TicketType; assignee: string; created: string; status?: 'closed' | 'open' | 'resolved_remotely'; closed?: string }) =>
    p.ticket.create({ data: { type: o.type ?? 'repair', status: o.status ?? 'closed', title: `KPI fixture ${o.type ?? 'repair'}`, assigneeId: o.assignee, createdAt: at(o.created), closedAt: o.closed ? at(o.closed) : null } });
  const resolve = (ticketId: string, when: string, to: 'closed' | 'resolved_remotely') => p.ticketEvent.create({ data: { ticketId, at: at(when), actor: 'user:x', type: 'status', detail: { to } } });
  const visit = (ticketId: string, created: string) => p.workOrder.create({ data: { ticketId, engineerId: A, windowStart: at(created), windowEnd: at(created), tools: [], actions: [], createdBy: 'x', createdAt: at(created) } });
  const sla = (ticketId: string, started: string, responded: string, breached = false) =>
    p.ticketSla.create({ data: { ticketId, calendarId: 'none', responseMinutes: 60, resolutionMinutes: 600, warnPercent: 80, startedAt: at(started), respondedAt: at(responded), resolutionBreachedAt: breached ? at(responded) : null } });
  const survey = (ticketId: string, answered: string, score: number) => p.survey.create({ data: { ticketId, tokenHash: `${ticketId}-h`, sentAt: at(answered), expiresAt: at(answered), answeredAt: at(answered), score } });

  const r1 = await ticket({ assignee: A, created: '11-02T10:00:00', status: 'resolved_remotely' });
  await resolve(r1.id, '11-02T12:00:00', 'resolved_remotely');
  await sla(r1.id, '11-02T10:00:00', '11-02T10:30:00');
  await survey(r1.id, '11-03T09:00:00', 5);
  const r2 = await ticket({ assignee: A, created: '11-03T09:00:00', closed: '11-05T09:00:00' });
  await visit(r2.id, '11-04T08:00:00');
  await resolve(r2.id, '11-05T09:00:00', 'closed');
  await sla(r2.id, '11-03T09:00:00', '11-03T10:00:00', true);
  await survey(r2.id, '11-06T09:00:00', 3);
  const r3 = await ticket({ assignee: B, created: '11-10T08:00:00', closed: '11-25T10:00:00' });
  await visit(r3.id, '11-10T12:00:00');
  await visit(r3.id, '11-11T12:00:00');
  await resolve(r3.id, '11-12T10:00:00', 'closed');
  await p.ticketEvent.create({ data: { ticketId: r3.id, at: at('11-20T10:00:00'), actor: 'system', type: 'reopened' } });
  await resolve(r3.id, '11-25T10:00:00', 'closed');
  await sla(r3.id, '11-10T08:00:00', '11-10T10:00:00');
  const r4 = await ticket({ assignee: B, created: '10-25T08:00:00', closed: '11-01T08:00:00' });
  await visit(r4.id, '10-31T08:00:00');
  await resolve(r4.id, '11-01T08:00:00', 'closed');
  const r5 = await ticket({ assignee: A, created: '11-28T08:00:00', closed: '12-02T08:00:00' });
  await resolve(r5.id, '12-02T08:00:00', 'closed');
  await survey(r5.id, '12-03T08:00:00', 1);
  const k1 = await ticket({ type: 'complaint', assignee: C, created: '11-05T08:00:00', closed: '11-15T08:00:00' });
  await sla(k1.id, '11-05T08:00:00', '11-05T12:00:00');
  await survey(k1.id, '11-16T08:00:00', 2);
  await ticket({ type: 'complaint', assignee: C, created: '11-20T08:00:00', status: 'open' });
  await ticket({ type: 'complaint', assignee: C, created: '10-30T08:00:00', closed: '11-03T08:00:00' });

  const status = (evseId: number, ts: string, s: string) => ({ chargerId: 'CH-U', evseId, connectorId: 1, ts: at(ts), status: s });
  await p.telemetryStatus.createMany({
    data: [
      status(1, '10-31T22:00:00', 'Available'),
      status(1, '11-10T00:00:00', 'Faulted'),
      status(1, '11-10T12:00:00', 'Available'),
      status(1, '11-20T00:00:00', 'Unavailable'),
      status(1, '11-20T06:00:00', 'Charging'),
      status(2, '11-16T00:00:00', 'Available'),
    ],
  });
  await p.charger.createMany({ data: [{ id: 'CH-U', model: 'AC22', firmwareVersion: '1.2' }, { id: 'CH-X', model: 'DC50', firmwareVersion: '3.0' }] });
  const fault = (chargerId: string, code: string, day: string) => ({ chargerId, evseId: 1, connectorId: 1, source: 'status', code, faultClass: `ocpp16:${code}`, severity: 'high' as const, reportedAt: at(`${day}T10:00:00`) });
  await p.fault.createMany({ data: [fault('CH-U', 'GroundFailure', '11-02'), fault('CH-U', 'GroundFailure', '11-03'), fault('CH-X', 'OverVoltage', '11-03'), fault('CH-X', 'OverVoltage', '10-30')] });
}
