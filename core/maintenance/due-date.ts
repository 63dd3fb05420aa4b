// When a charger's next maintenance visit falls due: after the plan's interval, shortened by a harsh
// environment, or earlier when its usage since the last visit reaches the plan's energy or session limit
// at the rate it has been used. Pure; the usage comes from the database (sessions and energy).

const DAY = 86_400_000;

/** How much of the normal interval a site's environment leaves (factors multiply). */
export const ENVIRONMENT_FACTORS: Readonly<Record<string, number>> = {
  outdoor: 0.85,
  coastal: 0.7,
  dusty: 0.75,
  humid: 0.85,
  hot: 0.9,
  cold: 0.9,
  indoor: 1,
};

export interface DueInput {
  /** the last visit, or the charger's commissioning / first connection */
  since: Date;
  intervalDays: number;
  environment: readonly string[];
  energyKwhPerService: number | null;
  sessionsPerService: number | null;
  /** usage between `since` and `now` */
  usage: { energyKwh: number; sessions: number };
  now: Date;
}

export interface Due {
  dueAt: Date;
  reason: 'interval' | 'energy' | 'sessions';
  effectiveIntervalDays: number;
}

export function maintenanceDue(i: DueInput): Due {
  const factor = i.environment.reduce((f, e) => f * (ENVIRONMENT_FACTORS[e] ?? 1), 1);
  const effectiveIntervalDays = Math.max(1, Math.round(i.intervalDays * factor));
  let due: Due = { dueAt: new Date(i.since.getTime() + effectiveIntervalDays * DAY), reason: 'interval', effectiveIntervalDays };
  const elapsed = Math.max(i.now.getTime() - i.since.getTime(), DAY);
  const byUsage = (limit: number | null, used: number, reason: 'energy' | 'sessions') => {
    if (!limit || used <= 0) return;
    // at the rate seen so far, when the limit is reached
    const at = new Date(i.since.getTime() + (limit / used) * elapsed);
    if (at < due.dueAt) due = { dueAt: at, reason, effectiveIntervalDays };
  };
  byUsage(i.energyKwhPerService, i.usage.energyKwh, 'energy');
  byUsage(i.sessionsPerService, i.usage.sessions, 'sessions');
  return due;
}
