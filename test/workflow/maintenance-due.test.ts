import { describe, expect, it } from 'vitest';
import { maintenanceDue } from '../../core/maintenance/due-date.ts';

const since = new Date('2026-01-01T00:00:00Z');
const base = { since, intervalDays: 180, environment: [] as string[], energyKwhPerService: null, sessionsPerService: null, usage: { energyKwh: 0, sessions: 0 }, now: new Date('2026-03-02T00:00:00Z') };
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('maintenance due date', () => {
  it('falls due after the interval indoors', () => {
    expect(maintenanceDue(base)).toEqual({ dueAt: day('2026-06-30'), reason: 'interval', effectiveIntervalDays: 180 });
  });

  it('comes sooner outdoors at the coast (factors multiply)', () => {
    // 180 × 0.85 × 0.7 = 107.1 → 107 days
    expect(maintenanceDue({ ...base, environment: ['outdoor', 'coastal'] })).toMatchObject({ dueAt: day('2026-04-18'), effectiveIntervalDays: 107 });
  });

  it('comes sooner when usage reaches the energy or session limit at the rate seen so far', () => {
    // 60 days in, 2 000 of 5 000 kWh used: the limit is reached after 150 days
    expect(maintenanceDue({ ...base, energyKwhPerService: 5000, usage: { energyKwh: 2000, sessions: 10 } })).toMatchObject({ dueAt: day('2026-05-31'), reason: 'energy' });
    // 600 of 1 000 sessions in 60 days: after 100 days
    expect(maintenanceDue({ ...base, energyKwhPerService: 5000, sessionsPerService: 1000, usage: { energyKwh: 2000, sessions: 600 } })).toMatchObject({ dueAt: day('2026-04-11'), reason: 'sessions' });
    // light use never pushes a visit beyond the interval
    expect(maintenanceDue({ ...base, sessionsPerService: 1000, usage: { energyKwh: 0, sessions: 1 } }).reason).toBe('interval');
  });
});
