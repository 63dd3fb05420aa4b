import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Prisma } from '../../../core/db/generated/client.ts';
import { PartError } from '../../../core/parts/errors.ts';
import { issueParts } from '../../../core/parts/issue-parts.ts';
import { receiveGoods } from '../../../core/parts/receive-goods.ts';
import { recordStockCount } from '../../../core/parts/record-stock-count.ts';
import { reorderSuggestions } from '../../../core/parts/reorder-suggestions.ts';
import { createPart, updatePart } from '../../../core/parts/save-part.ts';
import { parseSignature } from '../../../core/workflow/signature-image.ts';
import { userActor } from '../../../core/workflow/workflow-deps.ts';
import { decodeCursor, keysetAfter, keysetOrder, parseSort, toPage } from '../../pagination.ts';
import { mapAfterSalesErrors } from '../workflow/after-sales-errors.ts';
import { workflowDeps } from '../workflow/workflow-deps.ts';
import { presentMovement, presentPart } from './presenter.ts';
import { goodsInBody, goodsOutBody, idParams, movementsResponse, partBody, partDetailSchema, partListQuery, partPage, partPatch, partSchema, reorderResponse, stockCountBody, stockCountResponse } from './schema.ts';

const tags = ['parts'];
const SORTS = { sku: { nullable: false, kind: 'string' } } as const;

/** The spare parts catalogue and its stock: goods-in with inspection, goods-out against work orders, counts, reorders. */
export const partRoutes: FastifyPluginAsyncZod = async (app) => {
  mapAfterSalesErrors(app);
  const deps = workflowDeps(app.deps);

  app.get('', { config: { access: 'parts:read' }, schema: { tags, summary: 'The catalogue with stock, by SKU', querystring: partListQuery, response: { 200: partPage } } }, async (req) => {
    const q = req.query;
    const sort = parseSort('sku', SORTS);
    const below = q.belowReorderPoint === true ? await deps.prisma.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "part" WHERE "quantity" <= "reorder_point"` : undefined;
    const where: Prisma.PartWhereInput = {
      AND: [
        q.q ? { OR: (['sku', 'name', 'spec'] as const).map((f) => ({ [f]: { contains: q.q, mode: 'insensitive' } })) as Prisma.PartWhereInput[] } : {},
        q.model ? { compatibleModels: { has: q.model } } : {},
        below ? { id: { in: below.map((r) => r.id) } } : {},
        keysetAfter(sort, decodeCursor(q.cursor, 'sku')) as Prisma.PartWhereInput,
      ],
    };
    const rows = await deps.prisma.part.findMany({ where, orderBy: keysetOrder(sort) as Prisma.PartOrderByWithRelationInput[], take: q.limit + 1 });
    return toPage(rows, q.limit, sort, (p) => ({ v: p.sku, id: p.id }), presentPart);
  });

  app.post('', { config: { access: 'parts:manage', action: 'parts.create' }, schema: { tags, summary: 'Add a part to the catalogue (stock 0)', body: partBody, response: { 201: partSchema } } }, async (req, reply) => {
    const p = await createPart(deps, req.body);
    req.auditTarget = `part:${p.id}`;
    return reply.code(201).send(presentPart(p));
  });

  app.get('/reorder-suggestions', { config: { access: 'parts:read' }, schema: { tags, summary: 'Purchase suggestions from stock levels and recent demand', response: { 200: reorderResponse } } }, async () => ({
    items: await reorderSuggestions(deps.prisma, deps.now()),
  }));

  app.get('/:id', { config: { access: 'parts:read' }, schema: { tags, summary: 'One part with its latest stock movements', params: idParams, response: { 200: partDetailSchema } } }, async (req) => {
    const p = await deps.prisma.part.findUnique({ where: { id: req.params.id }, include: { movements: { orderBy: { id: 'desc' }, take: 100 } } });
    if (!p) throw new PartError('PART_NOT_FOUND', `no part ${req.params.id}`);
    return { ...presentPart(p), movements: p.movements.map(presentMovement) };
  });

  app.patch('/:id', { config: { access: 'parts:manage', action: 'parts.update' }, schema: { tags, summary: 'Change a catalogue entry (not its stock)', params: idParams, body: partPatch, response: { 200: partSchema } } }, async (req) =>
    presentPart(await updatePart(deps, req.params.id, req.body)),
  );

  app.post('/goods-in', { config: { access: 'parts:manage', action: 'parts.goods-in' }, schema: { tags, summary: 'Goods-in from a supplier, with the incoming inspection per line', body: goodsInBody, response: { 200: movementsResponse } } }, async (req) => ({
    movements: (await receiveGoods(deps, { ...req.body, actor: userActor(req.principal!.userId) })).map(presentMovement),
  }));

  app.post('/goods-out', { config: { access: 'parts:issue', action: 'parts.goods-out' }, schema: { tags, summary: 'Goods-out against a work order, signed by the receiver; 409 when stock is short', body: goodsOutBody, response: { 200: movementsResponse } } }, async (req) => {
    const b = req.body;
    const signature = parseSignature(b.receiver.signature);
    const movements = await issueParts(deps, { workOrderId: b.workOrderId, lines: b.lines, receiverId: b.receiver.userId, receiverName: b.receiver.name, receiverSignature: signature.bytes, actor: userActor(req.principal!.userId), note: b.note });
    return { movements: movements.map(presentMovement) };
  });

  app.post('/stock-counts', { config: { access: 'parts:manage', action: 'parts.stock-count' }, schema: { tags, summary: 'Record a stock count: books corrected, discrepancy report returned', body: stockCountBody, response: { 200: stockCountResponse } } }, async (req) =>
    recordStockCount(deps, { lines: req.body.lines, note: req.body.note, actor: userActor(req.principal!.userId) }),
  );
};
