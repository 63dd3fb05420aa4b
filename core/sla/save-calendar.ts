import type { BusinessCalendar } from '../db/generated/client.ts';
import type { WorkflowDeps } from '../workflow/workflow-deps.ts';
import { SlaError } from './errors.ts';

export interface CalendarInput {
  id: string;
  timeZone: string;
  workdays: number[];
  openMinute: number;
  closeMinute: number;
  holidays: Array<{ date: string; name: string }>;
}

/** Creates or replaces a business calendar with its holidays. */
export async function saveCalendar(deps: WorkflowDeps, input: CalendarInput): Promise<BusinessCalendar> {
  try {
    new Intl.DateTimeFormat('en', { timeZone: input.timeZone });
  } catch {
    throw new SlaError('SLA_CALENDAR_INVALID', `unknown time zone "${input.timeZone}"`);
  }
  if (!(input.closeMinute > input.openMinute)) throw new SlaError('SLA_CALENDAR_INVALID', 'working hours must close after they open');
  const data = { timeZone: input.timeZone, workdays: [...new Set(input.workdays)].sort(), openMinute: input.openMinute, closeMinute: input.closeMinute };
  return deps.prisma.$transaction(async (tx) => {
    const cal = await tx.businessCalendar.upsert({ where: { id: input.id }, create: { id: input.id, ...data }, update: data });
    await tx.holiday.deleteMany({ where: { calendarId: input.id } });
    if (input.holidays.length) await tx.holiday.createMany({ data: input.holidays.map((h) => ({ calendarId: input.id, date: new Date(`${h.date}T00:00:00Z`), name: h.name })) });
    return cal;
  });
}
