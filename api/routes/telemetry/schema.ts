import { z } from 'zod';

export const MAX_POINTS = 10_000;

const range = {
  from: z.iso.datetime({ offset: true }).optional().meta({ description: 'inclusive; default 24 h before `to`', example: '2026-11-26T00:00:00Z' }),
  to: z.iso.datetime({ offset: true }).optional().meta({ description: 'exclusive; default now', example: '2026-11-27T00:00:00Z' }),
};

export const seriesQuery = z.object({
  measurand: z.string().min(1).max(100).meta({ example: 'Power.Active.Import' }),
  ...range,
  resolution: z.coerce.number().min(1).max(86_400 * 31).optional().meta({ description: `bucket width in seconds (mean per bucket); default gives ~300 points, at most ${MAX_POINTS}`, example: 300 }),
  evseId: z.coerce.number().int().min(0).optional(),
  phase: z.string().max(20).optional().meta({ example: 'L1' }),
});

export const seriesSchema = z.object({
  measurand: z.string(),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  resolutionS: z.number(),
  points: z.array(z.object({ ts: z.iso.datetime(), value: z.number() })).meta({ example: [{ ts: '2026-11-26T10:00:00.000Z', value: 7200 }] }),
});

export const latestQuery = z.object({
  measurand: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? undefined : [v].flat().flatMap((s) => s.split(',')).filter(Boolean)))
    .meta({ description: 'one or more measurands (repeat or comma-separate); default all', example: 'Energy.Active.Import.Register,Power.Active.Import' }),
});

export const latestSchema = z.object({
  items: z.array(
    z.object({
      measurand: z.string(),
      evseId: z.number().int(),
      connectorId: z.number().int(),
      phase: z.string().nullable(),
      unit: z.string().nullable().meta({ example: 'W' }),
      value: z.number(),
      ts: z.iso.datetime(),
    }),
  ),
});

export const statusHistoryQuery = z.object(range);

export const statusHistorySchema = z.object({
  items: z.array(z.object({ ts: z.iso.datetime(), evseId: z.number().int(), connectorId: z.number().int(), status: z.string(), errorCode: z.string().nullable() })),
});
