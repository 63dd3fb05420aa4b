import { describe, expect, it } from 'vitest';
import { WakeableSleeps } from '../../core/util/wakeable-sleep.ts';

describe('WakeableSleeps', () => {
  it('ends every sleep under way at wakeAll, long before its time', async () => {
    const sleeps = new WakeableSleeps();
    const t0 = Date.now();
    const both = Promise.all([sleeps.sleep(60_000), sleeps.sleep(120_000)]);
    sleeps.wakeAll();
    await both;
    expect(Date.now() - t0).toBeLessThan(1_000);
  });

  it('ends a sleep at its time when nobody wakes it, and a later wakeAll finds nothing to wake', async () => {
    const sleeps = new WakeableSleeps();
    const t0 = Date.now();
    await sleeps.sleep(30);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
    sleeps.wakeAll();
    const later = sleeps.sleep(20);
    await later;
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
  });
});
