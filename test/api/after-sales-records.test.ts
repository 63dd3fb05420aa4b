import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPart, aTicket, PNG_SIGNATURE, SAFE } from '../workflow/support/fixtures.ts';
import { bearer, startApi, type ApiHarness } from './support/api-harness.ts';

// Record reviews, technical documents and the archive of repair and maintenance records.

describe('record reviews, technical documents and the archive', () => {
  let h: ApiHarness;
  let supervisor: string;
  let engineer: string;
  let engineerId: string;

  const call = (token: string, method: 'GET' | 'POST', url: string, payload?: object | Buffer, headers: Record<string, string> = {}) =>
    h.app.inject({ method, url, headers: { ...bearer(token), ...headers }, ...(payload ? { payload } : {}) });
  const ok = async (token: string, method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await call(token, method, url, payload);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  const period = 'from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z';

  beforeAll(async () => {
    h = await startApi();
    supervisor = await h.tokenFor('supervisor');
    engineer = await h.tokenFor('repair_engineer');
    engineerId = (await ok(engineer, 'GET', '/api/auth/me')).id;
  });
  afterAll(async () => h?.close());

  /** A repair through the API, with a recognisable record. */
  async function repair(chargerId: string, notes: string, partId?: string) {
    await h.db.prisma.charger.upsert({ where: { id: chargerId }, create: { id: chargerId, model: 'DC50' }, update: {} });
    const t = await aTicket(h.db.prisma, { chargerId, status: 'awaiting_dispatch' });
    await ok(supervisor, 'POST', `/api/workflow/tickets/${t.id}/dispatch`, { engineerId, window: { start: '2026-11-27T08:00:00Z', end: '2026-11-27T10:00:00Z' } });
    await ok(engineer, 'POST', `/api/workflow/tickets/${t.id}/on-site`, { inspectionNotes: notes, actions: ['replaced'], safetyChecklist: SAFE, partsUsed: partId ? [{ partId, quantity: 1 }] : [] });
    await ok(engineer, 'POST', `/api/workflow/tickets/${t.id}/tests`, { passed: true, freshCheck: false });
    await ok(engineer, 'POST', `/api/workflow/tickets/${t.id}/signoff`, { name: 'Ana', signature: PNG_SIGNATURE });
    return t;
  }

  it('flags closed records that lack what the regulation asks for, and rates completeness per type', async () => {
    const good = await repair('REC-1', 'contactor welded');
    // a repair closed behind the workflow's back: no visit, test or signature
    const bad = await aTicket(h.db.prisma, { chargerId: 'REC-2', status: 'closed' });
    await h.db.prisma.ticket.update({ where: { id: bad.id }, data: { closedAt: new Date(h.clock.ms) } });
    const answered = await ok(supervisor, 'POST', '/api/consultations', { channel: 'phone', contact: { name: 'x' }, content: 'opening hours?', answer: 'always open' });

    const review = await ok(supervisor, 'GET', `/api/kpis/record-reviews?${period}`);
    expect(review.summary).toEqual([
      { type: 'repair', checked: 2, complete: 1, rate: 0.5 },
      { type: 'maintenance', checked: 0, complete: 0, rate: null },
      { type: 'consultation', checked: 1, complete: 1, rate: 1 },
      { type: 'complaint', checked: 0, complete: 0, rate: null },
    ]);
    expect(review.flagged).toEqual([expect.objectContaining({ ticketId: bad.id, issues: ['no visit recorded', 'no passed test after repair', 'no customer signature'] })]);
    expect(review.flagged.map((f: { ticketId: string }) => f.ticketId)).not.toContain(good.id);
    expect(review.flagged.map((f: { ticketId: string }) => f.ticketId)).not.toContain(answered.id);
  });

  it('finds repair records by charger, model, fault class, part and free text', async () => {
    const contactor = await aPart(h.db.prisma, { name: 'DC contactor', quantity: 3 });
    const withPart = await repair('REC-3', 'arc marks on the DC contactor; replaced it', contactor.id);
    await repair('REC-4', 'loose terminal in the meter');

    const byText = await ok(engineer, 'GET', '/api/archive?q=ARC%20marks');
    expect(byText.items.map((i: { ticketId: string }) => i.ticketId)).toEqual([withPart.id]);
    expect(byText.items[0]).toMatchObject({ chargerId: 'REC-3', model: 'DC50', faultClass: 'ocpp16:GroundFailure', status: 'closed', parts: ['DC contactor'] });
    expect((await ok(engineer, 'GET', `/api/archive?partId=${contactor.id}`)).items.map((i: { ticketId: string }) => i.ticketId)).toEqual([withPart.id]);
    expect((await ok(engineer, 'GET', '/api/archive?chargerId=REC-4')).items).toHaveLength(1);
    expect((await ok(engineer, 'GET', '/api/archive?q=100%25')).items).toEqual([]);

    const page1 = await ok(engineer, 'GET', '/api/archive?model=DC50&faultClass=ocpp16:GroundFailure&limit=2');
    const page2 = await ok(engineer, 'GET', `/api/archive?model=DC50&faultClass=ocpp16:GroundFailure&limit=2&cursor=${page1.nextCursor}`);
    const all = [...page1.items, ...page2.items].map((i: { ticketId: string }) => i.ticketId);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(await h.db.prisma.ticket.count({ where: { type: 'repair', charger: { model: 'DC50' } } }));
  });

  it('keeps technical documents per model in versions, uploaded as files and downloaded as sent', async () => {
    const doc = await ok(supervisor, 'POST', '/api/documents', { model: 'DC50', kind: 'repair_guide', title: 'DC50 repair manual' });
    const v1 = Buffer.from('%PDF-1.7 version one');
    const v2 = Buffer.from('%PDF-1.7 version two, with the contactor chapter');
    const up1 = await call(supervisor, 'POST', `/api/documents/${doc.id}/versions?fileName=dc50-repair.pdf`, v1, { 'content-type': 'application/pdf' });
    expect(up1.statusCode, up1.body).toBe(201);
    const up2 = await call(supervisor, 'POST', `/api/documents/${doc.id}/versions?fileName=dc50-repair-v2.pdf`, v2, { 'content-type': 'application/pdf' });
    expect(up2.json()).toMatchObject({ version: 2, sizeBytes: v2.length, contentType: 'application/pdf' });
    expect((await call(supervisor, 'POST', `/api/documents/${doc.id}/versions?fileName=x.exe`, Buffer.from('MZ'), { 'content-type': 'application/x-msdownload' })).statusCode).toBe(415);
    expect((await call(engineer, 'POST', `/api/documents/${doc.id}/versions?fileName=y.pdf`, v1, { 'content-type': 'application/pdf' })).statusCode).toBe(403);

    const listed = await ok(engineer, 'GET', '/api/documents?model=DC50');
    expect(listed.items).toEqual([expect.objectContaining({ id: doc.id, versions: [expect.objectContaining({ version: 2 }), expect.objectContaining({ version: 1 })] })]);
    const down = await call(engineer, 'GET', listed.items[0].versions[1].downloadUrl);
    expect(down.rawPayload.equals(v1)).toBe(true);
    expect(down.headers['content-disposition']).toBe('attachment; filename="dc50-repair.pdf"');
  });
});
