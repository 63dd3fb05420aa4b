import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aTicket } from '../workflow/support/fixtures.ts';
import { bearer, startApi, type ApiHarness } from './support/api-harness.ts';

describe('satisfaction surveys, costs and budgets', () => {
  let h: ApiHarness;
  let supervisor: string;
  let engineer: string;

  const call = (token: string | undefined, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => h.app.inject({ method, url, headers: token ? bearer(token) : {}, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    h = await startApi();
    supervisor = await h.tokenFor('supervisor');
    engineer = await h.tokenFor('repair_engineer');
  });
  afterAll(async () => h?.close());

  it('a one-time survey link after closing: the customer answers once, without an account', async () => {
    const open = await aTicket(h.db.prisma, { chargerId: 'SRV-1' });
    expect((await call(engineer, 'POST', '/api/surveys', { ticketId: open.id })).json().code).toBe('SURVEY_TICKET_NOT_CLOSED');
    const closed = await aTicket(h.db.prisma, { chargerId: 'SRV-2', status: 'closed' });
    const sent = await call(engineer, 'POST', '/api/surveys', { ticketId: closed.id, channel: 'email' });
    expect(sent.statusCode, sent.body).toBe(201);
    const token = sent.json().link.split('/survey/')[1];
    expect(await h.db.prisma.survey.count({ where: { tokenHash: token } })).toBe(0); // only the hash is stored
    expect((await call(engineer, 'POST', '/api/surveys', { ticketId: closed.id })).json().code).toBe('SURVEY_EXISTS');

    const page = await call(undefined, 'GET', `/api/surveys/public/${token}`);
    expect(page.json()).toMatchObject({ reference: `T-${closed.number}`, answered: false });
    const answers = await Promise.all([1, 2].map(() => call(undefined, 'POST', `/api/surveys/public/${token}`, { score: 4, comment: 'quick and friendly' })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    expect((await call(undefined, 'GET', `/api/surveys/public/${'x'.repeat(43)}`)).json().code).toBe('SURVEY_NOT_FOUND');
    expect((await call(engineer, 'GET', '/api/surveys?answered=true')).json().items).toEqual([expect.objectContaining({ ticketId: closed.id, score: 4, comment: 'quick and friendly' })]);

    const late = await call(engineer, 'POST', '/api/surveys', { ticketId: (await aTicket(h.db.prisma, { chargerId: 'SRV-3', status: 'closed' })).id, ttlDays: 1 });
    h.clock.advance(2 * 86_400_000);
    expect((await call(undefined, 'POST', `/api/surveys/public/${late.json().link.split('/survey/')[1]}`, { score: 5 })).json().code).toBe('SURVEY_EXPIRED');
    supervisor = await h.tokenFor('supervisor');
    engineer = await h.tokenFor('repair_engineer');
  });

  it('costs per ticket against the yearly budget; over budget waits for a supervisor; budget versus actual', async () => {
    const t = await aTicket(h.db.prisma, { chargerId: 'CST-1' });
    expect((await call(supervisor, 'PUT', '/api/budgets/2026/travel', { amountCents: 10_000 })).statusCode).toBe(200);
    const book = async (amountCents: number, category = 'travel') => (await call(engineer, 'POST', '/api/costs', { ticketId: t.id, category, amountCents, distanceKm: 40, description: 'drive to site' })).json();
    expect(await book(6_000)).toMatchObject({ status: 'approved' });
    // two bookings at once cannot both slip under the remaining 4 000
    const [a, b] = await Promise.all([book(3_000), book(3_000)]);
    expect([a.status, b.status].sort()).toEqual(['approved', 'pending_approval']);
    expect(await book(90_000, 'labour')).toMatchObject({ status: 'approved' }); // no labour budget set
    const pending = a.status === 'pending_approval' ? a : b;

    expect((await call(engineer, 'POST', `/api/costs/${pending.id}/decision`, { approve: true })).statusCode).toBe(403);
    expect((await call(supervisor, 'POST', `/api/costs/${pending.id}/decision`, { approve: true })).json()).toMatchObject({ status: 'approved', decidedBy: expect.stringMatching(/^user:/) });
    expect((await call(supervisor, 'POST', `/api/costs/${pending.id}/decision`, { approve: false })).json().code).toBe('COST_NOT_PENDING');

    const report = (await call(supervisor, 'GET', '/api/budgets/report?year=2026')).json();
    expect(report.lines).toEqual([
      { category: 'labour', budgetCents: null, actualCents: 90_000, pendingCents: 0, usedPercent: null },
      { category: 'parts', budgetCents: null, actualCents: 0, pendingCents: 0, usedPercent: null },
      { category: 'travel', budgetCents: 10_000, actualCents: 12_000, pendingCents: 0, usedPercent: 120 },
      { category: 'other', budgetCents: null, actualCents: 0, pendingCents: 0, usedPercent: null },
    ]);
    expect((await call(supervisor, 'GET', `/api/costs?ticketId=${t.id}`)).json().totalApprovedCents).toBe(102_000);
  });
});
