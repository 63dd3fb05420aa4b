import { z } from 'zod';
import type { PrismaClient } from '../db/database.ts';
import type { Prisma } from '../db/generated/client.ts';
import { FleetError, MAX_TARGETS } from './fleet-errors.ts';

// Which chargers a bulk command or a firmware campaign reaches. Every criterion given must hold; at least
// one is required, so that "the whole fleet" is never the accident of an empty body.

const CONNECTOR_STATUSES = ['Available', 'Preparing', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Finishing', 'Occupied', 'Reserved', 'Unavailable', 'Faulted'] as const;

export const fleetFilterSchema = z
  .object({
    ids: z.array(z.string().min(1).max(48)).min(1).max(MAX_TARGETS).optional().meta({ example: ['CP-0042', 'CP-0043'] }),
    /** chargers with a connector in this status */
    status: z.enum(CONNECTOR_STATUSES).optional().meta({ example: 'Faulted' }),
    online: z.boolean().optional().meta({ example: true }),
    model: z.string().min(1).max(200).optional().meta({ example: 'AC22-T2' }),
    firmwareVersion: z.string().min(1).max(50).optional().meta({ example: '2.4.1' }),
  })
  .strict()
  .refine((f) => Object.values(f).some((v) => v !== undefined), { message: 'name at least one criterion (ids, status, online, model, firmwareVersion)' });

export type FleetFilter = z.infer<typeof fleetFilterSchema>;

/** The ids of the chargers the filter selects, sorted (a campaign's waves follow this order); never none. */
export async function selectChargers(prisma: PrismaClient, f: FleetFilter): Promise<string[]> {
  const where: Prisma.ChargerWhereInput = {
    AND: [
      f.ids ? { id: { in: f.ids } } : {},
      f.status ? { connectors: { some: { status: f.status } } } : {},
      f.online !== undefined ? { online: f.online } : {},
      f.model ? { model: f.model } : {},
      f.firmwareVersion ? { firmwareVersion: f.firmwareVersion } : {},
    ],
  };
  const rows = await prisma.charger.findMany({ where, select: { id: true }, orderBy: { id: 'asc' }, take: MAX_TARGETS + 1 });
  if (rows.length === 0) throw new FleetError('FLEET_NO_CHARGERS');
  if (rows.length > MAX_TARGETS) throw new FleetError('FLEET_TOO_MANY_CHARGERS');
  return rows.map((r) => r.id);
}
