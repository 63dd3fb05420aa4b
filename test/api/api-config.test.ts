import { describe, expect, it } from 'vitest';
import { ApiConfigError, loadApiConfig } from '../../api/config.ts';
import { ConfigError } from '../../core/config.ts';

describe('API configuration', () => {
  it('has safe defaults, with units in the names, and is frozen', () => {
    const c = loadApiConfig({});
    expect(c.auth).toEqual({ accessTokenTtlS: 900, refreshTokenTtlS: 1_209_600, maxFailedLogins: 5, lockoutS: 900, ipMaxFailures: 50, ipWindowS: 900 });
    expect(c.cookies.secure).toBe(true);
    expect(c.trustProxy).toBe(false);
    expect(Object.isFrozen(c.auth)).toBe(true);
  });

  it('reads overrides and refuses values out of bounds, all problems in one line', () => {
    expect(loadApiConfig({ API_LOGIN_MAX_FAILURES: '3', API_COOKIE_SECURE: 'false', WEBHOOK_MAX_ATTEMPTS: '2' })).toMatchObject({ auth: { maxFailedLogins: 3 }, cookies: { secure: false }, webhooks: { maxAttempts: 2 } });
    let error: unknown;
    try {
      loadApiConfig({ API_ACCESS_TOKEN_TTL_S: '5', API_TRUST_PROXY: 'yes' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ApiConfigError);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/API_ACCESS_TOKEN_TTL_S: .*; API_TRUST_PROXY: /);
  });
});
