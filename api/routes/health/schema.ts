import { z } from 'zod';

export const healthSchema = z.object({
  status: z.literal('ok'),
  connectedChargers: z.number().int().meta({ example: 120 }),
});

export const readinessSchema = z.object({
  status: z.enum(['ready', 'not-ready']),
  checks: z.record(z.string(), z.enum(['up', 'down'])).meta({ example: { database: 'up', telemetry: 'up' } }),
});
