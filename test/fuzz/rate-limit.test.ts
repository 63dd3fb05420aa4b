import { describe, expect, it } from 'vitest';
import { callErrorInVersion } from '../../gateway/frame-guard.ts';
import { ChargerRateLimiter, TokenBucket } from '../../gateway/rate-limit.ts';

// The gateway's per-charger policies on a controlled clock (the end-to-end behaviour is ocpp-fuzz.test.ts).

describe('TokenBucket', () => {
  it('allows the burst at once, then the rate', () => {
    let t = 0;
    const b = new TokenBucket(2, 5, () => t);
    expect(Array.from({ length: 6 }, () => b.take())).toEqual([true, true, true, true, true, false]);
    t += 499;
    expect(b.take()).toBe(false);
    t += 1;
    expect(b.take()).toBe(true);
    t += 60_000;
    expect(Array.from({ length: 6 }, () => b.take()).filter(Boolean)).toHaveLength(5);
  });
});

describe('ChargerRateLimiter', () => {
  it('passes within the rate, refuses above it, closes when refusals keep coming faster than one per second', () => {
    let t = 0;
    const l = new ChargerRateLimiter({ ratePerS: 10, rateBurst: 3, maxRefusals: 4 }, () => t);
    expect(Array.from({ length: 3 }, () => l.check())).toEqual(['pass', 'pass', 'pass']);
    expect(Array.from({ length: 5 }, () => l.check())).toEqual(['refuse', 'refuse', 'refuse', 'refuse', 'close']);
  });

  it('forgives a charger that slows down', () => {
    let t = 0;
    const l = new ChargerRateLimiter({ ratePerS: 10, rateBurst: 1, maxRefusals: 2 }, () => t);
    for (let i = 0; i < 100; i++) {
      expect(l.check()).toBe('pass');
      expect(l.check()).toBe('refuse');
      t += 1_000;
    }
  });
});

describe('callErrorInVersion', () => {
  it.each([
    ['ocpp1.6', 'RpcFrameworkError', 'FormationViolation'],
    ['ocpp1.6', 'MessageTypeNotSupported', 'FormationViolation'],
    ['ocpp1.6', 'FormatViolation', 'FormationViolation'],
    ['ocpp1.6', 'NotImplemented', 'NotImplemented'],
    ['ocpp2.0.1', 'OccurenceConstraintViolation', 'OccurrenceConstraintViolation'],
    ['ocpp2.1', 'FormationViolation', 'FormatViolation'],
    ['ocpp2.0.1', 'RpcFrameworkError', 'RpcFrameworkError'],
  ] as const)('%s: %s is sent as %s', (protocol, code, expected) => {
    expect(JSON.parse(callErrorInVersion(protocol, JSON.stringify([4, 'id', code, 'why', {}])))).toEqual([4, 'id', expected, 'why', {}]);
  });

  it('leaves other frames alone', () => {
    const result = '[3,"id",{"status":"Accepted"}]';
    expect(callErrorInVersion('ocpp1.6', result)).toBe(result);
  });
});
