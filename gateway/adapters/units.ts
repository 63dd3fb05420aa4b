// Meter readings are stored in base units so that trends compare across chargers and versions:
// energy in Wh, power in W, reactive in var/varh, apparent in VA. Anything else keeps its unit.

const KILO: Record<string, string> = { kWh: 'Wh', kW: 'W', kvar: 'var', kvarh: 'varh', kVA: 'VA', kVAh: 'VAh' };

export function toBaseUnit(value: number, unit: string | undefined, multiplier = 0): { value: number; unit: string | undefined } {
  let v = multiplier === 0 ? value : value * 10 ** multiplier;
  let u = unit;
  if (u !== undefined && u in KILO) {
    v *= 1000;
    u = KILO[u];
  }
  return { value: v, unit: u };
}

/** The charger's timestamp when it is a valid date; otherwise when we received the message. */
export function toDate(ts: string | undefined, fallback: Date): Date {
  if (ts === undefined) return fallback;
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? fallback : d;
}
