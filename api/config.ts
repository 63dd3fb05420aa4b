import { z } from 'zod';
import { ConfigError } from '../core/config.ts';
import type { AuthPolicy } from '../core/users/auth-policy.ts';

// The API's settings, validated like core/config.ts (read once, bounded, frozen; units in the names).
// The composition root merges this schema with core's (`loadApiConfig(process.env)`). No secrets here:
// session tokens are random and stored hashed, so there is no signing key to configure.

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const apiConfigSchema = z.object({
  API_ACCESS_TOKEN_TTL_S: int(60, 86_400).default(900),
  API_REFRESH_TOKEN_TTL_S: int(300, 90 * 86_400).default(14 * 86_400),
  API_LOGIN_MAX_FAILURES: int(1, 100).default(5),
  API_LOGIN_LOCKOUT_S: int(1, 86_400).default(900),
  API_LOGIN_IP_MAX_FAILURES: int(1, 100_000).default(50),
  API_LOGIN_IP_WINDOW_S: int(1, 86_400).default(900),
  /** Secure cookies need HTTPS (browsers also accept them on http://localhost); false only for plain-HTTP labs */
  API_COOKIE_SECURE: bool.default(true),
  /** take the client address from X-Forwarded-For (only behind a proxy you run) */
  API_TRUST_PROXY: bool.default(false),
  API_LIVE_HEARTBEAT_S: int(1, 300).default(15),
  /** events held for one slow live-feed client before they are dropped and the client told */
  API_LIVE_MAX_QUEUED_EVENTS: int(10, 100_000).default(1_000),
  WEBHOOK_TIMEOUT_MS: int(100, 60_000).default(5_000),
  WEBHOOK_MAX_ATTEMPTS: int(1, 50).default(8),
  WEBHOOK_BACKOFF_BASE_MS: int(10, 3_600_000).default(5_000),
  WEBHOOK_BACKOFF_MAX_MS: int(10, 86_400_000).default(3_600_000),
  WEBHOOK_POLL_INTERVAL_MS: int(50, 600_000).default(5_000),
  WEBHOOK_CONCURRENCY: int(1, 256).default(8),
});

export interface ApiConfig {
  auth: AuthPolicy;
  cookies: { secure: boolean };
  trustProxy: boolean;
  live: { heartbeatS: number; maxQueuedEvents: number };
  webhooks: { timeoutMs: number; maxAttempts: number; backoffBaseMs: number; backoffMaxMs: number; pollIntervalMs: number; concurrency: number; jitterRatio: number };
}

/** A ConfigError, so the CLI reports it the same way (one line, exit 2). */
export class ApiConfigError extends ConfigError {
  override name = 'ApiConfigError';
}

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const parsed = apiConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new ApiConfigError(`invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = parsed.data;
  return deepFreeze({
    auth: {
      accessTokenTtlS: e.API_ACCESS_TOKEN_TTL_S,
      refreshTokenTtlS: e.API_REFRESH_TOKEN_TTL_S,
      maxFailedLogins: e.API_LOGIN_MAX_FAILURES,
      lockoutS: e.API_LOGIN_LOCKOUT_S,
      ipMaxFailures: e.API_LOGIN_IP_MAX_FAILURES,
      ipWindowS: e.API_LOGIN_IP_WINDOW_S,
    },
    cookies: { secure: e.API_COOKIE_SECURE },
    trustProxy: e.API_TRUST_PROXY,
    live: { heartbeatS: e.API_LIVE_HEARTBEAT_S, maxQueuedEvents: e.API_LIVE_MAX_QUEUED_EVENTS },
    webhooks: {
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      backoffBaseMs: e.WEBHOOK_BACKOFF_BASE_MS,
      backoffMaxMs: e.WEBHOOK_BACKOFF_MAX_MS,
      pollIntervalMs: e.WEBHOOK_POLL_INTERVAL_MS,
      concurrency: e.WEBHOOK_CONCURRENCY,
      jitterRatio: 0.2,
    },
  });
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
