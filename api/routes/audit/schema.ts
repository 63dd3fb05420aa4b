import { z } from 'zod';
import { pageQuerySchema, pageSchema } from '../../pagination.ts';

export const auditEntrySchema = z.object({
  id: z.string().meta({ example: '1042' }),
  at: z.iso.datetime(),
  actor: z.string().meta({ example: 'user:5b0c…' }),
  actorLabel: z.string().nullable().meta({ example: 'ana.lopez@example.com' }),
  actorRole: z.string().nullable().meta({ example: 'supervisor' }),
  via: z.string().meta({ example: 'session' }),
  action: z.string().meta({ example: 'users.update' }),
  target: z.string().nullable().meta({ example: 'users:5b0c…' }),
  method: z.string().nullable(),
  path: z.string().nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
  statusCode: z.number().int().nullable(),
  outcome: z.enum(['success', 'failure', 'denied']),
  detail: z.unknown().nullable(),
});

export const auditQuery = pageQuerySchema.extend({
  actor: z.string().max(200).optional().meta({ example: 'user:5b0c…' }),
  action: z.string().max(200).optional().meta({ example: 'auth.login' }),
  target: z.string().max(300).optional(),
  outcome: z.enum(['success', 'failure', 'denied']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export const auditPage = pageSchema(auditEntrySchema);
