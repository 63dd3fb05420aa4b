import { z } from 'zod';
import { pageQuerySchema, pageSchema } from '../../pagination.ts';

export const partBody = z.object({
  sku: z.string().trim().min(1).max(64).meta({ example: 'RCD-30MA-4P' }),
  name: z.string().trim().min(1).max(200).meta({ example: 'RCD / ground-fault module' }),
  spec: z.string().max(1000).nullable().optional().meta({ example: 'Type B, 30 mA, 4-pole, 40 A' }),
  compatibleModels: z.array(z.string().min(1).max(100)).max(200).default([]),
  location: z.string().max(200).nullable().optional().meta({ example: 'Hamburg depot, shelf B3' }),
  reorderPoint: z.number().int().min(0).max(1_000_000).default(0),
  reorderQuantity: z.number().int().min(1).max(1_000_000).default(1),
  unitCostCents: z.number().int().min(0).nullable().optional(),
  approved: z.boolean().default(true).meta({ description: 'genuine or approved part' }),
});
export const partPatch = partBody.partial().extend({ compatibleModels: z.array(z.string().min(1).max(100)).max(200).optional(), reorderPoint: z.number().int().min(0).optional(), reorderQuantity: z.number().int().min(1).optional(), approved: z.boolean().optional() });

export const partSchema = z.object({
  id: z.uuid(),
  sku: z.string(),
  name: z.string(),
  spec: z.string().nullable(),
  compatibleModels: z.array(z.string()),
  location: z.string().nullable(),
  quantity: z.number().int(),
  reorderPoint: z.number().int(),
  reorderQuantity: z.number().int(),
  unitCostCents: z.number().int().nullable(),
  approved: z.boolean(),
});
const movementSchema = z.object({
  id: z.string(),
  kind: z.enum(['goods_in', 'goods_in_rejected', 'goods_out', 'returned', 'count_adjustment']),
  quantity: z.number().int(),
  rejectedQuantity: z.number().int(),
  balanceAfter: z.number().int(),
  at: z.iso.datetime(),
  actor: z.string(),
  workOrderId: z.uuid().nullable(),
  supplierId: z.uuid().nullable(),
  inspectionPassed: z.boolean().nullable(),
  receiverName: z.string().nullable(),
});
export const partDetailSchema = partSchema.extend({ movements: z.array(movementSchema).meta({ description: 'the latest 100, newest first' }) });
export const partListQuery = pageQuerySchema.extend({
  q: z.string().trim().min(1).max(100).optional().meta({ description: 'part of the SKU, name or spec' }),
  model: z.string().max(100).optional().meta({ description: 'compatible with this charger model' }),
  belowReorderPoint: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
export const partPage = pageSchema(partSchema);
export const idParams = z.object({ id: z.uuid() });

const line = z.object({ partId: z.uuid(), quantity: z.number().int().min(1).max(100_000) });
export const goodsInBody = z.object({
  supplierId: z.uuid(),
  lines: z.array(line.extend({ inspectionPassed: z.boolean(), inspectionNotes: z.string().max(2000).optional() })).min(1).max(200),
  note: z.string().max(2000).optional(),
});
export const goodsOutBody = z.object({
  workOrderId: z.uuid().meta({ description: 'goods-out only against a work order' }),
  lines: z.array(line).min(1).max(200),
  receiver: z.object({
    userId: z.uuid(),
    name: z.string().trim().min(1).max(200),
    signature: z.string().min(1).max(400_000).meta({ description: "the receiver's drawn signature (data URL, PNG or SVG)" }),
  }),
  note: z.string().max(2000).optional(),
});
export const movementsResponse = z.object({ movements: z.array(movementSchema) });
export const stockCountBody = z.object({ lines: z.array(z.object({ partId: z.uuid(), counted: z.number().int().min(0) })).min(1).max(5000), note: z.string().max(2000).optional() });
export const stockCountResponse = z.object({
  countId: z.uuid(),
  discrepancies: z.array(z.object({ partId: z.uuid(), sku: z.string(), name: z.string(), expected: z.number().int(), counted: z.number().int(), difference: z.number().int() })),
});
export const reorderResponse = z.object({
  items: z.array(z.object({ partId: z.uuid(), sku: z.string(), name: z.string(), quantity: z.number().int(), reorderPoint: z.number().int(), monthlyDemand: z.number(), suggestedQuantity: z.number().int() })),
});
