import { z } from 'zod';

// Remote commands in version-neutral terms. The gateway's adapters map them to OCPP 1.6 / 2.x messages
// (gateway/adapters/*-commands.ts); the same schema validates API bodies.

const connector = z.object({ evseId: z.number().int().min(0), connectorId: z.number().int().min(0) });
const isoDate = z.iso.datetime({ offset: true });

export const TRIGGERABLE_MESSAGES = ['BootNotification', 'Heartbeat', 'StatusNotification', 'MeterValues', 'FirmwareStatusNotification', 'LogStatusNotification'] as const;

export const chargerCommandSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('reset'), type: z.enum(['soft', 'hard']) }),
  z.object({ kind: z.literal('triggerMessage'), message: z.enum(TRIGGERABLE_MESSAGES), connector: connector.optional() }),
  /** 1.6 configuration keys; 2.x "Component.Variable" names (well-known 1.6 keys are translated) */
  z.object({ kind: z.literal('getConfiguration'), keys: z.array(z.string().min(1).max(100)).max(100).optional() }),
  z.object({ kind: z.literal('setConfiguration'), key: z.string().min(1).max(100), value: z.string().max(1000) }),
  z.object({ kind: z.literal('getBaseReport'), reportBase: z.enum(['ConfigurationInventory', 'FullInventory', 'SummaryInventory']) }),
  /** evseId absent or 0: the whole charger */
  z.object({ kind: z.literal('changeAvailability'), operative: z.boolean(), evseId: z.number().int().min(0).optional() }),
  z.object({ kind: z.literal('unlockConnector'), connector }),
  z.object({ kind: z.literal('clearCache') }),
  z.object({ kind: z.literal('dataTransfer'), vendorId: z.string().min(1).max(255), messageId: z.string().max(50).optional(), data: z.string().optional() }),
  z.object({
    kind: z.literal('updateFirmware'),
    url: z.url().max(512),
    version: z.string().max(50).optional(),
    retrieveAt: isoDate.optional(),
    retries: z.number().int().min(0).max(10).optional(),
    retryIntervalS: z.number().int().min(0).max(86_400).optional(),
  }),
  /** the upload location is the platform's own, created per command */
  z.object({ kind: z.literal('retrieveLogs'), from: isoDate.optional(), to: isoDate.optional(), logType: z.enum(['diagnostics', 'security']).optional() }),
]);

export type ChargerCommand = z.infer<typeof chargerCommandSchema>;
export type CommandKind = ChargerCommand['kind'];

/** What the charger answered, in neutral terms. */
export type CommandOutcome =
  | { status: 'accepted'; result: Record<string, unknown>; followUp: boolean }
  | { status: 'rejected'; result: Record<string, unknown>; reason: string }
  | { status: 'failed'; error: string }
  | { status: 'timed_out' };

/** Firmware and log flows: the charger's status notifications that end them. */
export const FIRMWARE_DONE = new Set(['Installed']);
export const FIRMWARE_FAILED = new Set(['DownloadFailed', 'InstallationFailed', 'InstallVerificationFailed', 'InvalidSignature', 'InstallRebootFailed']);
export const LOG_DONE = new Set(['Uploaded']);
export const LOG_FAILED = new Set(['UploadFailed', 'UploadFailure', 'BadMessage', 'NotSupportedOperation', 'PermissionDenied']);
