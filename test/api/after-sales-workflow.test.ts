import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPart, aTicket, PNG_SIGNATURE, SAFE } from '../workflow/support/fixtures.ts';
import { bearer, startApi, type ApiHarness } from './support/api-harness.ts';

// The workflow over HTTP without chargers (fresh OCPP checks are the simulator suite's job):
// legal and illegal moves, the repair flow's actions and their records, who may decide what.

describe('after-sales workflow API', () => {
  let h: ApiHarness;
  let support: string;
  let engineer: string;
  let engineerId: string;
  let supervisor: string;

  const post = (token: string, url: string, payload: object) => h.app.inject({ method: 'POST', url: `/api/workflow${url}`, headers: bearer(token), payload });
  const get = (token: string, url: string) => h.app.inject({ method: 'GET', url: `/api/workflow${url}`, headers: bearer(token) });
  const window = { start: '2026-11-27T09:00:00+01:00', end: '2026-11-27T11:00:00+01:00' };

  beforeAll(async () => {
    h = await startApi();
    support = await h.tokenFor('support_engineer');
    engineer = await h.tokenFor('repair_engineer');
    supervisor = await h.tokenFor('supervisor');
    engineerId = (await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(engineer) })).json().id;
  });
  afterAll(async () => h?.close());

  it('publishes every ticket type’s state machine', async () => {
    const res = await get(support, '/machines');
    expect(res.statusCode).toBe(200);
    const { types } = res.json();
    expect(Object.keys(types).sort()).toEqual(['complaint', 'consultation', 'installation', 'maintenance', 'repair']);
    expect(types.repair.initial).toBe('open');
    expect(types.repair.statuses.awaiting_signoff).toEqual([{ to: 'closed', action: 'signoff' }, { to: 'on_site', action: 'on-site' }]);
  });

  it('answers an illegal move with 409 and the allowed ones; a legal move is in the timeline with actor and time', async () => {
    const t = await aTicket(h.db.prisma, { chargerId: 'WF-1' });
    const bad = await post(support, `/tickets/${t.id}/transitions`, { to: 'closed' });
    expect(bad.statusCode).toBe(409);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json()).toMatchObject({ code: 'TICKET_TRANSITION_NOT_ALLOWED', from: 'open', to: 'closed', allowed: ['remote_action', 'resolved_remotely', 'awaiting_dispatch', 'escalated', 'cancelled'] });

    const needsAction = await post(support, `/tickets/${t.id}/transitions`, { to: 'escalated' });
    expect(needsAction.json()).toMatchObject({ code: 'TICKET_TRANSITION_NEEDS_ACTION', action: 'escalate' });

    const ok = await post(support, `/tickets/${t.id}/transitions`, { to: 'awaiting_dispatch', note: 'customer confirms the RCD trips' });
    expect(ok.statusCode).toBe(200);
    const me = (await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(support) })).json();
    expect(ok.json()).toMatchObject({ status: 'awaiting_dispatch', allowedTransitions: expect.arrayContaining([{ to: 'dispatched', action: 'dispatch' }]) });
    expect(ok.json().timeline.at(-1)).toEqual({ at: new Date(h.clock.ms).toISOString(), actor: `user:${me.id}`, type: 'status', detail: { from: 'open', to: 'awaiting_dispatch', note: 'customer confirms the RCD trips' } });
  });

  it('lets exactly one of two concurrent moves from the same status win', async () => {
    const t = await aTicket(h.db.prisma, { chargerId: 'WF-2' });
    const [a, b] = await Promise.all([post(support, `/tickets/${t.id}/transitions`, { to: 'resolved_remotely' }), post(support, `/tickets/${t.id}/transitions`, { to: 'awaiting_dispatch' })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect(await h.db.prisma.ticketEvent.count({ where: { ticketId: t.id, type: 'status' } })).toBe(1);
  });

  it('runs a repair from dispatch to a signed closure, issuing the parts used from stock', async () => {
    const rcd = await aPart(h.db.prisma, { name: 'RCD / ground-fault module', quantity: 3, models: ['AC22-T2'] });
    const t = await aTicket(h.db.prisma, { chargerId: 'WF-3', status: 'awaiting_dispatch' });

    const dispatched = await post(support, `/tickets/${t.id}/dispatch`, { engineerId, window, tools: ['RCD tester'] });
    expect(dispatched.statusCode).toBe(200);
    const wo = dispatched.json().workOrders[0];
    expect(dispatched.json()).toMatchObject({ status: 'dispatched', assigneeId: engineerId });
    expect(wo).toMatchObject({ engineerId, window: { start: '2026-11-27T08:00:00.000Z', end: '2026-11-27T10:00:00.000Z' }, plannedParts: [{ name: 'RCD / ground-fault module', partId: rcd.id, quantity: 1 }] });
    expect(wo.tools).toEqual(expect.arrayContaining(['RCD tester', 'insulation resistance tester']));

    const unsafe = await post(engineer, `/tickets/${t.id}/on-site`, { inspectionNotes: 'RCD trips at 12 mA', actions: ['replaced RCD'], safetyChecklist: SAFE.slice(1), partsUsed: [] });
    expect(unsafe.json()).toMatchObject({ code: 'ONSITE_SAFETY_CHECKLIST_INCOMPLETE', missing: ['supply isolated'] });
    const greedy = await post(engineer, `/tickets/${t.id}/on-site`, { inspectionNotes: 'x', actions: [], safetyChecklist: SAFE, partsUsed: [{ partId: rcd.id, quantity: 4 }] });
    expect(greedy.statusCode).toBe(409);
    expect(greedy.json()).toMatchObject({ code: 'STOCK_INSUFFICIENT', available: 3, requested: 4 });
    expect((await h.db.prisma.ticket.findUniqueOrThrow({ where: { id: t.id } })).status).toBe('dispatched');

    const onSite = await post(engineer, `/tickets/${t.id}/on-site`, { inspectionNotes: 'RCD trips at 12 mA', actions: ['replaced RCD', 'tightened terminals'], safetyChecklist: SAFE, partsUsed: [{ partId: rcd.id, quantity: 1 }] });
    expect(onSite.statusCode).toBe(200);
    expect(onSite.json().status).toBe('on_site');
    expect(onSite.json().workOrders[0]).toMatchObject({ inspectionNotes: 'RCD trips at 12 mA', actions: ['replaced RCD', 'tightened terminals'], partsUsed: [{ partId: rcd.id, quantity: 1 }] });
    expect(await h.db.prisma.part.findUniqueOrThrow({ where: { id: rcd.id } })).toMatchObject({ quantity: 2 });
    expect(await h.db.prisma.stockMovement.findFirstOrThrow({ where: { partId: rcd.id } })).toMatchObject({ kind: 'goods_out', quantity: -1, balanceAfter: 2, workOrderId: wo.id, receiverId: engineerId });

    const failed = await post(engineer, `/tickets/${t.id}/tests`, { passed: false, notes: 'RCD test button does not trip', freshCheck: false });
    expect(failed.json().status).toBe('on_site');
    const passed = await post(engineer, `/tickets/${t.id}/tests`, { passed: true, notes: 'RCD trips at 30 mA in 25 ms; charged 5 min', freshCheck: false });
    expect(passed.json().status).toBe('awaiting_signoff');
    expect(passed.json().tests.map((x: { passed: boolean }) => x.passed)).toEqual([false, true]);

    const badSig = await post(engineer, `/tickets/${t.id}/signoff`, { name: 'Ana López', signature: 'data:image/svg+xml,<svg onload="alert(1)"></svg>' });
    expect(badSig.json().code).toBe('SIGNATURE_INVALID');
    const signed = await post(engineer, `/tickets/${t.id}/signoff`, { name: 'Ana López', signature: PNG_SIGNATURE });
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({ status: 'closed', allowedTransitions: [{ to: 'open', action: null }], signoffs: [{ role: 'customer', name: 'Ana López' }] });
    expect(signed.json().workOrders[0].completedAt).not.toBeNull();
    const image = await h.app.inject({ method: 'GET', url: signed.json().signoffs[0].imageUrl, headers: bearer(engineer) });
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.rawPayload.toString('base64')).toBe(PNG_SIGNATURE.split(',')[1]);

    const moves = signed.json().timeline.filter((e: { type: string }) => e.type === 'status').map((e: { detail: { to: string } }) => e.detail.to);
    expect(moves).toEqual(['dispatched', 'on_site', 'testing', 'on_site', 'testing', 'awaiting_signoff', 'closed']);
    // the fault pipeline's open key is released: a recurrence can reopen this ticket
    expect(await h.db.prisma.ticket.findUniqueOrThrow({ where: { id: t.id } })).toMatchObject({ openKey: null, resolvedAt: new Date(h.clock.ms), closedAt: new Date(h.clock.ms) });
  });

  it('dispatches only active repair engineers', async () => {
    const t = await aTicket(h.db.prisma, { chargerId: 'WF-4', status: 'awaiting_dispatch' });
    const supportId = (await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(support) })).json().id;
    const res = await post(support, `/tickets/${t.id}/dispatch`, { engineerId: supportId, window });
    expect(res.json()).toMatchObject({ code: 'DISPATCH_ENGINEER_NOT_ELIGIBLE' });
    const backwards = await post(support, `/tickets/${t.id}/dispatch`, { engineerId, window: { start: window.end, end: window.start } });
    expect(backwards.json().code).toBe('DISPATCH_INVALID_WINDOW');
  });

  it('escalation: anyone working the ticket raises it, only a supervisor decides; the customer is told', async () => {
    const customer = await h.db.prisma.customer.create({ data: { name: 'Parkhaus Nord GmbH', tier: 'premium' } });
    const t = await aTicket(h.db.prisma, { chargerId: 'WF-5', customerId: customer.id });
    const up = await post(engineer, `/tickets/${t.id}/escalate`, { kind: 'safety', reason: 'scorch marks on the DC contactor' });
    expect(up.json()).toMatchObject({ status: 'escalated', escalated: true });
    const out = await post(support, `/tickets/${t.id}/transitions`, { to: 'awaiting_dispatch' });
    expect(out.json()).toMatchObject({ code: 'TICKET_TRANSITION_NEEDS_ACTION', action: 'decision' });
    expect((await post(engineer, `/tickets/${t.id}/decision`, { decision: 'continue', reason: 'x' })).statusCode).toBe(403);

    // a suspension must reach the charger; this API node has no gateway
    const noGateway = await post(supervisor, `/tickets/${t.id}/decision`, { decision: 'suspension', reason: 'unsafe', notice: { channel: 'email', subject: 'Charger out of service', message: 'For your safety …' } });
    expect(noGateway.statusCode).toBe(503);
    expect(noGateway.json().code).toBe('COMMANDS_UNAVAILABLE');

    const decided = await post(supervisor, `/tickets/${t.id}/decision`, { decision: 'continue', next: 'awaiting_dispatch', reason: 'contactor replacement is safe', notice: { channel: 'phone', subject: 'Repair planned', message: 'We will replace the contactor.' } });
    expect(decided.statusCode).toBe(200);
    expect(decided.json()).toMatchObject({ commandId: null, ticket: { status: 'awaiting_dispatch', customer: { name: 'Parkhaus Nord GmbH', tier: 'premium' } } });
    expect(decided.json().ticket.timeline.map((e: { type: string }) => e.type)).toEqual(['status', 'supervisor_decision', 'customer_notified', 'status']);
    expect(await h.db.prisma.customerNotice.findMany({ where: { ticketId: t.id } })).toEqual([expect.objectContaining({ customerId: customer.id, channel: 'phone', subject: 'Repair planned' })]);
  });

  it('masks the customer name for roles without the personal-data permission', async () => {
    const customer = await h.db.prisma.customer.create({ data: { name: 'Jane van Doe' } });
    const t = await aTicket(h.db.prisma, { chargerId: 'WF-6', customerId: customer.id });
    const viewer = await h.tokenFor('viewer');
    expect((await get(viewer, `/tickets/${t.id}`)).json().customer.name).toBe('J*** v*** D***');
    expect((await get(support, `/tickets/${t.id}`)).json().customer.name).toBe('Jane van Doe');
  });

  it('answers 404 for an unknown ticket', async () => {
    const res = await get(support, '/tickets/00000000-0000-4000-8000-000000000000');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('TICKET_NOT_FOUND');
  });
});
