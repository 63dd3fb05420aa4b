import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../core/config.ts';

describe('loadConfig', () => {
  it('applies the documented defaults on an empty environment', () => {
    const c = loadConfig({});
    expect(c.dataDir).toBe('./data');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.influx).toBeUndefined();
    expect(c.ocpp.port).toBe(9000);
    expect(c.http.port).toBe(3000);
    expect(c.ocpp.unknownChargers).toBe('reject');
    expect(c.logLevel).toBe('info');
    expect(Object.isFrozen(c.ocpp)).toBe(true);
  });

  it.each([
    [{ OCPP_PORT: '70000' }, /OCPP_PORT/],
    [{ OCPP_UNKNOWN_CHARGERS: 'maybe' }, /OCPP_UNKNOWN_CHARGERS/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL: must be a postgres/],
    [{ OCPP_TLS_KEY_FILE: '/k.pem' }, /set together/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
  ])('rejects %o with a one-line reason', (env, reason) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(reason);
  });

  it('treats empty strings as unset, as docker-compose passes them', () => {
    expect(loadConfig({ DATABASE_URL: '', INFLUX_URL: '' }).databaseUrl).toBeUndefined();
  });
});
