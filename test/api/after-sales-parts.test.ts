import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aTicket, PNG_SIGNATURE } from '../workflow/support/fixtures.ts';
import { bearer, startApi, type ApiHarness } from './support/api-harness.ts';

describe('spare parts and suppliers API', () => {
  let h: ApiHarness;
  let supervisor: string;
  let engineer: string;
  let engineerId: string;

  const call = (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => h.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
  const ok = async (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
    const res = await call(token, method, url, payload);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };

  beforeAll(async () => {
    h = await startApi();
    supervisor = await h.tokenFor('supervisor');
    engineer = await h.tokenFor('repair_engineer');
    engineerId = (await ok(engineer, 'GET', '/api/auth/me')).id;
  });
  afterAll(async () => h?.close());

  it('from catalogue to goods-in, signed goods-out against a work order under concurrency, count and reorder', async () => {
    const part = await ok(supervisor, 'POST', '/api/parts', { sku: 'RCD-30MA-4P', name: 'RCD / ground-fault module', spec: 'Type B 30 mA', compatibleModels: ['DC50'], location: 'depot B3', reorderPoint: 2, reorderQuantity: 6 });
    expect(part).toMatchObject({ quantity: 0, approved: true });
    expect((await call(supervisor, 'POST', '/api/parts', { sku: 'RCD-30MA-4P', name: 'dup' })).json().code).toBe('PART_SKU_TAKEN');
    expect((await call(engineer, 'POST', '/api/parts', { sku: 'X', name: 'x' })).statusCode).toBe(403);

    const supplier = await ok(supervisor, 'POST', '/api/suppliers', { name: 'Acme Components', email: 'sales@acme.example' });
    const gi = await ok(supervisor, 'POST', '/api/parts/goods-in', { supplierId: supplier.id, lines: [{ partId: part.id, quantity: 5, inspectionPassed: true }] });
    expect(gi.movements).toEqual([expect.objectContaining({ kind: 'goods_in', quantity: 5, balanceAfter: 5, supplierId: supplier.id, inspectionPassed: true })]);
    await ok(supervisor, 'POST', '/api/parts/goods-in', { supplierId: supplier.id, lines: [{ partId: part.id, quantity: 1, inspectionPassed: false, inspectionNotes: 'bent pins' }] });

    const ticket = await aTicket(h.db.prisma, { chargerId: 'PARTS-1', status: 'awaiting_dispatch' });
    const dispatched = await ok(supervisor, 'POST', `/api/workflow/tickets/${ticket.id}/dispatch`, { engineerId, window: { start: '2026-11-27T08:00:00Z', end: '2026-11-27T10:00:00Z' } });
    const workOrderId = dispatched.workOrders[0].id;
    const out = (quantity: number) => call(engineer, 'POST', '/api/parts/goods-out', { workOrderId, lines: [{ partId: part.id, quantity }], receiver: { userId: engineerId, name: 'Rita Repair', signature: PNG_SIGNATURE } });
    expect((await call(engineer, 'POST', '/api/parts/goods-out', { workOrderId, lines: [{ partId: part.id, quantity: 1 }], receiver: { userId: engineerId, name: 'R', signature: 'data:text/plain,hi' } })).json().code).toBe('SIGNATURE_INVALID');
    const results = await Promise.all(Array.from({ length: 8 }, () => out(1)));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 409, 409, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json()).toMatchObject({ code: 'STOCK_INSUFFICIENT', available: 0, requested: 1 });
    const detail = await ok(engineer, 'GET', `/api/parts/${part.id}`);
    expect(detail.quantity).toBe(0);
    expect(detail.movements.filter((m: { kind: string }) => m.kind === 'goods_out')).toHaveLength(5);
    expect(await h.db.prisma.stockMovement.count({ where: { partId: part.id, kind: 'goods_out', receiverSignature: { not: null } } })).toBe(5);

    const sug = await ok(engineer, 'GET', '/api/parts/reorder-suggestions');
    expect(sug.items).toEqual([expect.objectContaining({ partId: part.id, quantity: 0, suggestedQuantity: 6 })]);
    expect((await ok(engineer, 'GET', '/api/parts?belowReorderPoint=true')).items.map((p: { id: string }) => p.id)).toEqual([part.id]);

    const count = await ok(supervisor, 'POST', '/api/parts/stock-counts', { lines: [{ partId: part.id, counted: 1 }], note: 'found one on the van' });
    expect(count.discrepancies).toEqual([{ partId: part.id, sku: 'RCD-30MA-4P', name: 'RCD / ground-fault module', expected: 0, counted: 1, difference: 1 }]);

    const evaluated = await ok(supervisor, 'POST', `/api/suppliers/${supplier.id}/evaluations`, { period: '2026-Q4', quality: 4, delivery: 3, service: 5 });
    expect(evaluated.score).toEqual({ evaluations: 1, quality: 4, delivery: 3, service: 5, rejectionRate: 0.17 });
  });

  it('refuses goods-out without an open work order', async () => {
    const res = await call(engineer, 'POST', '/api/parts/goods-out', { workOrderId: '00000000-0000-4000-8000-000000000000', lines: [{ partId: '00000000-0000-4000-8000-000000000001', quantity: 1 }], receiver: { userId: engineerId, name: 'R', signature: PNG_SIGNATURE } });
    expect(res.json().code).toBe('WORK_ORDER_NOT_FOUND');
  });
});
