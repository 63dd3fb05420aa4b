import { addBusinessMinutes, businessMinutes, type Calendar, type Interval } from './business-calendar.ts';

// A ticket's SLA clock: business minutes since it opened, less the business minutes it spent paused
// (waiting for the customer or for parts). Pure, so it is tested on a controlled clock.

export interface SlaTargets {
  startedAt: Date;
  responseMinutes: number;
  resolutionMinutes: number;
  warnPercent: number;
  respondedAt: Date | null;
  resolvedAt: Date | null;
}

export interface Pause {
  startedAt: Date;
  endedAt: Date | null;
}

export type TargetState = 'met' | 'missed' | 'running' | 'warning' | 'breached' | 'paused';

export interface TargetStatus {
  targetMinutes: number;
  elapsedMinutes: number;
  state: TargetState;
  /** when it falls due if nothing pauses it again; null while paused or once met/missed */
  dueAt: Date | null;
}

/** Pauses clipped to [from, to) and merged, so overlapping pauses never count twice. */
export function pausedIntervals(pauses: readonly Pause[], from: Date, to: Date): Interval[] {
  const clipped = pauses
    .map((p) => ({ start: p.startedAt > from ? p.startedAt : from, end: p.endedAt && p.endedAt < to ? p.endedAt : to }))
    .filter((i) => i.end > i.start)
    .sort((a, b) => a.start.getTime() - b.start.getTime());
  const merged: Interval[] = [];
  for (const i of clipped) {
    const last = merged.at(-1);
    if (last && i.start <= last.end) last.end = i.end > last.end ? i.end : last.end;
    else merged.push({ ...i });
  }
  return merged;
}

/** Business minutes the clock ran in [from, to). */
export function runningMinutes(cal: Calendar, from: Date, to: Date, pauses: readonly Pause[]): number {
  const paused = pausedIntervals(pauses, from, to).reduce((sum, i) => sum + businessMinutes(cal, i.start, i.end), 0);
  return businessMinutes(cal, from, to) - paused;
}

function target(cal: Calendar, t: SlaTargets, minutes: number, doneAt: Date | null, pauses: readonly Pause[], now: Date): TargetStatus {
  const until = doneAt ?? now;
  const elapsed = runningMinutes(cal, t.startedAt, until, pauses);
  if (doneAt) return { targetMinutes: minutes, elapsedMinutes: elapsed, state: elapsed <= minutes ? 'met' : 'missed', dueAt: null };
  if (elapsed >= minutes) return { targetMinutes: minutes, elapsedMinutes: elapsed, state: 'breached', dueAt: null };
  const pausedNow = pauses.some((p) => p.startedAt <= now && (p.endedAt === null || p.endedAt > now));
  if (pausedNow) return { targetMinutes: minutes, elapsedMinutes: elapsed, state: 'paused', dueAt: null };
  const state = elapsed >= (minutes * t.warnPercent) / 100 ? 'warning' : 'running';
  return { targetMinutes: minutes, elapsedMinutes: elapsed, state, dueAt: addBusinessMinutes(cal, now, minutes - elapsed) };
}

/** Where a ticket stands against its response and resolution targets at `now`. */
export function evaluateSla(cal: Calendar, t: SlaTargets, pauses: readonly Pause[], now: Date): { response: TargetStatus; resolution: TargetStatus } {
  return {
    response: target(cal, t, t.responseMinutes, t.respondedAt ?? t.resolvedAt, pauses, now),
    resolution: target(cal, t, t.resolutionMinutes, t.resolvedAt, pauses, now),
  };
}
