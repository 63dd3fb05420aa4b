import { z } from 'zod';

export const supplierBody = z.object({
  name: z.string().trim().min(1).max(200).meta({ example: 'Acme Components' }),
  contact: z.string().max(200).nullable().optional(),
  email: z.email().max(320).nullable().optional(),
  phone: z.string().max(50).nullable().optional(),
});
const score = z.number().int().min(1).max(5);
export const evaluationBody = z.object({ period: z.string().trim().min(1).max(20).meta({ example: '2026-Q4' }), quality: score, delivery: score, service: score, notes: z.string().max(5000).optional() });
export const supplierSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  contact: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  score: z.object({
    evaluations: z.number().int(),
    quality: z.number().nullable(),
    delivery: z.number().nullable(),
    service: z.number().nullable(),
    rejectionRate: z.number().nullable().meta({ description: 'share of received units that failed incoming inspection' }),
  }),
});
export const supplierList = z.object({ items: z.array(supplierSchema) });
export const idParams = z.object({ id: z.uuid() });
