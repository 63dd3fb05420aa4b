import { z } from 'zod';
import { pageQuerySchema, pageSchema } from '../../pagination.ts';

export const CONNECTOR_STATUSES = ['Available', 'Preparing', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Finishing', 'Occupied', 'Reserved', 'Unavailable', 'Faulted'] as const;
const statusSchema = z.enum(CONNECTOR_STATUSES).meta({ example: 'Charging' });
const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const chargerSummarySchema = z.object({
  id: z.string().meta({ example: 'CP-0042' }),
  vendor: z.string().nullable().meta({ example: 'Acme' }),
  model: z.string().nullable().meta({ example: 'AC22-T2' }),
  serialNumber: z.string().nullable(),
  firmwareVersion: z.string().nullable().meta({ example: '2.4.1' }),
  ocppVersion: z.enum(['1.6', '2.0.1', '2.1']).nullable(),
  registration: z.enum(['accepted', 'pending', 'rejected']),
  online: z.boolean(),
  status: z.union([statusSchema, z.literal('Unknown')]).meta({ description: 'the most telling connector status (Faulted first)' }),
  faulted: z.boolean().meta({ description: 'some connector is Faulted or reports an error code' }),
  lastSeenAt: z.iso.datetime().nullable(),
  lastBootAt: z.iso.datetime().nullable(),
});

export const connectorSchema = z.object({
  connectorId: z.number().int(),
  status: z.string().meta({ example: 'Faulted' }),
  errorCode: z.string().nullable().meta({ example: 'GroundFailure' }),
  vendorId: z.string().nullable(),
  vendorErrorCode: z.string().nullable(),
  info: z.string().nullable(),
  statusAt: z.iso.datetime(),
});

export const connectionSchema = z.object({
  id: z.uuid(),
  protocol: z.string().meta({ example: 'ocpp2.0.1' }),
  remoteAddress: z.string().nullable(),
  nodeId: z.string(),
  connectedAt: z.iso.datetime(),
  disconnectedAt: z.iso.datetime().nullable(),
  closeCode: z.number().int().nullable(),
  closeReason: z.string().nullable(),
});

export const chargerDetailSchema = chargerSummarySchema.extend({
  securityProfile: z.number().int(),
  heartbeatIntervalS: z.number().int().nullable(),
  firstSeenAt: z.iso.datetime().nullable(),
  lastBootReason: z.string().nullable(),
  evses: z.array(z.object({ evseId: z.number().int().meta({ description: '0 = the charger as a whole' }), connectors: z.array(connectorSchema) })),
  connections: z.array(connectionSchema).meta({ description: 'the most recent connections, newest first' }),
});

export const chargerListQuery = pageQuerySchema.extend({
  status: statusSchema.optional().meta({ description: 'chargers with a connector in this status' }),
  online: boolQuery.optional(),
  faulted: boolQuery.optional(),
  model: z.string().max(200).optional(),
  q: z.string().trim().min(1).max(100).optional().meta({ description: 'part of the id, vendor, model or serial number', example: 'CP-00' }),
  sort: z.string().default('id').meta({ description: 'id, model, lastSeenAt, createdAt; prefix - for descending', example: '-lastSeenAt' }),
});
export const chargerPage = pageSchema(chargerSummarySchema);

export const chargerIdParams = z.object({ id: z.string().min(1).max(48).meta({ example: 'CP-0042' }) });
