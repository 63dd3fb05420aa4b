import type { TelemetryPoint } from './types.ts';

// One point per line (JSON, the timestamp as epoch ms): a torn last line after a crash costs that line
// only, and lines need no framing beyond '\n' (JSON.stringify never emits a raw newline).

export function encodePoint(p: TelemetryPoint): string {
  return `${JSON.stringify({ ...p, ts: p.ts.getTime() })}\n`;
}

/** undefined for a line that is not a point (torn by a crash, or foreign) */
export function decodePoint(line: string): TelemetryPoint | undefined {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof o !== 'object' || o === null) return undefined;
  const r = o as Record<string, unknown>;
  if (typeof r.ts !== 'number' || typeof r.chargerId !== 'string') return undefined;
  if (r.kind !== 'meter' && r.kind !== 'status' && r.kind !== 'connection') return undefined;
  return { ...r, ts: new Date(r.ts) } as TelemetryPoint;
}
