import type { OcppVersion } from '../config.ts';

export type Mix = Partial<Record<OcppVersion, number>>;

const VERSIONS: readonly OcppVersion[] = ['1.6', '2.0.1', '2.1'];

/** Parses `1.6:60,2.0.1:30,2.1:10` (weights, not necessarily summing to 100). */
export function parseMix(text: string): Mix {
  const mix: Mix = {};
  for (const part of text.split(',')) {
    const m = /^\s*(1\.6|2\.0\.1|2\.1)\s*:\s*(\d+(?:\.\d+)?)\s*$/.exec(part);
    if (!m) throw new Error(`invalid --mix: '${part.trim()}' (expected VERSION:WEIGHT,… e.g. 1.6:60,2.0.1:30,2.1:10)`);
    mix[m[1] as OcppVersion] = Number(m[2]);
  }
  if (Object.values(mix).every((w) => w === 0)) throw new Error('invalid --mix: all weights are 0');
  return mix;
}

/** How many chargers of each version (largest remainder, so the counts add up to `count`). */
export function allocate(count: number, mix: Mix): Array<[OcppVersion, number]> {
  const total = VERSIONS.reduce((s, v) => s + (mix[v] ?? 0), 0);
  const exact = VERSIONS.map((v) => [v, (count * (mix[v] ?? 0)) / total] as const);
  const out = exact.map(([v, x]) => [v, Math.floor(x)] as [OcppVersion, number]);
  let left = count - out.reduce((s, [, n]) => s + n, 0);
  const order = exact.map(([, x], i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    out[i]![1]++;
  }
  return out.filter(([, n]) => n > 0);
}
