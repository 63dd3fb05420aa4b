import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.ts';
import { loadApiConfig } from '../../api/config.ts';
import { serviceKpis } from '../../core/kpi/service-kpis.ts';
import { createUser } from '../../core/users/create-user.ts';
import type { Role } from '../../core/users/permissions.ts';
import { awaitEvent } from '../../simulator/await-event.ts';
import type { VirtualCharger } from '../../simulator/virtual-charger.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { bootedCharger, fastCatalogueFile, ticketOf } from '../support/sim.ts';
import { aPart, PNG_SIGNATURE, SAFE } from '../workflow/support/fixtures.ts';
import { bearer, PASSWORD } from './support/api-harness.ts';

// The whole repair loop, as people drive it through the API, against the real gateway and a simulated
// charger: an injected ground fault opens an escalated ticket and takes the charger out of service; the
// supervisor sends a repair engineer; the engineer repairs on site, tests with fresh OCPP answers from the
// charger, and the customer signs. Every step is in the ticket's timeline. The same fault again reopens it.

describe('a full repair through the API, with a simulated charger', () => {
  let rt: TestRuntime;
  let app: FastifyInstance;
  let charger: VirtualCharger;
  const tokens = new Map<Role, { token: string; id: string }>();

  const as = (role: Role) => tokens.get(role)!;
  const post = async (role: Role, url: string, payload: object) => {
    const res = await app.inject({ method: 'POST', url: `/api/workflow${url}`, headers: bearer(as(role).token), payload });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    rt = await startTestRuntime({ OCPP_UNKNOWN_CHARGERS: 'auto-register', DIAGNOSIS_CATALOGUE_FILE: fastCatalogueFile(3) });
    const log = pino({ level: 'silent' });
    app = buildApp({ prisma: rt.db.prisma, telemetry: rt.telemetry, bus: rt.bus, log, config: loadApiConfig({ API_COOKIE_SECURE: 'false' }), commands: rt.commands });
    await app.ready();
    for (const role of ['supervisor', 'repair_engineer'] as const) {
      const user = await createUser(rt.db.prisma, { email: `${role}@example.com`, name: role === 'supervisor' ? 'Sam Supervisor' : 'Rita Repair', role, password: PASSWORD });
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: `${role}@example.com`, password: PASSWORD } });
      tokens.set(role, { token: login.json().accessToken, id: user.id });
    }
    ({ charger } = await bootedCharger(rt, '2.0.1', { model: 'AC22-T2' }));
  });
  afterAll(async () => {
    await charger?.stop();
    await app?.close();
    await rt?.responses.idle();
    await rt?.close();
  });

  it('from an injected fault to a signed closure', async () => {
    const rcd = await aPart(rt.db.prisma, { name: 'RCD / ground-fault module', quantity: 2, models: ['AC22-T2'] });
    const faultId = charger.injectFault({ kind: 'status-error', errorCode: 'GroundFailure', connectorId: 1, clearsBy: 'repair' });
    const escalated = await ticketOf(rt, charger.id, (t) => t.status === 'escalated' && (t.diagnosis as { completedAt?: string } | null)?.completedAt !== undefined);
    await rt.settled();
    const id = escalated.id;

    // the supervisor sends an engineer; the customer is told
    const decided = await post('supervisor', `/tickets/${id}/decision`, {
      decision: 'continue',
      next: 'awaiting_dispatch',
      reason: 'earth fault, no damage visible remotely: replace the RCD',
      notice: { channel: 'email', subject: 'Your charger will be repaired', message: 'An engineer comes tomorrow morning.' },
    });
    expect(decided.ticket.status).toBe('awaiting_dispatch');
    const dispatched = await post('supervisor', `/tickets/${id}/dispatch`, { engineerId: as('repair_engineer').id, window: { start: '2026-11-27T08:00:00Z', end: '2026-11-27T10:00:00Z' } });
    expect(dispatched.workOrders[0].plannedParts).toEqual(expect.arrayContaining([{ name: 'RCD / ground-fault module', partId: rcd.id, quantity: 1 }, { name: 'charging cable', quantity: 1 }]));

    // on site: safety first, the RCD is replaced (the simulated fault is repaired)
    const onSite = await post('repair_engineer', `/tickets/${id}/on-site`, { inspectionNotes: 'RCD trips with no load', actions: ['replaced RCD'], safetyChecklist: SAFE, partsUsed: [{ partId: rcd.id, quantity: 1 }] });
    expect(onSite.status).toBe('on_site');
    const cleared = awaitEvent(charger, 'fault', (r) => r.event === 'cleared');
    expect(charger.clearFault(faultId, 'repair')).toBe(true);
    await cleared;
    await rt.settled();

    // the test after repair asks the charger itself: back into service, fresh status, fresh meter values
    const tested = await post('repair_engineer', `/tickets/${id}/tests`, { passed: true, notes: 'RCD trips at 30 mA; test session 5 min', freshCheck: true, returnToService: true });
    expect(tested.status).toBe('awaiting_signoff');
    expect(tested.tests[0]).toMatchObject({ passed: true });
    expect(tested.tests[0].checks.map((c: { name: string; status: string }) => [c.name, c.status])).toEqual([
      ['availability', 'ok'],
      ['status', 'ok'],
      ['meterValues', 'ok'],
    ]);
    const asked = await rt.db.prisma.command.findMany({ where: { ticketId: id, requestedBy: `user:${as('repair_engineer').id}` }, orderBy: { requestedAt: 'asc' } });
    expect(asked.map((c) => [c.kind, (c.params as { message?: string }).message ?? null, c.status])).toEqual([
      ['changeAvailability', null, 'succeeded'],
      ['triggerMessage', 'StatusNotification', 'succeeded'],
      ['triggerMessage', 'MeterValues', 'succeeded'],
    ]);

    const signed = await post('repair_engineer', `/tickets/${id}/signoff`, { name: 'Ana López', signature: PNG_SIGNATURE });
    expect(signed).toMatchObject({ status: 'closed', signoffs: [{ role: 'customer', name: 'Ana López' }] });
    expect(await rt.db.prisma.part.findUniqueOrThrow({ where: { id: rcd.id } })).toMatchObject({ quantity: 1 });

    // the timeline tells the whole story, each step with its actor
    const steps = signed.timeline.map((e: { type: string; actor: string; detail: { to?: string } | null }) => `${e.type}${e.detail?.to ? `→${e.detail.to}` : ''} by ${e.actor.split(':')[0]}`);
    expect(steps[0]).toBe('created by system');
    expect(steps).toEqual(expect.arrayContaining(['status→escalated by rule']));
    expect(steps.slice(steps.indexOf('supervisor_decision by user'))).toEqual([
      'supervisor_decision by user',
      'customer_notified by user',
      'status→awaiting_dispatch by user',
      'status→dispatched by user',
      'status→on_site by user',
      ...steps.slice(steps.indexOf('status→on_site by user') + 1, steps.indexOf('status→testing by user')),
      'status→testing by user',
      'status→awaiting_signoff by user',
      'status→closed by user',
    ]);

    // the same fault again within the recurrence window: the signed-off ticket reopens, and the repair no longer counts as a success
    charger.injectFault({ kind: 'status-error', errorCode: 'GroundFailure', connectorId: 1, clearsBy: 'repair' });
    const reopened = await ticketOf(rt, charger.id, (t) => t.reopenCount === 1);
    expect(reopened.id).toBe(id);
    const kpis = await serviceKpis(rt.db.prisma, { from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 60_000), recurrenceDays: 30 });
    expect(kpis.repairSuccess).toMatchObject({ resolved: 1, notReopened: 0, rate: 0 });
    expect(kpis.firstTimeFix).toMatchObject({ closed: 1, fixedOnFirstVisit: 1 });
    await rt.settled();
  });
});
