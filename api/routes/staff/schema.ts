import { z } from 'zod';

const isoDate = z.iso.datetime({ offset: true });
export const userParams = z.object({ id: z.uuid() });
export const modelParams = z.object({ model: z.string().min(1).max(100) });
const categories = z.enum(['product', 'repair', 'safety', 'communication']);

export const certificationBody = z.object({
  code: z.string().trim().min(1).max(50).meta({ example: 'hv-dc' }),
  name: z.string().trim().min(1).max(200).meta({ example: 'High-voltage DC work (EN 50110)' }),
  models: z.array(z.string().min(1).max(100)).max(100).default([]).meta({ description: 'charger models it covers; empty = all' }),
  issuedAt: isoDate.optional(),
  expiresAt: isoDate.optional(),
});
export const certificationSchema = z.object({ id: z.uuid(), userId: z.uuid(), code: z.string(), name: z.string(), models: z.array(z.string()), issuedAt: z.iso.datetime().nullable(), expiresAt: z.iso.datetime().nullable() });
export const requirementsBody = z.object({ certifications: z.array(z.string().trim().min(1).max(50)).max(20) });
export const requirementsSchema = z.object({ model: z.string(), certifications: z.array(z.string()) });
export const planItemBody = z.object({ year: z.number().int().min(2000).max(2100), userId: z.uuid().optional().meta({ description: 'absent: the whole team' }), category: categories, topic: z.string().trim().min(1).max(300), dueBy: isoDate.optional() });
export const planItemSchema = z.object({ id: z.uuid(), year: z.number().int(), userId: z.uuid().nullable(), category: z.string(), topic: z.string(), dueBy: z.iso.datetime().nullable() });
export const planQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
export const trainingRecordBody = z.object({ planItemId: z.uuid().optional(), category: categories, topic: z.string().trim().min(1).max(300), completedAt: isoDate, hours: z.number().positive().max(1000).optional(), result: z.string().max(200).optional() });
export const trainingRecordSchema = z.object({ id: z.uuid(), planItemId: z.uuid().nullable(), category: z.string(), topic: z.string(), completedAt: z.iso.datetime(), hours: z.number().nullable(), result: z.string().nullable() });
export const assessmentBody = z.object({ from: isoDate, to: isoDate, recurrenceDays: z.number().int().min(1).max(365).default(30), notes: z.string().max(5000).optional() });
export const assessmentSchema = z.object({ id: z.uuid(), from: z.iso.datetime(), to: z.iso.datetime(), score: z.number(), basis: z.record(z.string(), z.unknown()), notes: z.string().nullable(), at: z.iso.datetime() });
export const staffSchema = z.object({
  userId: z.uuid(),
  name: z.string(),
  role: z.string(),
  certifications: z.array(certificationSchema.extend({ valid: z.boolean() })),
  training: z.array(trainingRecordSchema),
  assessments: z.array(assessmentSchema),
});
export const expiringQuery = z.object({ days: z.coerce.number().int().min(1).max(365).default(30) });
export const expiringSchema = z.object({ items: z.array(certificationSchema.extend({ userName: z.string() })) });
