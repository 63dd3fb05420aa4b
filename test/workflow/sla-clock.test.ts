import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessMinutes, localTimeToInstant, type Calendar } from '../../core/sla/business-calendar.ts';
import { choosePolicy } from '../../core/sla/choose-policy.ts';
import { evaluateSla, runningMinutes } from '../../core/sla/sla-clock.ts';

// Europe/Berlin, Monday–Friday 08:00–17:00, Christmas Day off. Instants are written in UTC:
// Berlin is UTC+1 in winter and UTC+2 from 28 March 2027.
const cal: Calendar = { timeZone: 'Europe/Berlin', workdays: [1, 2, 3, 4, 5], openMinute: 8 * 60, closeMinute: 17 * 60, holidays: new Set(['2026-12-25']) };
const at = (iso: string) => new Date(iso);

describe('business calendar', () => {
  it('converts a local opening time to an instant on both sides of a DST change', () => {
    expect(localTimeToInstant(2027, 3, 26, 8 * 60, 'Europe/Berlin').toISOString()).toBe('2027-03-26T07:00:00.000Z');
    expect(localTimeToInstant(2027, 3, 29, 8 * 60, 'Europe/Berlin').toISOString()).toBe('2027-03-29T06:00:00.000Z');
  });

  it.each([
    ['inside one working day', '2026-11-30T08:00:00Z', '2026-11-30T09:30:00Z', 90],
    ['Friday 16:00 to Monday 09:30 (the weekend does not count)', '2026-11-27T15:00:00Z', '2026-11-30T08:30:00Z', 60 + 90],
    ['opened on Saturday: the clock starts Monday 08:00', '2026-11-28T10:00:00Z', '2026-11-30T08:00:00Z', 60],
    ['before opening and after closing count nothing', '2026-11-30T05:00:00Z', '2026-11-30T06:59:00Z', 0],
    ['over Christmas (a Friday holiday)', '2026-12-24T15:00:00Z', '2026-12-28T07:30:00Z', 60 + 30],
    ['a whole working week', '2026-11-30T00:00:00Z', '2026-12-07T00:00:00Z', 5 * 9 * 60],
  ])('counts business minutes %s', (_what, from, to, minutes) => {
    expect(businessMinutes(cal, at(from), at(to))).toBe(minutes);
  });

  it('adds business minutes across a weekend, a holiday and a DST change', () => {
    expect(addBusinessMinutes(cal, at('2026-11-27T15:00:00Z'), 120).toISOString()).toBe('2026-11-30T08:00:00.000Z');
    expect(addBusinessMinutes(cal, at('2026-12-24T15:00:00Z'), 61).toISOString()).toBe('2026-12-28T07:01:00.000Z');
    // Friday 16:00 CET + 2 h = Monday 09:00 CEST
    expect(addBusinessMinutes(cal, at('2027-03-26T15:00:00Z'), 120).toISOString()).toBe('2027-03-29T07:00:00.000Z');
  });
});

describe('SLA clock', () => {
  const opened = at('2026-11-30T07:00:00Z'); // Monday 08:00 Berlin
  const targets = { startedAt: opened, responseMinutes: 60, resolutionMinutes: 8 * 60, warnPercent: 80, respondedAt: null, resolvedAt: null };

  it('stands still while paused, and overlapping pauses count once', () => {
    const pauses = [
      { startedAt: at('2026-11-30T09:00:00Z'), endedAt: at('2026-11-30T12:00:00Z') }, // 10:00–13:00 waiting for the customer
      { startedAt: at('2026-11-30T11:00:00Z'), endedAt: at('2026-11-30T13:00:00Z') }, // 12:00–14:00 waiting for parts
    ];
    expect(runningMinutes(cal, opened, at('2026-11-30T16:00:00Z'), pauses)).toBe(9 * 60 - 4 * 60);
    // a pause over the night costs nothing extra
    expect(runningMinutes(cal, opened, at('2026-12-01T08:00:00Z'), [{ startedAt: at('2026-11-30T15:00:00Z'), endedAt: at('2026-12-01T07:00:00Z') }])).toBe(9 * 60 + 60 - 60);
  });

  it('warns at the warning share, breaches at the target, and tells when a target falls due', () => {
    const early = evaluateSla(cal, targets, [], at('2026-11-30T07:30:00Z'));
    expect(early.response).toEqual({ targetMinutes: 60, elapsedMinutes: 30, state: 'running', dueAt: at('2026-11-30T08:00:00Z') });
    expect(evaluateSla(cal, targets, [], at('2026-11-30T07:50:00Z')).response.state).toBe('warning');
    expect(evaluateSla(cal, targets, [], at('2026-11-30T08:00:00Z')).response.state).toBe('breached');
    // resolution due at 16:00 Berlin, unless paused
    expect(early.resolution.dueAt).toEqual(at('2026-11-30T15:00:00Z'));
  });

  it('a paused target has no due time; a resumed one is due later by the business time it stood still', () => {
    const paused = evaluateSla(cal, targets, [{ startedAt: at('2026-11-30T08:00:00Z'), endedAt: null }], at('2026-11-30T10:00:00Z'));
    expect(paused.resolution).toMatchObject({ state: 'paused', elapsedMinutes: 60, dueAt: null });
    const resumed = evaluateSla(cal, targets, [{ startedAt: at('2026-11-30T08:00:00Z'), endedAt: at('2026-11-30T10:00:00Z') }], at('2026-11-30T10:00:00Z'));
    // 60 min ran before the pause; the other 420 run 11:00–17:00 Berlin and Tuesday 08:00–09:00
    expect(resumed.resolution.dueAt).toEqual(at('2026-12-01T08:00:00Z'));
  });

  it('is met or missed once done', () => {
    expect(evaluateSla(cal, { ...targets, respondedAt: at('2026-11-30T07:45:00Z') }, [], at('2026-12-10T00:00:00Z')).response).toMatchObject({ state: 'met', elapsedMinutes: 45 });
    expect(evaluateSla(cal, { ...targets, resolvedAt: at('2026-12-01T08:00:00Z') }, [], at('2026-12-10T00:00:00Z')).resolution).toMatchObject({ state: 'missed', elapsedMinutes: 9 * 60 + 60 });
  });
});

describe('SLA policy choice', () => {
  const p = (id: string, priority: 'urgent' | null, tier: 'premium' | null, resolutionMinutes: number) => ({ id, ticketType: 'repair' as const, priority, tier, responseMinutes: 60, resolutionMinutes });
  const policies = [p('any', null, null, 2400), p('premium', null, 'premium', 960), p('urgent', 'urgent', null, 480), p('urgent-premium', 'urgent', 'premium', 240)];

  it.each([
    [{ priority: 'normal', tier: 'standard' }, 'any'],
    [{ priority: 'normal', tier: 'premium' }, 'premium'],
    [{ priority: 'urgent', tier: 'standard' }, 'urgent'],
    [{ priority: 'urgent', tier: 'premium' }, 'urgent-premium'],
    [{ priority: 'normal', tier: null }, 'any'],
  ] as const)('%o gets %s', (t, id) => {
    expect(choosePolicy(policies, { type: 'repair', ...t })?.id).toBe(id);
  });

  it('has none for a type without policies', () => {
    expect(choosePolicy(policies, { type: 'complaint', priority: 'normal', tier: null })).toBeUndefined();
  });
});
