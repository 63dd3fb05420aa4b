// Business time: SLA clocks run only on working days, inside working hours, in the service's own time
// zone, and never on holidays. Pure functions over instants; the time zone arithmetic uses Intl (the
// offset of a zone changes with daylight saving, so each day's opening and closing are converted alone).

export interface Calendar {
  timeZone: string;
  /** ISO weekdays that are worked: 1 = Monday … 7 = Sunday */
  workdays: readonly number[];
  /** minutes after local midnight */
  openMinute: number;
  closeMinute: number;
  /** local dates "YYYY-MM-DD" */
  holidays: ReadonlySet<string>;
}

export interface Interval {
  start: Date;
  end: Date;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function parts(at: Date, timeZone: string): { y: number; m: number; d: number; h: number; min: number; s: number } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), h: Number(p.hour), min: Number(p.minute), s: Number(p.second) };
}

/** The zone's offset from UTC at an instant, in ms. */
function offsetAt(at: Date, timeZone: string): number {
  const p = parts(at, timeZone);
  const asUtc = Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant of a local wall-clock time (a time skipped by a DST change maps just after the gap). */
export function localTimeToInstant(y: number, m: number, d: number, minuteOfDay: number, timeZone: string): Date {
  const wall = Date.UTC(y, m - 1, d) + minuteOfDay * MINUTE;
  let t = wall - offsetAt(new Date(wall), timeZone);
  t = wall - offsetAt(new Date(t), timeZone);
  return new Date(t);
}

const isoDate = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const isoWeekday = (y: number, m: number, d: number) => ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;

/** The working intervals of the local days that [from, to) touches, clipped to it. */
export function workingIntervals(cal: Calendar, from: Date, to: Date): Interval[] {
  if (!(to > from)) return [];
  const out: Interval[] = [];
  const first = parts(from, cal.timeZone);
  // walk local dates: start one day early so a zone far from UTC never misses the first day
  let cursor = Date.UTC(first.y, first.m - 1, first.d) - DAY;
  const stop = to.getTime() + 2 * DAY;
  for (; cursor <= stop; cursor += DAY) {
    const day = new Date(cursor);
    const [y, m, d] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
    if (!cal.workdays.includes(isoWeekday(y, m, d)) || cal.holidays.has(isoDate(y, m, d))) continue;
    const open = localTimeToInstant(y, m, d, cal.openMinute, cal.timeZone);
    const close = localTimeToInstant(y, m, d, cal.closeMinute, cal.timeZone);
    const start = open > from ? open : from;
    const end = close < to ? close : to;
    if (end > start) out.push({ start, end });
  }
  return out;
}

/** Business minutes in [from, to). */
export function businessMinutes(cal: Calendar, from: Date, to: Date): number {
  return workingIntervals(cal, from, to).reduce((sum, i) => sum + (i.end.getTime() - i.start.getTime()), 0) / MINUTE;
}

/** The instant at which `minutes` business minutes have passed since `from` (horizon: one year). */
export function addBusinessMinutes(cal: Calendar, from: Date, minutes: number): Date {
  let left = minutes * MINUTE;
  let windowStart = from;
  for (let week = 0; week < 53; week++) {
    const windowEnd = new Date(windowStart.getTime() + 7 * DAY);
    for (const i of workingIntervals(cal, windowStart, windowEnd)) {
      const len = i.end.getTime() - i.start.getTime();
      if (len >= left) return new Date(i.start.getTime() + left);
      left -= len;
    }
    windowStart = windowEnd;
  }
  throw new RangeError('the calendar has no working time within a year');
}
