import { z } from 'zod';
import { pageQuerySchema, pageSchema } from '../../pagination.ts';

export const TIERS = ['standard', 'premium', 'key_account'] as const;
const tier = z.enum(TIERS).meta({ description: 'differentiated service: tighter SLAs for higher tiers' });

export const customerBody = z.object({
  name: z.string().trim().min(1).max(200).meta({ example: 'Stadtwerke Nord' }),
  contactName: z.string().trim().max(200).nullable().optional().meta({ example: 'Ana López' }),
  phone: z.string().trim().max(50).nullable().optional().meta({ example: '+49 40 1234567' }),
  email: z.email().max(320).nullable().optional().meta({ example: 'ana.lopez@example.com' }),
  address: z.string().trim().max(500).nullable().optional(),
  tier: tier.default('standard'),
  notes: z.string().max(5000).nullable().optional(),
});
export const customerPatch = customerBody.partial().extend({ tier: tier.optional() });

export const customerSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  contactName: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
  tier,
  notes: z.string().nullable(),
  createdAt: z.iso.datetime(),
});

export const customerRecordSchema = customerSchema.extend({
  sites: z.array(z.object({
    id: z.uuid(),
    name: z.string(),
    address: z.string().nullable(),
    environment: z.array(z.string()),
    chargers: z.array(z.object({ id: z.string(), vendor: z.string().nullable(), model: z.string().nullable(), serialNumber: z.string().nullable(), firmwareVersion: z.string().nullable() })),
  })).meta({ description: 'the sites and the chargers the customer owns' }),
  history: z.array(z.object({
    ticketId: z.uuid(),
    reference: z.string(),
    type: z.string(),
    status: z.string(),
    title: z.string(),
    chargerId: z.string().nullable(),
    createdAt: z.iso.datetime(),
    closedAt: z.iso.datetime().nullable(),
  })).meta({ description: 'service history, newest first (repairs, consultations, complaints, installations, maintenance)' }),
  feedback: z.array(z.object({ ticketId: z.uuid(), reference: z.string(), at: z.iso.datetime(), score: z.number().int(), comment: z.string().nullable() })).meta({ description: 'satisfaction survey answers' }),
  complaints: z.number().int().meta({ description: 'complaints among the history' }),
  notices: z.array(z.object({ at: z.iso.datetime(), channel: z.string(), subject: z.string(), ticketId: z.uuid().nullable() })),
});

export const customerListQuery = pageQuerySchema.extend({
  q: z.string().trim().min(1).max(100).optional().meta({ description: 'part of the name' }),
  tier: tier.optional(),
});
export const customerPage = pageSchema(customerSchema);
export const customerIdParams = z.object({ id: z.uuid() });
