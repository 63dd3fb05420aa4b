import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueParts } from '../../core/parts/issue-parts.ts';
import { receiveGoods } from '../../core/parts/receive-goods.ts';
import { recordStockCount } from '../../core/parts/record-stock-count.ts';
import { reorderSuggestions } from '../../core/parts/reorder-suggestions.ts';
import { createSupplier, supplierScore } from '../../core/parts/suppliers.ts';
import { aPart, aTicket } from './support/fixtures.ts';
import { workflowDb } from './support/db.ts';

describe('spare parts stock', () => {
  let t: Awaited<ReturnType<typeof workflowDb>>;
  let workOrderId: string;
  const engineer = { receiverId: '00000000-0000-4000-8000-0000000000e1', receiverName: 'Rita Repair', actor: 'user:00000000-0000-4000-8000-0000000000e1' };

  beforeAll(async () => {
    t = await workflowDb();
    const ticket = await aTicket(t.db.prisma, { chargerId: 'STOCK-1', status: 'dispatched' });
    workOrderId = (await t.db.prisma.workOrder.create({ data: { ticketId: ticket.id, engineerId: engineer.receiverId, windowStart: new Date(), windowEnd: new Date(), tools: [], actions: [], createdBy: 'test' } })).id;
  });
  afterAll(async () => t?.close());

  it('never goes negative under 25 concurrent goods-out of 10 in stock: exactly 10 succeed', async () => {
    const part = await aPart(t.db.prisma, { quantity: 10 });
    const results = await Promise.allSettled(Array.from({ length: 25 }, () => issueParts(t.deps, { workOrderId, lines: [{ partId: part.id, quantity: 1 }], ...engineer })));
    const failures = results.filter((r) => r.status === 'rejected').map((r) => (r.reason as { code?: string }).code);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    expect(failures).toEqual(Array(15).fill('STOCK_INSUFFICIENT'));
    expect((await t.db.prisma.part.findUniqueOrThrow({ where: { id: part.id } })).quantity).toBe(0);
    const movements = await t.db.prisma.stockMovement.findMany({ where: { partId: part.id } });
    expect(movements.map((m) => m.balanceAfter).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('issues a multi-part request whole or not at all, also when two requests cross (no deadlock)', async () => {
    const a = await aPart(t.db.prisma, { quantity: 3 });
    const b = await aPart(t.db.prisma, { quantity: 1 });
    const [x, y] = await Promise.allSettled([
      issueParts(t.deps, { workOrderId, lines: [{ partId: a.id, quantity: 2 }, { partId: b.id, quantity: 1 }], ...engineer }),
      issueParts(t.deps, { workOrderId, lines: [{ partId: b.id, quantity: 1 }, { partId: a.id, quantity: 2 }], ...engineer }),
    ]);
    expect([x.status, y.status].sort()).toEqual(['fulfilled', 'rejected']);
    // the loser took nothing: a keeps the 1 the winner left
    expect((await t.db.prisma.part.findUniqueOrThrow({ where: { id: a.id } })).quantity).toBe(1);
    expect((await t.db.prisma.part.findUniqueOrThrow({ where: { id: b.id } })).quantity).toBe(0);
  });

  it('takes goods in after inspection, keeps rejected ones out, and scores the supplier', async () => {
    const supplier = await createSupplier(t.deps, { name: 'Acme Components' });
    const part = await aPart(t.db.prisma, { quantity: 0 });
    await receiveGoods(t.deps, { supplierId: supplier.id, actor: 'user:x', lines: [{ partId: part.id, quantity: 8, inspectionPassed: true }] });
    await receiveGoods(t.deps, { supplierId: supplier.id, actor: 'user:x', lines: [{ partId: part.id, quantity: 2, inspectionPassed: false, inspectionNotes: 'cracked housing' }] });
    expect((await t.db.prisma.part.findUniqueOrThrow({ where: { id: part.id } })).quantity).toBe(8);
    expect(await supplierScore(t.db.prisma, supplier.id)).toMatchObject({ rejectionRate: 0.2, evaluations: 0 });
  });

  it('corrects the books to a count and reports each discrepancy; concurrent goods-in are not lost', async () => {
    const part = await aPart(t.db.prisma, { quantity: 5 });
    const supplier = await createSupplier(t.deps, { name: 'Count Co' });
    const [count] = await Promise.all([
      recordStockCount(t.deps, { actor: 'user:x', lines: [{ partId: part.id, counted: 4 }] }),
      receiveGoods(t.deps, { supplierId: supplier.id, actor: 'user:x', lines: [{ partId: part.id, quantity: 3, inspectionPassed: true }] }),
    ]);
    const final = (await t.db.prisma.part.findUniqueOrThrow({ where: { id: part.id } })).quantity;
    // whichever ran first, the count corrected what it saw and the 3 received stay counted
    expect(count.discrepancies).toHaveLength(1);
    expect(final).toBe(count.discrepancies[0]!.counted + (count.discrepancies[0]!.expected === 5 ? 3 : 0));
    expect(count.discrepancies[0]).toMatchObject({ counted: 4, difference: 4 - count.discrepancies[0]!.expected });
  });

  it('suggests reorders from stock and demand', async () => {
    const low = await aPart(t.db.prisma, { quantity: 2 }); // reorder point 2
    const busy = await aPart(t.db.prisma, { quantity: 6 });
    await t.db.prisma.part.updateMany({ where: { id: { in: [low.id, busy.id] } }, data: { reorderQuantity: 5 } });
    await issueParts(t.deps, { workOrderId, lines: [{ partId: busy.id, quantity: 3 }], ...engineer }); // 3 in 90 days: 1 a month
    const ok = await aPart(t.db.prisma, { quantity: 50 });
    const s = await reorderSuggestions(t.db.prisma, t.deps.now());
    expect(s.find((x) => x.partId === low.id)).toMatchObject({ quantity: 2, reorderPoint: 2, monthlyDemand: 0, suggestedQuantity: 5 });
    expect(s.find((x) => x.partId === busy.id)).toMatchObject({ quantity: 3, monthlyDemand: 1, suggestedQuantity: 5 });
    expect(s.find((x) => x.partId === ok.id)).toBeUndefined();
  });
});
