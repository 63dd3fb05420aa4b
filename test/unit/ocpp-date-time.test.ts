import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { commonDateTime, dateTimeCheck, strictModeValidators } from '../../ocpp/validators.ts';

// The gateway checks the common timestamp shape itself and leaves the rest to ajv-formats' own `date-time`
// check: every string must get the same verdict as from ajv-formats alone.
const require = createRequire(import.meta.url);
const { fullFormats } = require('ajv-formats/dist/formats') as { fullFormats: Record<string, { validate: (s: string) => boolean }> };
const original = fullFormats['date-time']!.validate;

/** A small deterministic generator: the corpus is the same on every run. */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return x / 2_147_483_648;
  };
}

function corpus(): string[] {
  const r = rng(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const two = (max: number) => String(Math.floor(r() * (max + 1))).padStart(2, '0');
  const out: string[] = [];
  const seps = ['T', 'T', 'T', 't', ' '];
  const fractions = ['', '', '.1', '.123', '.123456789', '.', '.12a'];
  const zones = ['Z', 'Z', '+01:00', '-05:30', '+14:00', '+99:99', 'z', '+0100', '+01', '', '+1:00', 'Z ', 'GMT'];
  for (let i = 0; i < 20_000; i++) {
    const year = pick(['2026', '2024', '2000', '1900', '2100', '0000', '9999', '202', '20266']);
    const s = `${year}-${two(13)}-${two(32)}${pick(seps)}${two(24)}:${two(60)}:${two(61)}${pick(fractions)}${pick(zones)}`;
    out.push(s);
  }
  // each character of some valid timestamps replaced, dropped or doubled
  const chars = ['0', '9', '-', ':', 'T', 't', 'Z', ' ', '.', '+', 'x', '٣', '\u00a0', '\n'];
  for (const base of ['2026-11-27T10:00:00Z', '2024-02-29T23:59:60.5+01:00', '2026-11-27T10:00:00.123-05:30']) {
    for (let at = 0; at < base.length; at++) {
      for (const c of chars) out.push(base.slice(0, at) + c + base.slice(at + 1));
      out.push(base.slice(0, at) + base.slice(at + 1));
      out.push(base.slice(0, at) + base[at] + base.slice(at));
    }
  }
  return out;
}

describe('the date-time check of the strict validators', () => {
  it('gives every timestamp the verdict of ajv-formats alone, and takes the quick path for the common shape', () => {
    const all = corpus();
    for (const protocol of ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'] as const) {
      // the check each version's strict validator runs
      const installed = dateTimeCheck(protocol);
      expect(installed, `${protocol}: the quick path is installed`).not.toBe(original);
      const differing = all.filter((s) => installed(s) !== original(s));
      expect(differing, protocol).toEqual([]);
    }
    const accepted = all.filter((s) => original(s));
    const quick = accepted.filter((s) => commonDateTime(s));
    // the corpus holds both verdicts, and the quick path decides many of the accepted ones
    expect(accepted.length).toBeGreaterThan(1_000);
    expect(all.length - accepted.length).toBeGreaterThan(1_000);
    expect(quick.length).toBeGreaterThan(1_000);
  });

  it.each([
    ['2026-11-27T10:00:00Z', true],
    ['2026-11-27T10:00:00.123+01:00', true],
    ['2024-02-29T23:59:60Z', true],
    ['2026-02-29T10:00:00Z', false],
    ['2026-11-27T24:00:00Z', false],
    ['2026-11-27 10:00:00Z', true],
    ['27.11.2026 10:00', false],
  ])('a MeterValues timestamped %s is valid: %s (1.6 strict validation; the connection says FormationViolation)', (timestamp, valid) => {
    const v16 = strictModeValidators.find((v) => v.subprotocol === 'ocpp1.6')!;
    const params = { connectorId: 1, meterValue: [{ timestamp, sampledValue: [{ value: '1' }] }] };
    if (valid) expect(v16.validate('urn:MeterValues.req', params)).toBe(true);
    else expect(() => v16.validate('urn:MeterValues.req', params)).toThrowError(expect.objectContaining({ rpcErrorCode: 'FormatViolation' }) as Error);
  });
});
