import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startApi, type ApiHarness } from './support/api-harness.ts';

// Customers and sites (with masking), consultations (at once, routed, overdue) and the complaint loop.
const HOUR = 3_600_000;

describe('customers, consultations and complaints', () => {
  let h: ApiHarness;
  let specialist: string;
  let supervisor: string;
  let supervisorId: string;
  let support: string;
  let supportId: string;

  const call = async (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => h.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
  const ok = async (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
    const res = await call(token, method, url, payload);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };

  beforeAll(async () => {
    h = await startApi();
    specialist = await h.tokenFor('specialist');
    supervisor = await h.tokenFor('supervisor');
    support = await h.tokenFor('support_engineer');
    supervisorId = (await ok(supervisor, 'GET', '/api/auth/me')).id;
    supportId = (await ok(support, 'GET', '/api/auth/me')).id;
  });
  afterAll(async () => h?.close());

  it('keeps customers with tier, sites with chargers and environment, and the service history; masks personal data per role', async () => {
    await h.db.prisma.charger.createMany({ data: [{ id: 'CUST-1', model: 'DC50' }, { id: 'CUST-2', model: 'DC50' }] });
    const c = await ok(specialist, 'POST', '/api/customers', { name: 'Jane van Doe', phone: '+44 7700 900123', email: 'Jane@Example.com', address: '1 Harbour Road', tier: 'premium' });
    expect(c).toMatchObject({ name: 'Jane van Doe', email: 'jane@example.com', tier: 'premium' });
    const site = await ok(specialist, 'POST', '/api/sites', { name: 'Harbour car park', address: '1 Harbour Road', customerId: c.id, environment: ['outdoor', 'coastal'], chargerIds: ['CUST-1', 'CUST-2'] });
    expect(site).toMatchObject({ customerId: c.id, environment: ['outdoor', 'coastal'], chargerIds: ['CUST-1', 'CUST-2'] });
    expect((await call(specialist, 'PATCH', `/api/sites/${site.id}`, { chargerIds: ['CUST-1', 'NOPE'] })).json()).toMatchObject({ code: 'SITE_UNKNOWN_CHARGERS', unknown: ['NOPE'] });

    await ok(specialist, 'POST', '/api/consultations', { customerId: c.id, channel: 'phone', contact: { name: 'Jane van Doe' }, content: 'How do I start a session?', answer: 'Hold the card to the reader.' });
    const record = await ok(specialist, 'GET', `/api/customers/${c.id}`);
    expect(record.sites[0].chargers.map((x: { id: string }) => x.id)).toEqual(['CUST-1', 'CUST-2']);
    expect(record.history).toEqual([expect.objectContaining({ type: 'consultation', status: 'closed', title: 'How do I start a session?' })]);
    expect(record).toMatchObject({ feedback: [], complaints: 0 });
    await h.db.prisma.survey.create({ data: { ticketId: record.history[0].ticketId, tokenHash: 'h', sentAt: new Date(), expiresAt: new Date(), answeredAt: new Date(h.clock.ms), score: 5, comment: 'helpful' } });
    expect((await ok(specialist, 'GET', `/api/customers/${c.id}`)).feedback).toEqual([expect.objectContaining({ score: 5, comment: 'helpful' })]);

    const viewer = await h.tokenFor('viewer');
    expect(await ok(viewer, 'GET', `/api/customers/${c.id}`)).toMatchObject({ name: 'J*** v*** D***', phone: '***123', email: 'j***@***.com', address: '***', sites: [{ address: '***' }] });
    // support engineers see names and contacts, not addresses (least privilege)
    expect(await ok(support, 'GET', `/api/customers/${c.id}`)).toMatchObject({ name: 'Jane van Doe', phone: '+44 7700 900123', address: '***' });
    expect((await ok(viewer, 'GET', '/api/customers?tier=premium')).items).toEqual([expect.objectContaining({ id: c.id, name: 'J*** v*** D***' })]);
    expect((await call(viewer, 'POST', '/api/customers', { name: 'x' })).statusCode).toBe(403);
  });

  it('consultations: answered at once, or routed with a promised reply time; overdue ones surface', async () => {
    const routed = await ok(specialist, 'POST', '/api/consultations', {
      channel: 'email',
      contact: { name: 'Tom Baker', email: 'tom@example.com' },
      content: 'Does the DC50 support ISO 15118 Plug & Charge?',
      routeTo: { userId: supportId, promisedReplyBy: new Date(h.clock.ms + 4 * HOUR).toISOString() },
    });
    expect(routed).toMatchObject({ status: 'routed', routedTo: supportId, overdue: false });
    expect((await ok(specialist, 'GET', '/api/consultations?overdue=true')).items).toEqual([]);
    h.clock.advance(5 * HOUR);
    specialist = await h.tokenFor('specialist');
    support = await h.tokenFor('support_engineer');
    expect((await ok(specialist, 'GET', '/api/consultations?overdue=true')).items.map((x: { id: string }) => x.id)).toEqual([routed.id]);

    const answered = await ok(support, 'POST', `/api/consultations/${routed.id}/answer`, { answer: 'Yes, from firmware 3.2.' });
    expect(answered).toMatchObject({ status: 'closed', overdue: false, answer: 'Yes, from firmware 3.2.' });
    expect((await ok(specialist, 'GET', '/api/consultations?overdue=true')).items).toEqual([]);
    expect((await call(support, 'POST', `/api/consultations/${routed.id}/answer`, { answer: 'again' })).json()).toMatchObject({ code: 'TICKET_TRANSITION_NOT_ALLOWED', allowed: [] });
    const past = await call(specialist, 'POST', '/api/consultations', { channel: 'chat', contact: { name: 'x' }, content: 'y', routeTo: { userId: supportId, promisedReplyBy: '2020-01-01T00:00:00Z' } });
    expect(past.json().code).toBe('CONSULTATION_ROUTE_INVALID');
  });

  it('complaints loop until the customer is satisfied, each step by the right role', async () => {
    supervisor = await h.tokenFor('supervisor');
    specialist = await h.tokenFor('specialist');
    const opened = await ok(specialist, 'POST', '/api/complaints', { channel: 'phone', contact: { name: 'Ana López', phone: '+34 600 000 000' }, content: 'The engineer came two days late', staffId: supportId });
    const id = opened.id;
    expect(opened).toMatchObject({ status: 'open', priority: 'high', allowedTransitions: [{ to: 'acknowledged', action: 'acknowledge' }, { to: 'cancelled', action: null }] });
    await ok(specialist, 'POST', `/api/complaints/${id}/acknowledge`, { apology: 'We are sorry for the delay.', promise: 'A supervisor will call you within a day.', channel: 'phone' });
    expect((await call(specialist, 'POST', `/api/complaints/${id}/investigation`, { cause: 'x', responsibleParty: 'y' })).statusCode).toBe(403);
    await ok(supervisor, 'POST', `/api/complaints/${id}/investigation`, { cause: 'dispatch overlooked the agreed window', responsibleParty: 'dispatch team' });
    const plan = { measures: ['apologise in person', 'waive the call-out fee'], ownerId: supervisorId, deadline: '2026-12-04T17:00:00Z', channel: 'email' };
    await ok(supervisor, 'POST', `/api/complaints/${id}/plan`, plan);
    const unhappy = await ok(specialist, 'POST', `/api/complaints/${id}/follow-ups`, { channel: 'phone', satisfaction: 2, satisfied: false, notes: 'wants a refund' });
    expect(unhappy).toMatchObject({ status: 'follow_up', allowedTransitions: [{ to: 'closed', action: 'follow-up' }, { to: 'plan_shared', action: 'plan' }, { to: 'investigating', action: 'investigate' }] });
    expect((await call(specialist, 'POST', `/api/complaints/${id}/follow-ups`, { channel: 'phone', satisfaction: 5, satisfied: true })).json().code).toBe('TICKET_TRANSITION_NOT_ALLOWED');
    await ok(supervisor, 'POST', `/api/complaints/${id}/plan`, { ...plan, measures: ['refund the repair'] });
    const done = await ok(specialist, 'POST', `/api/complaints/${id}/follow-ups`, { channel: 'phone', satisfaction: 5, satisfied: true });
    expect(done).toMatchObject({ status: 'closed', cause: 'dispatch overlooked the agreed window', responsibleParty: 'dispatch team', staffId: supportId });
    expect(done.plans).toHaveLength(2);
    expect(done.followUps.map((f: { satisfaction: number }) => f.satisfaction)).toEqual([2, 5]);
    expect(done.satisfiedAt).not.toBeNull();
    const notices = await h.db.prisma.customerNotice.findMany({ where: { ticketId: id }, orderBy: { id: 'asc' } });
    expect(notices.map((n) => n.subject)).toEqual(['We are sorry', 'How we will handle your complaint', 'How we will handle your complaint']);
    expect((await ok(await h.tokenFor('viewer'), 'GET', `/api/complaints/${id}`)).contact).toEqual({ name: 'A*** L***', phone: '***000', email: null });
  });
});
