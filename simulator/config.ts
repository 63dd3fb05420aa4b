import { z } from 'zod';

// A virtual charger's configuration, validated once and frozen (STYLE.md: config validated at start).
// Times that the OCPP protocol expresses in seconds are simulated seconds: `timeScale` simulated seconds
// pass per real second, so tests can run a 1 s heartbeat every 20 ms with timeScale 50.

export const ocppVersionSchema = z.enum(['1.6', '2.0.1', '2.1']);
export type OcppVersion = z.infer<typeof ocppVersionSchema>;

export const evseSchema = z.object({
  connectors: z.number().int().min(1).max(4).default(1),
  currentType: z.enum(['AC', 'DC']).default('AC'),
  phases: z.union([z.literal(1), z.literal(3)]).default(3),
  maxPowerW: z.number().positive().max(1_000_000).default(22_000),
});
export type EvseConfig = z.infer<typeof evseSchema>;

export const chargerConfigSchema = z.object({
  id: z.string().min(1).max(48).regex(/^[A-Za-z0-9._:*+@-]+$/, 'identity must be URL-safe'),
  ocppVersion: ocppVersionSchema,
  /** 1.6 limits vendor and model to 20 characters */
  vendor: z.string().min(1).max(20).default('Chargemend'),
  model: z.string().min(1).max(20).default('SimCharger'),
  serialNumber: z.string().min(1).max(25).optional(),
  firmwareVersion: z.string().min(1).max(50).default('1.0.0'),
  evses: z.array(evseSchema).min(1).max(8).default([{ connectors: 1, currentType: 'AC', phases: 3, maxPowerW: 22_000 }]),
  security: z
    .object({
      /** 0: plain ws, 1: HTTP Basic over ws, 2: HTTP Basic over TLS (wss, CA checked) */
      profile: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(0),
      password: z.string().min(1).max(64).optional(),
      /** PEM of the CA that signed the CSMS certificate (profile 2) */
      caPem: z.string().optional(),
    })
    .default({ profile: 0 }),
  timeScale: z.number().positive().max(10_000).default(1),
  /** used until a BootNotification answer gives one */
  heartbeatIntervalS: z.number().int().positive().default(300),
  meterValueSampleIntervalS: z.number().int().nonnegative().default(60),
  /** boot retry when a Pending/Rejected answer carries interval 0 */
  bootRetryS: z.number().int().positive().default(30),
  rebootDelayMs: z.number().int().nonnegative().default(5_000),
  callTimeoutMs: z.number().int().positive().default(30_000),
  webSocketPingIntervalS: z.number().int().nonnegative().default(30),
  reconnect: z
    .object({
      initialDelayMs: z.number().int().positive().default(1_000),
      maxDelayMs: z.number().int().positive().default(60_000),
      factor: z.number().min(1).default(2),
      /** ± fraction of the delay drawn at random, so a fleet does not reconnect in lock-step */
      jitter: z.number().min(0).max(1).default(0.3),
    })
    .default({ initialDelayMs: 1_000, maxDelayMs: 60_000, factor: 2, jitter: 0.3 }),
  /** transaction messages kept while offline (OCPP: queue and send in order on reconnect) */
  maxQueuedMessages: z.number().int().positive().default(1_000),
  transactionMessageAttempts: z.number().int().positive().default(3),
  /** the vendorId this charger answers DataTransfer for (others get UnknownVendorId) */
  dataTransferVendorId: z.string().min(1).max(255).default('com.chargemend.sim'),
  logUploadMethod: z.enum(['post-multipart', 'put']).default('post-multipart'),
  /** ring of recent log lines kept for GetDiagnostics / GetLog uploads */
  logRingSize: z.number().int().min(10).max(10_000).default(200),
  seed: z.number().int().optional(),
});

export type ChargerConfigInput = z.input<typeof chargerConfigSchema>;
export type ChargerConfig = Readonly<z.infer<typeof chargerConfigSchema>>;

export function resolveChargerConfig(input: ChargerConfigInput): ChargerConfig {
  const config = chargerConfigSchema.parse(input);
  if (config.security.profile >= 1 && !config.security.password) {
    throw new Error(`charger ${config.id}: security profile ${config.security.profile} needs a password`);
  }
  return Object.freeze(config);
}

export function subprotocolOf(version: OcppVersion): 'ocpp1.6' | 'ocpp2.0.1' | 'ocpp2.1' {
  return `ocpp${version}`;
}
