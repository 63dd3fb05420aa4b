// The shape of a roll-out, decided up front so that it can be shown before anything is sent: a canary
// share first (at least one charger when the share is above 0), then waves of `waveSize`. Chargers keep
// the order they are given in (sorted ids), so the plan is reproducible and auditable.

export function planWaves(chargerIds: readonly string[], canaryPercent: number, waveSize: number): string[][] {
  const waves: string[][] = [];
  const canary = canaryPercent > 0 ? Math.min(chargerIds.length, Math.max(1, Math.ceil((chargerIds.length * canaryPercent) / 100))) : 0;
  if (canary > 0) waves.push(chargerIds.slice(0, canary));
  for (let i = canary; i < chargerIds.length; i += waveSize) waves.push(chargerIds.slice(i, i + waveSize));
  return waves;
}

export interface WaveCounts {
  total: number;
  succeeded: number;
  failed: number;
}

export type WaveVerdict = 'halt' | 'complete' | 'under-way';

/**
 * Halts as soon as the failures alone pass the threshold (the chargers still under way cannot bring the
 * rate back down), completes when every charger of the wave has its outcome.
 */
export function waveVerdict(c: WaveCounts, maxFailureRate: number, failuresAccepted = false): WaveVerdict {
  if (!failuresAccepted && c.total > 0 && c.failed / c.total > maxFailureRate) return 'halt';
  return c.succeeded + c.failed >= c.total ? 'complete' : 'under-way';
}
