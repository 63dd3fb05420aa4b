import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

// Configuration is read from the environment once, validated against this schema, then frozen
// (STYLE.md). Names in ARCHITECTURE.md's configuration contract are fixed; units are in the names.

/** Per-connection abuse limits of the OCPP gateway (the gateway's defaults too). */
export const OCPP_LIMIT_DEFAULTS = Object.freeze({ maxBadMessages: 10, ratePerS: 20, rateBurst: 100, maxRefusals: 50 });
/** How long a bulk job or campaign stays its node's without a renewal (the API's default too). */
export const JOB_LEASE_DEFAULT_MS = 30_000;

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

export const configSchema = z.object({
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
    message: 'must be a postgres:// or postgresql:// URL (leave unset for the embedded database)',
  }),
  INFLUX_URL: optionalString.refine((v) => v === undefined || /^https?:\/\//.test(v), {
    message: 'must be an http:// or https:// URL (leave unset for the embedded telemetry store)',
  }),
  INFLUX_TOKEN: optionalString,
  INFLUX_ORG: optionalString,
  INFLUX_BUCKET: z.string().min(1).default('chargemend'),
  REDIS_URL: optionalString.refine((v) => v === undefined || /^rediss?:\/\//.test(v), { message: 'must be a redis:// or rediss:// URL (leave unset to run in one process)' }),
  /** every Redis key and channel starts with it: several deployments (or test suites) can share one Redis */
  REDIS_KEY_PREFIX: z.string().min(1).max(64).default('cm:'),
  /** charger → node presence expires unless traffic from the charger refreshes it; keep it above the heartbeat interval */
  REDIS_PRESENCE_TTL_S: positiveInt(10, 86_400).default(900),
  /** the domain-event stream is trimmed to about this many entries */
  REDIS_EVENTS_MAXLEN: positiveInt(1_000, 100_000_000).default(1_000_000),
  /** a worker's unacknowledged events are taken over by another worker after this long */
  REDIS_CLAIM_IDLE_MS: positiveInt(100, 3_600_000).default(30_000),
  /** the event stream is split into this many partitions by charger; one worker reads a partition at a time. Same on every node. */
  REDIS_EVENT_PARTITIONS: positiveInt(1, 1_024).default(16),
  /** events held in memory while Redis is unreachable (published on recovery); beyond it the oldest are dropped */
  REDIS_EVENT_BUFFER_MAX: positiveInt(100, 10_000_000).default(100_000),
  NODE_ID: z.string().min(1).default(`${hostname()}-${process.pid}`),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  OCPP_HOST: z.string().default('0.0.0.0'),
  OCPP_PORT: port.default(9000),
  OCPP_UNKNOWN_CHARGERS: z.enum(['reject', 'pending', 'auto-register']).default('reject'),
  OCPP_HEARTBEAT_INTERVAL_S: positiveInt(1, 86_400).default(300),
  /** a charger silent for this many heartbeat intervals is marked offline */
  OCPP_OFFLINE_AFTER_HEARTBEATS: z.coerce.number().min(1.5).max(20).default(3),
  /** interval sent with BootNotification Pending/Rejected: when the charger should try again */
  OCPP_BOOT_RETRY_INTERVAL_S: positiveInt(1, 3600).default(60),
  OCPP_LAST_SEEN_FLUSH_MS: positiveInt(100, 600_000).default(5_000),
  OCPP_COMMAND_TIMEOUT_MS: positiveInt(100, 600_000).default(30_000),
  OCPP_MAX_PAYLOAD_BYTES: positiveInt(1024, 16 * 1024 * 1024).default(256 * 1024),
  /** WebSocket ping to every charger this often; no pong by the next ping closes the socket (a dead peer). 0: no pings */
  OCPP_PING_INTERVAL_S: z.coerce.number().min(0).max(3_600).default(30),
  /** consecutive unparseable frames (not JSON, not an OCPP-J array, …) before the socket is closed (1002) */
  OCPP_MAX_BAD_MESSAGES: positiveInt(1, 1_000).default(OCPP_LIMIT_DEFAULTS.maxBadMessages),
  /** per-charger message rate: sustained messages per second and the burst above it (token bucket) */
  OCPP_RATE_LIMIT_PER_S: z.coerce.number().min(0.1).max(10_000).default(OCPP_LIMIT_DEFAULTS.ratePerS),
  OCPP_RATE_LIMIT_BURST: positiveInt(1, 100_000).default(OCPP_LIMIT_DEFAULTS.rateBurst),
  /** CALLs refused for the rate limit (recovering one per second) before the socket is closed (1008) */
  OCPP_RATE_LIMIT_MAX_REFUSALS: positiveInt(1, 100_000).default(OCPP_LIMIT_DEFAULTS.maxRefusals),
  /** failed charger logins (wrong/missing password or certificate) per charger id, then refused until the window passes */
  OCPP_AUTH_MAX_FAILURES: positiveInt(1, 1_000).default(5),
  /** the same for all ids from one remote address */
  OCPP_AUTH_MAX_FAILURES_PER_IP: positiveInt(1, 100_000).default(50),
  OCPP_AUTH_FAILURE_WINDOW_S: positiveInt(1, 86_400).default(300),
  /** Security Profile 2/3: serve wss:// with this key and certificate (PEM files) */
  OCPP_TLS_KEY_FILE: optionalString,
  OCPP_TLS_CERT_FILE: optionalString,
  /** Security Profile 3: require client certificates signed by this CA (PEM file) */
  OCPP_TLS_CA_FILE: optionalString,

  HTTP_HOST: z.string().default('0.0.0.0'),
  HTTP_PORT: port.default(3000),
  /** the base URL chargers use to reach this platform's HTTP port (firmware downloads, log uploads) */
  PUBLIC_URL: optionalString.refine((v) => v === undefined || /^https?:\/\/[^/]+/.test(v), { message: 'must be an http(s) URL such as https://cms.example.com' }),
  /** comma-separated URL prefixes, besides our own store, that firmware may be downloaded from */
  FIRMWARE_URL_ALLOWLIST: z.string().default(''),
  UPLOAD_MAX_BYTES: positiveInt(1024, 2 * 1024 * 1024 * 1024).default(50 * 1024 * 1024),
  UPLOAD_TTL_S: positiveInt(60, 7 * 86_400).default(86_400),

  /** an operator's diagnosis catalogue (JSON) replacing and adding entries of the default one */
  DIAGNOSIS_CATALOGUE_FILE: optionalString,
  /** at most one automatic soft (and one hard) reset per charger within this window */
  SELF_HEALING_RESET_WINDOW_S: positiveInt(60, 7 * 86_400).default(3_600),
  /** a cleared fault must stay cleared this long before its ticket counts as resolved remotely */
  SELF_HEALING_STABLE_S: z.coerce.number().min(0).max(3_600).default(60),
  /** multi-node: a remediation ladder whose worker stopped is taken over by another worker within this long */
  SELF_HEALING_TAKEOVER_S: positiveInt(2, 3_600).default(60),
  /** a fault class recurring within this many days of its ticket's resolution reopens that ticket */
  TICKET_RECURRENCE_DAYS: positiveInt(1, 365).default(7),
  FAULT_FLAPPING_CONNECTS: positiveInt(2, 1000).default(5),
  FAULT_FLAPPING_WINDOW_S: positiveInt(1, 86_400).default(600),
  FAULT_STUCK_AFTER_S: positiveInt(1, 86_400).default(900),
  /** how often SLAs are checked for warnings and breaches */
  SLA_SWEEP_INTERVAL_MS: positiveInt(100, 3_600_000).default(60_000),
  /** how often maintenance plans are checked for visits coming due */
  MAINTENANCE_INTERVAL_MS: positiveInt(1_000, 86_400_000).default(3_600_000),
  COMMAND_QUEUE_EXPIRY_S: positiveInt(10, 30 * 86_400).default(86_400),
  COMMAND_FOLLOW_UP_TIMEOUT_MS: positiveInt(1_000, 7 * 86_400_000).default(3_600_000),
  /**
   * a running bulk command job or firmware campaign is held by the node running it, which renews its lease every
   * third of this; work whose lease ran out (its node is gone) is interrupted or paused by another node
   */
  JOB_LEASE_MS: positiveInt(1_000, 3_600_000).default(JOB_LEASE_DEFAULT_MS),

  TELEMETRY_BATCH_SIZE: positiveInt(1, 100_000).default(20_000),
  TELEMETRY_FLUSH_INTERVAL_MS: positiveInt(10, 60_000).default(1_000),
  /** bound on points held in memory while the backend is slow or down; beyond it points are dropped and counted */
  TELEMETRY_MAX_BUFFERED_POINTS: positiveInt(1_000, 50_000_000).default(1_000_000),
  /**
   * durable outbox under DATA_DIR/telemetry-outbox: points beyond the memory bound are spooled there while
   * the backend is down and replayed in order; beyond this size new points are dropped (counted, logged).
   * 0 turns the outbox off (then the oldest points in memory are dropped).
   */
  TELEMETRY_OUTBOX_MAX_BYTES: z.coerce.number().int().min(0).max(1024 ** 4).default(1024 ** 3),
});

type Env = z.infer<typeof configSchema>;

export interface Config {
  dataDir: string;
  databaseUrl: string | undefined;
  influx: { url: string; token: string | undefined; org: string | undefined; bucket: string } | undefined;
  redisUrl: string | undefined;
  /** multi-node coordination; present when REDIS_URL is set */
  redis: RedisOptions | undefined;
  nodeId: string;
  logLevel: Env['LOG_LEVEL'];
  ocpp: {
    host: string;
    port: number;
    unknownChargers: Env['OCPP_UNKNOWN_CHARGERS'];
    heartbeatIntervalS: number;
    offlineAfterHeartbeats: number;
    bootRetryIntervalS: number;
    lastSeenFlushMs: number;
    commandTimeoutMs: number;
    maxPayloadBytes: number;
    pingIntervalS: number;
    /** gateway limits per connection: OCPP_MAX_BAD_MESSAGES, OCPP_RATE_LIMIT_* */
    limits: OcppLimits;
    /** admission throttle (ChargerRegistry.admit): OCPP_AUTH_* */
    authMaxFailures: number;
    authMaxFailuresPerIp: number;
    authFailureWindowS: number;
    tls: { keyFile: string; certFile: string; caFile: string | undefined } | undefined;
  };
  http: { host: string; port: number; publicUrl: string | undefined };
  files: { firmwareUrlAllowlist: readonly string[]; uploadMaxBytes: number; uploadTtlS: number };
  diagnosis: {
    catalogueFile: string | undefined;
    resetWindowS: number;
    stableS: number;
    /** multi-node: SELF_HEALING_TAKEOVER_S */
    takeoverS: number;
    recurrenceDays: number;
    flappingConnects: number;
    flappingWindowS: number;
    stuckAfterS: number;
  };
  commands: { queueExpiryS: number; followUpTimeoutMs: number };
  jobs: { leaseMs: number };
  afterSales: { slaSweepMs: number; maintenanceMs: number };
  telemetry: {
    batchSize: number;
    flushIntervalMs: number;
    maxBufferedPoints: number;
    outbox: { dir: string; maxBytes: number } | undefined;
  };
}

export interface OcppLimits {
  maxBadMessages: number;
  ratePerS: number;
  rateBurst: number;
  maxRefusals: number;
}

export interface RedisOptions {
  url: string;
  keyPrefix: string;
  presenceTtlS: number;
  eventsMaxLen: number;
  claimIdleMs: number;
  eventBufferMax: number;
  eventPartitions: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates `env` and returns a frozen Config; throws ConfigError with one line per problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  if ((e.OCPP_TLS_KEY_FILE === undefined) !== (e.OCPP_TLS_CERT_FILE === undefined)) {
    throw new ConfigError('invalid configuration: OCPP_TLS_KEY_FILE and OCPP_TLS_CERT_FILE must be set together');
  }
  if (e.OCPP_TLS_CA_FILE !== undefined && e.OCPP_TLS_KEY_FILE === undefined) {
    throw new ConfigError('invalid configuration: OCPP_TLS_CA_FILE (Security Profile 3) needs OCPP_TLS_KEY_FILE and OCPP_TLS_CERT_FILE');
  }
  const config: Config = {
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    influx: e.INFLUX_URL
      ? { url: e.INFLUX_URL, token: e.INFLUX_TOKEN, org: e.INFLUX_ORG, bucket: e.INFLUX_BUCKET }
      : undefined,
    redisUrl: e.REDIS_URL,
    redis: e.REDIS_URL
      ? { url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX, presenceTtlS: e.REDIS_PRESENCE_TTL_S, eventsMaxLen: e.REDIS_EVENTS_MAXLEN, claimIdleMs: e.REDIS_CLAIM_IDLE_MS, eventBufferMax: e.REDIS_EVENT_BUFFER_MAX, eventPartitions: e.REDIS_EVENT_PARTITIONS }
      : undefined,
    nodeId: e.NODE_ID,
    logLevel: e.LOG_LEVEL,
    ocpp: {
      host: e.OCPP_HOST,
      port: e.OCPP_PORT,
      unknownChargers: e.OCPP_UNKNOWN_CHARGERS,
      heartbeatIntervalS: e.OCPP_HEARTBEAT_INTERVAL_S,
      offlineAfterHeartbeats: e.OCPP_OFFLINE_AFTER_HEARTBEATS,
      bootRetryIntervalS: e.OCPP_BOOT_RETRY_INTERVAL_S,
      lastSeenFlushMs: e.OCPP_LAST_SEEN_FLUSH_MS,
      commandTimeoutMs: e.OCPP_COMMAND_TIMEOUT_MS,
      maxPayloadBytes: e.OCPP_MAX_PAYLOAD_BYTES,
      pingIntervalS: e.OCPP_PING_INTERVAL_S,
      limits: {
        maxBadMessages: e.OCPP_MAX_BAD_MESSAGES,
        ratePerS: e.OCPP_RATE_LIMIT_PER_S,
        rateBurst: e.OCPP_RATE_LIMIT_BURST,
        maxRefusals: e.OCPP_RATE_LIMIT_MAX_REFUSALS,
      },
      authMaxFailures: e.OCPP_AUTH_MAX_FAILURES,
      authMaxFailuresPerIp: e.OCPP_AUTH_MAX_FAILURES_PER_IP,
      authFailureWindowS: e.OCPP_AUTH_FAILURE_WINDOW_S,
      tls:
        e.OCPP_TLS_KEY_FILE && e.OCPP_TLS_CERT_FILE
          ? { keyFile: e.OCPP_TLS_KEY_FILE, certFile: e.OCPP_TLS_CERT_FILE, caFile: e.OCPP_TLS_CA_FILE }
          : undefined,
    },
    http: { host: e.HTTP_HOST, port: e.HTTP_PORT, publicUrl: e.PUBLIC_URL?.replace(/\/+$/, '') },
    files: {
      // A bare origin is a prefix up to its '/': "https://cdn.example.com" must not let
      // "https://cdn.example.com.evil.org/…" or "https://cdn.example.com:8443@evil.org/…" through.
      firmwareUrlAllowlist: e.FIRMWARE_URL_ALLOWLIST.split(',')
        .map((x) => x.trim())
        .filter(Boolean)
        .map((x) => (/^https?:\/\/[^/]+$/i.test(x) ? `${x}/` : x)),
      uploadMaxBytes: e.UPLOAD_MAX_BYTES,
      uploadTtlS: e.UPLOAD_TTL_S,
    },
    diagnosis: {
      catalogueFile: e.DIAGNOSIS_CATALOGUE_FILE,
      resetWindowS: e.SELF_HEALING_RESET_WINDOW_S,
      stableS: e.SELF_HEALING_STABLE_S,
      takeoverS: e.SELF_HEALING_TAKEOVER_S,
      recurrenceDays: e.TICKET_RECURRENCE_DAYS,
      flappingConnects: e.FAULT_FLAPPING_CONNECTS,
      flappingWindowS: e.FAULT_FLAPPING_WINDOW_S,
      stuckAfterS: e.FAULT_STUCK_AFTER_S,
    },
    commands: { queueExpiryS: e.COMMAND_QUEUE_EXPIRY_S, followUpTimeoutMs: e.COMMAND_FOLLOW_UP_TIMEOUT_MS },
    jobs: { leaseMs: e.JOB_LEASE_MS },
    afterSales: { slaSweepMs: e.SLA_SWEEP_INTERVAL_MS, maintenanceMs: e.MAINTENANCE_INTERVAL_MS },
    telemetry: {
      batchSize: e.TELEMETRY_BATCH_SIZE,
      flushIntervalMs: e.TELEMETRY_FLUSH_INTERVAL_MS,
      maxBufferedPoints: e.TELEMETRY_MAX_BUFFERED_POINTS,
      outbox: e.TELEMETRY_OUTBOX_MAX_BYTES > 0 ? { dir: join(e.DATA_DIR, 'telemetry-outbox'), maxBytes: e.TELEMETRY_OUTBOX_MAX_BYTES } : undefined,
    },
  };
  return deepFreeze(config);
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
