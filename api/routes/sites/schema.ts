import { z } from 'zod';
import { pageQuerySchema, pageSchema } from '../../pagination.ts';

const environment = z.array(z.enum(['indoor', 'outdoor', 'coastal', 'dusty', 'humid', 'cold', 'hot'])).max(7).meta({ description: 'shortens maintenance intervals', example: ['outdoor', 'coastal'] });

export const siteBody = z.object({
  name: z.string().trim().min(1).max(200).meta({ example: 'Parkhaus Nord' }),
  address: z.string().trim().max(500).nullable().optional(),
  customerId: z.uuid().nullable().optional(),
  environment: environment.default([]),
  chargerIds: z.array(z.string().min(1).max(48)).max(500).optional().meta({ description: 'chargers installed at this site' }),
});
export const sitePatch = siteBody.partial().extend({ environment: environment.optional() });

export const siteSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  address: z.string().nullable(),
  customerId: z.uuid().nullable(),
  environment: z.array(z.string()),
  chargerIds: z.array(z.string()),
  createdAt: z.iso.datetime(),
});
export const siteListQuery = pageQuerySchema.extend({ customerId: z.uuid().optional() });
export const sitePage = pageSchema(siteSchema);
export const siteIdParams = z.object({ id: z.uuid() });
