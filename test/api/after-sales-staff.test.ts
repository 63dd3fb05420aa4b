import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aTicket } from '../workflow/support/fixtures.ts';
import { bearer, startApi, type ApiHarness } from './support/api-harness.ts';

// Staff: certifications with expiry decide whom a dispatch may send; training plans and records;
// an assessment from KPIs, complaint outcomes and training. The harness clock is 26 November 2026.

describe('staff certifications, training and assessment', () => {
  let h: ApiHarness;
  let supervisor: string;
  const ids: Record<string, string> = {};

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => h.app.inject({ method, url, headers: bearer(supervisor), ...(payload ? { payload } : {}) });
  const ok = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const res = await call(method, url, payload);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };

  beforeAll(async () => {
    h = await startApi();
    supervisor = await h.tokenFor('supervisor');
    for (const who of ['certified', 'expiring', 'uncertified']) {
      const token = await h.tokenFor('repair_engineer', `${who}@example.com`);
      ids[who] = (await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) })).json().id;
    }
    await h.db.prisma.user.updateMany({ where: { email: 'certified@example.com' }, data: { name: 'A Certified' } });
  });
  afterAll(async () => h?.close());

  it('dispatch offers only engineers certified for the charger and the job on the day of the visit', async () => {
    await ok('PUT', '/api/staff/requirements/DC50', { certifications: ['hv-dc'] });
    await ok('POST', `/api/staff/${ids.certified}/certifications`, { code: 'hv-dc', name: 'High-voltage DC work', models: ['DC50'], expiresAt: '2027-06-30T00:00:00Z' });
    await ok('POST', `/api/staff/${ids.expiring}/certifications`, { code: 'hv-dc', name: 'High-voltage DC work', expiresAt: '2026-11-28T00:00:00Z' });
    await h.db.prisma.charger.create({ data: { id: 'DC-1', model: 'DC50' } });
    const t = await aTicket(h.db.prisma, { chargerId: 'DC-1', status: 'awaiting_dispatch' });

    const today = await ok('GET', `/api/workflow/tickets/${t.id}/engineers`);
    expect(Object.fromEntries(today.items.map((e: { userId: string; eligible: boolean }) => [e.userId, e.eligible]))).toEqual({ [ids.certified!]: true, [ids.expiring!]: true, [ids.uncertified!]: false });
    const nextWeek = await ok('GET', `/api/workflow/tickets/${t.id}/engineers?on=2026-12-01T08:00:00Z`);
    expect(nextWeek.items.find((e: { userId: string }) => e.userId === ids.expiring)).toMatchObject({ eligible: false, missing: ['hv-dc'] });

    const window = { start: '2026-12-01T08:00:00Z', end: '2026-12-01T10:00:00Z' };
    expect((await call('POST', `/api/workflow/tickets/${t.id}/dispatch`, { engineerId: ids.expiring, window })).json()).toMatchObject({ code: 'DISPATCH_ENGINEER_NOT_ELIGIBLE', detail: expect.stringContaining('hv-dc') });
    expect((await call('POST', `/api/workflow/tickets/${t.id}/dispatch`, { engineerId: ids.uncertified, window })).json().code).toBe('DISPATCH_ENGINEER_NOT_ELIGIBLE');
    expect((await ok('POST', `/api/workflow/tickets/${t.id}/dispatch`, { engineerId: ids.certified, window })).status).toBe('dispatched');
    expect((await ok('GET', '/api/staff/certifications/expiring?days=7')).items.map((c: { userId: string }) => c.userId)).toEqual([ids.expiring]);
  });

  it('training plan and records, and an assessment that combines KPIs, complaints and training', async () => {
    const who = ids.uncertified!;
    await ok('POST', '/api/staff/training-plan', { year: 2026, category: 'safety', topic: 'Safety rules refresher', dueBy: '2026-11-15T00:00:00Z' });
    const own = await ok('POST', '/api/staff/training-plan', { year: 2026, userId: who, category: 'repair', topic: 'DC module replacement', dueBy: '2026-11-20T00:00:00Z' });
    await ok('POST', `/api/staff/${who}/training-records`, { planItemId: own.id, category: 'repair', topic: 'DC module replacement', completedAt: '2026-11-10T00:00:00Z', hours: 8, result: 'passed' });
    expect((await ok('GET', '/api/staff/training-plan?year=2026')).map((p: { topic: string }) => p.topic)).toEqual(['Safety rules refresher', 'DC module replacement']);

    const complaint = await h.db.prisma.ticket.create({ data: { type: 'complaint', status: 'closed', title: 'late', createdAt: new Date('2026-11-05T00:00:00Z') } });
    await h.db.prisma.complaint.create({ data: { ticketId: complaint.id, channel: 'phone', contactName: 'x', content: 'late', staffId: who, responsibleParty: 'engineer' } });

    const a = await ok('POST', `/api/staff/${who}/assessments`, { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' });
    // no KPI to count; training 1 of 2 planned → 50; one upheld complaint → −10
    expect(a).toMatchObject({ score: 40, basis: { complaints: { received: 1, upheld: 1 }, training: { planned: 2, completed: 1 } } });
    const record = await ok('GET', `/api/staff/${who}`);
    expect(record).toMatchObject({ role: 'repair_engineer', training: [{ topic: 'DC module replacement', hours: 8 }], assessments: [{ score: 40 }] });
  });
});
