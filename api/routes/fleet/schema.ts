import { z } from 'zod';

export const fleetSummarySchema = z.object({
  chargers: z.number().int().meta({ example: 1200 }),
  online: z.number().int().meta({ example: 1170 }),
  offline: z.number().int().meta({ example: 30 }),
  faultedNow: z.number().int().meta({ description: 'chargers with a connector Faulted or reporting an error code', example: 7 }),
  pendingRegistration: z.number().int(),
  connectorsByStatus: z.record(z.string(), z.number().int()).meta({ example: { Available: 1800, Charging: 520, Faulted: 9 } }),
  byModel: z.array(z.object({ model: z.string().nullable(), chargers: z.number().int(), online: z.number().int() })),
});
