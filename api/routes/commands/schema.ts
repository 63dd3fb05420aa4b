import { z } from 'zod';
import { chargerCommandSchema } from '../../../core/domain/commands.ts';
import { pageQuerySchema, pageSchema } from '../../pagination.ts';

export const COMMAND_STATUSES = ['queued', 'sent', 'accepted', 'in_progress', 'succeeded', 'rejected', 'failed', 'timed_out', 'expired'] as const;
const statusSchema = z.enum(COMMAND_STATUSES).meta({ example: 'succeeded' });
const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

/** The neutral command (the same schema core validates with), with an example for the docs. */
export const neutralCommandSchema = chargerCommandSchema.meta({
  description: 'a version-neutral command: reset, triggerMessage, getConfiguration, setConfiguration, getBaseReport, changeAvailability, unlockConnector, clearCache, dataTransfer, updateFirmware, retrieveLogs',
  example: { kind: 'reset', type: 'soft' },
});

export const sendCommandBody = z.object({
  command: neutralCommandSchema,
  whenOffline: z.enum(['fail', 'queue']).default('fail').meta({ description: 'fail at once (409) or queue until the charger boots, for expiresInS' }),
  expiresInS: z.number().int().min(10).max(7 * 86_400).optional().meta({ description: 'how long a queued command waits for the charger', example: 3600 }),
  ticketId: z.uuid().optional().meta({ description: 'the ticket this command serves (it then shows in the ticket)' }),
});

export const sendCommandQuery = z.object({
  wait: boolQuery.default(false).meta({ description: 'wait for the final status (firmware and log flows: until Installed / Uploaded), at most waitS' }),
  waitS: z.coerce.number().int().min(1).max(120).default(30).meta({ example: 30 }),
});

export const commandSchema = z.object({
  id: z.uuid(),
  chargerId: z.string().meta({ example: 'CP-0042' }),
  kind: z.string().meta({ example: 'reset' }),
  command: z.record(z.string(), z.unknown()).meta({ example: { kind: 'reset', type: 'soft' } }),
  status: statusSchema,
  requestedBy: z.string().meta({ example: 'user:5b0c…', description: '"user:<id>", "rule:<name>" or "system"' }),
  ticketId: z.uuid().nullable(),
  result: z.unknown().meta({ description: "the charger's answer in neutral terms (null until it answered)", example: { status: 'Accepted' } }),
  error: z.string().nullable().meta({ example: null }),
  progress: z.string().nullable().meta({ description: 'last firmware/log status the charger reported', example: 'Downloading' }),
  requestedAt: z.iso.datetime(),
  sentAt: z.iso.datetime().nullable(),
  completedAt: z.iso.datetime().nullable(),
  expiresAt: z.iso.datetime().nullable(),
});

export const commandEventSchema = z.object({
  at: z.iso.datetime(),
  status: statusSchema,
  detail: z.unknown().meta({ example: { progress: 'Downloading' } }),
});

export const commandDetailSchema = commandSchema.extend({
  events: z.array(commandEventSchema).meta({ description: "the command's life, oldest first" }),
});

export const commandListQuery = pageQuerySchema.extend({
  status: statusSchema.optional(),
  kind: z.string().max(50).optional().meta({ example: 'updateFirmware' }),
  sort: z.string().default('-requestedAt').meta({ description: 'requestedAt; prefix - for descending', example: '-requestedAt' }),
});
export const commandPage = pageSchema(commandSchema);

export const chargerParams = z.object({ id: z.string().min(1).max(48).meta({ example: 'CP-0042' }) });
export const commandParams = z.object({ id: z.uuid() });
