import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.ts';
import { loadApiConfig } from '../../api/config.ts';
import { createUser } from '../../core/users/create-user.ts';
import type { VirtualCharger } from '../../simulator/virtual-charger.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { bootedCharger } from '../support/sim.ts';
import { PNG_SIGNATURE } from '../workflow/support/fixtures.ts';
import { bearer, PASSWORD } from './support/api-harness.ts';

// Installation and commissioning against the real gateway: the commissioning test passes only once the
// new (simulated) charger has connected, booted and answered a fresh status and meter check.

describe('installation and commissioning, with a simulated charger', () => {
  let rt: TestRuntime;
  let app: FastifyInstance;
  let token: string;
  let installerId: string;
  let charger: VirtualCharger | undefined;
  const chargerId = `NEW-${process.pid}`;

  const call = (method: 'GET' | 'POST', url: string, payload?: object) => app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    rt = await startTestRuntime({ OCPP_UNKNOWN_CHARGERS: 'auto-register' });
    app = buildApp({ prisma: rt.db.prisma, telemetry: rt.telemetry, bus: rt.bus, log: pino({ level: 'silent' }), config: loadApiConfig({ API_COOKIE_SECURE: 'false' }), commands: rt.commands });
    await app.ready();
    installerId = (await createUser(rt.db.prisma, { email: 'installer@example.com', name: 'Ivo Installer', role: 'repair_engineer', password: PASSWORD })).id;
    await createUser(rt.db.prisma, { email: 'lead@example.com', name: 'Lea Lead', role: 'supervisor', password: PASSWORD });
    token = (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'lead@example.com', password: PASSWORD } })).json().accessToken;
  });
  afterAll(async () => {
    await charger?.stop();
    await app?.close();
    await rt?.close();
  });

  it('scheduled → installed → commissioned over OCPP → trained → acceptance signed by customer and technician', async () => {
    const window = { start: new Date(Date.now() - 3_600_000).toISOString(), end: new Date(Date.now() + 3_600_000).toISOString() };
    const scheduled = await call('POST', '/api/installations', { chargerId, model: 'AC22-T2', window, installerId });
    expect(scheduled.statusCode, scheduled.body).toBe(201);
    const id = scheduled.json().ticket.id;
    expect(scheduled.json()).toMatchObject({ chargerId, ticket: { type: 'installation', status: 'scheduled' } });

    expect((await call('POST', `/api/installations/${id}/commission`)).json().code).toBe('TICKET_TRANSITION_NOT_ALLOWED');
    const items = scheduled.json().checklist.map((c: { item: string }) => ({ item: c.item, done: true }));
    expect((await call('POST', `/api/installations/${id}/installed`, { checklist: items.slice(2) })).json().code).toBe('CHECKLIST_INCOMPLETE');
    expect((await call('POST', `/api/installations/${id}/installed`, { checklist: items })).json().ticket.status).toBe('installed');

    // the charger has not connected yet: the test fails, and the attempt is on record
    const early = await call('POST', `/api/installations/${id}/commission`);
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ code: 'COMMISSIONING_FAILED', checks: [{ name: 'boot', status: 'failed', summary: `charger ${chargerId} has never connected` }] });

    ({ charger } = await bootedCharger(rt, '2.0.1', { id: chargerId, model: 'AC22-T2' }));
    const commissioned = await call('POST', `/api/installations/${id}/commission`);
    expect(commissioned.statusCode, commissioned.body).toBe(200);
    expect(commissioned.json()).toMatchObject({ ticket: { status: 'commissioned', chargerId }, commissionedAt: expect.any(String) });
    expect(commissioned.json().ticket.tests.map((t: { passed: boolean; checks: Array<{ name: string; status: string }> }) => [t.passed, t.checks.map((c) => `${c.name}:${c.status}`)])).toEqual([
      [false, ['boot:failed']],
      [true, ['boot:ok', 'status:ok', 'meterValues:ok']],
    ]);

    await call('POST', `/api/installations/${id}/training`, { traineeName: 'Ana López', topics: ['starting and stopping a session', 'emergency stop', 'fault display'] });
    const accepted = await call('POST', `/api/installations/${id}/acceptance`, { customer: { name: 'Ana López', signature: PNG_SIGNATURE }, technician: { name: 'Ivo Installer', signature: PNG_SIGNATURE } });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ traineeName: 'Ana López', ticket: { status: 'closed' } });
    expect(accepted.json().ticket.signoffs.map((s: { role: string; name: string }) => `${s.role}:${s.name}`)).toEqual(['customer:Ana López', 'technician:Ivo Installer']);

    // the trainee is the customer's person: a viewer reads the name masked
    await createUser(rt.db.prisma, { email: 'viewer@example.com', name: 'Vera Viewer', role: 'viewer', password: PASSWORD });
    const viewer = (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'viewer@example.com', password: PASSWORD } })).json().accessToken;
    const seen = await app.inject({ method: 'GET', url: `/api/installations/${id}`, headers: bearer(viewer) });
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json().traineeName).toBe('A*** L***');
  });
});
