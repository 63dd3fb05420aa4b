import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { chargerConfigSchema } from '../config.ts';
import { CLEARS_BY, errorCode16Schema } from '../faults/fault-catalogue.ts';

// A fleet scenario (JSON or YAML). Times here are wall-clock seconds of the run; the chargers' own OCPP
// intervals (heartbeat, sampling) run `timeScale` times faster than real time.

const perHour = z.number().nonnegative().max(1_000_000);

export const scenarioSchema = z
  .object({
    name: z.string().max(100).default('default'),
    timeScale: z.number().positive().max(10_000).default(1),
    /** charger settings shared by the fleet (anything of a charger's config but id and version) */
    template: chargerConfigSchema.omit({ id: true, ocppVersion: true, timeScale: true }).partial().default({}),
    /** spread the fleet's first connections over this many seconds (0: all at once) */
    rampUpS: z.number().nonnegative().max(86_400).default(0),
    /** fault arrivals across the fleet, per hour, by kind */
    faultsPerHour: z
      .object({
        'status-error': perHour, event: perHour, security: perHour, 'temperature-drift': perHour,
        flapping: perHour, 'stuck-connector': perHour, dead: perHour,
      })
      .partial()
      .default({}),
    /** how injected faults clear (weights) */
    clearsBy: z.partialRecord(z.enum(CLEARS_BY), z.number().nonnegative()).default({ self: 4, 'soft-reset': 2, 'hard-reset': 1, unlock: 1, repair: 2 }),
    /** self-clearing faults clear after a time drawn in this range */
    selfClearS: z.tuple([z.number().positive(), z.number().positive()]).default([30, 600]),
    /** status-error codes to draw from (weights); default: every 1.6 error code alike */
    statusErrorCodes: z.partialRecord(errorCode16Schema, z.number().nonnegative()).optional(),
    /** share of status errors sent with their ChargeX MREC vendorErrorCode (CX001…CX006) */
    mrecShare: z.number().min(0).max(1).default(0.3),
    sessions: z
      .object({
        perChargerPerHour: perHour.default(0.5),
        durationS: z.tuple([z.number().positive(), z.number().positive()]).default([600, 3_600]),
      })
      .default({ perChargerPerHour: 0.5, durationS: [600, 3_600] }),
    /** connection storms: every charger drops at `atS`; with `downS` they all come back at once */
    storms: z.array(z.object({ atS: z.number().nonnegative(), downS: z.number().nonnegative().optional() })).default([]),
  })
  .strict();

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;

export function parseScenario(input: unknown): Scenario {
  return scenarioSchema.parse(input ?? {});
}

/** Reads a .json, .yaml or .yml scenario file and validates it. */
export async function loadScenario(path: string): Promise<Scenario> {
  const text = await readFile(path, 'utf8');
  const data: unknown = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  const result = scenarioSchema.safeParse(data ?? {});
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`invalid scenario ${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return result.data;
}
