import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalEventBus } from '../../core/event-bus.ts';
import { sweepSlas } from '../../core/sla/sweep-slas.ts';
import type { WorkflowDeps } from '../../core/workflow/workflow-deps.ts';
import { aTicket } from '../workflow/support/fixtures.ts';
import { bearer, startApi, type ApiHarness } from './support/api-harness.ts';

// SLAs on a controlled clock: the harness starts on Thursday 26 November 2026, 10:00 UTC (11:00 Berlin).
const HOUR = 3_600_000;

describe('SLA targets, pauses, warnings and breaches', () => {
  let h: ApiHarness;
  let supervisor: string;
  let support: string;
  let deps: WorkflowDeps;

  beforeAll(async () => {
    h = await startApi();
    supervisor = await h.tokenFor('supervisor');
    support = await h.tokenFor('support_engineer');
    const log = pino({ level: 'silent' });
    deps = { prisma: h.db.prisma, bus: new LocalEventBus(log), log, now: h.clock.now };
    const cal = await h.app.inject({
      method: 'PUT',
      url: '/api/workflow/sla/calendars/default',
      headers: bearer(supervisor),
      payload: { timeZone: 'Europe/Berlin', workdays: [1, 2, 3, 4, 5], openMinute: 480, closeMinute: 1020, holidays: [{ date: '2026-11-27', name: 'company day' }] },
    });
    expect(cal.statusCode, cal.body).toBe(200);
    for (const p of [
      { name: 'repair, any', ticketType: 'repair', responseMinutes: 240, resolutionMinutes: 2400 },
      { name: 'repair, premium customers', ticketType: 'repair', tier: 'premium', responseMinutes: 60, resolutionMinutes: 300 },
    ]) expect((await h.app.inject({ method: 'POST', url: '/api/workflow/sla/policies', headers: bearer(supervisor), payload: p })).statusCode).toBe(201);
  });
  afterAll(async () => h?.close());

  const sla = async (id: string) => (await h.app.inject({ method: 'GET', url: `/api/workflow/tickets/${id}/sla`, headers: bearer(support) })).json();
  // access tokens live 15 minutes: after moving the clock by hours, log in again
  const relogin = async () => {
    support = await h.tokenFor('support_engineer');
    supervisor = await h.tokenFor('supervisor');
  };

  it('gives a premium customer the tighter policy; warns, then breaches, once each, in business time', async () => {
    const premium = await h.db.prisma.customer.create({ data: { name: 'Stadtwerke', tier: 'premium' } });
    const t = await aTicket(h.db.prisma, { chargerId: 'SLA-1', customerId: premium.id });
    await h.db.prisma.ticket.update({ where: { id: t.id }, data: { createdAt: h.clock.now() } });
    expect((await sweepSlas(deps)).started).toBeGreaterThanOrEqual(1);
    expect(await sla(t.id)).toMatchObject({ response: { targetMinutes: 60, elapsedMinutes: 0, state: 'running', dueAt: '2026-11-26T11:00:00.000Z' }, resolution: { targetMinutes: 300 } });

    h.clock.advance(50 * 60_000);
    const published: string[] = [];
    const off = deps.bus.onAny((e) => {
      if (e.type === 'ticket.updated' && e.ticketId === t.id) published.push(e.change);
    });
    expect((await sweepSlas(deps)).warnings).toContainEqual({ ticketId: t.id, target: 'response' });
    expect((await sweepSlas(deps)).warnings).toEqual([]);
    h.clock.advance(15 * 60_000);
    expect((await sweepSlas(deps)).breaches).toContainEqual({ ticketId: t.id, target: 'response' });
    off();
    // warnings and breaches reach the live feed and webhooks as ticket.updated
    expect(published).toEqual(['sla_warning', 'sla_breach']);

    // 16:00 Berlin on Thursday: 300 business minutes run out at 16:00 (11:00 + 5 h)
    h.clock.advance(4 * HOUR);
    await relogin();
    const late = await sla(t.id);
    expect(late.resolution).toMatchObject({ state: 'breached' });
    const types = (await h.db.prisma.ticketEvent.findMany({ where: { ticketId: t.id, type: { startsWith: 'sla_' } }, orderBy: { id: 'asc' } })).map((e) => `${e.type}:${(e.detail as { target: string }).target}`);
    await sweepSlas(deps);
    expect([...types, ...(await h.db.prisma.ticketEvent.findMany({ where: { ticketId: t.id, type: 'sla_breach', detail: { path: ['target'], equals: 'resolution' } } })).map(() => 'sla_breach:resolution')]).toEqual([
      'sla_warning:response',
      'sla_breach:response',
      'sla_breach:resolution',
    ]);
  });

  it('pauses while waiting for the customer; a response stops the response clock; nights and weekends do not count', async () => {
    h.clock.ms = Date.parse('2026-11-30T07:00:00Z'); // Monday 08:00 Berlin
    const t = await aTicket(h.db.prisma, { chargerId: 'SLA-2' });
    await h.db.prisma.ticket.update({ where: { id: t.id }, data: { createdAt: h.clock.now() } });
    await sweepSlas(deps);
    h.clock.advance(30 * 60_000);
    await relogin();
    // a person answers: the first user entry in the timeline is the response
    const moved = await h.app.inject({ method: 'POST', url: `/api/workflow/tickets/${t.id}/transitions`, headers: bearer(support), payload: { to: 'awaiting_dispatch' } });
    expect(moved.statusCode).toBe(200);
    const paused = await h.app.inject({ method: 'POST', url: `/api/workflow/tickets/${t.id}/sla/pause`, headers: bearer(support), payload: { reason: 'customer' } });
    expect(paused.json()).toMatchObject({ resolution: { state: 'paused', dueAt: null }, pauses: [{ reason: 'customer', endedAt: null }] });
    expect((await h.app.inject({ method: 'POST', url: `/api/workflow/tickets/${t.id}/sla/pause`, headers: bearer(support), payload: { reason: 'parts' } })).json().code).toBe('SLA_ALREADY_PAUSED');

    h.clock.advance(24 * HOUR); // Tuesday 08:30: the customer called back
    await relogin();
    const resumed = await h.app.inject({ method: 'POST', url: `/api/workflow/tickets/${t.id}/sla/resume`, headers: bearer(support) });
    await sweepSlas(deps);
    const s = await sla(t.id);
    expect(resumed.statusCode).toBe(200);
    expect(s).toMatchObject({ respondedAt: '2026-11-30T07:30:00.000Z', response: { state: 'met', elapsedMinutes: 30 } });
    expect(s.resolution).toMatchObject({ elapsedMinutes: 30, state: 'running' });
    // 2370 business minutes left from Tuesday 08:30: 510 on Tuesday, 540 on Wednesday, Thursday and Friday,
    // the last 240 on Monday 7 December (08:00–12:00 Berlin)
    expect(s.resolution.dueAt).toBe('2026-12-07T11:00:00.000Z');
    expect((await h.app.inject({ method: 'POST', url: `/api/workflow/tickets/${t.id}/sla/resume`, headers: bearer(support) })).json().code).toBe('SLA_NOT_PAUSED');
  });

  it('only supervisors set calendars and policies; an unknown calendar is refused', async () => {
    await relogin();
    expect((await h.app.inject({ method: 'POST', url: '/api/workflow/sla/policies', headers: bearer(support), payload: {} })).statusCode).toBe(403);
    const res = await h.app.inject({ method: 'POST', url: '/api/workflow/sla/policies', headers: bearer(supervisor), payload: { name: 'x', ticketType: 'complaint', responseMinutes: 60, resolutionMinutes: 600, calendarId: 'mars' } });
    expect(res.json().code).toBe('SLA_CALENDAR_NOT_FOUND');
    const bad = await h.app.inject({ method: 'PUT', url: '/api/workflow/sla/calendars/x', headers: bearer(supervisor), payload: { timeZone: 'Mars/Olympus', workdays: [1], openMinute: 0, closeMinute: 60 } });
    expect(bad.json().code).toBe('SLA_CALENDAR_INVALID');
  });
});
