import type { Db } from '../workflow/workflow-deps.ts';
import type { Calendar } from './business-calendar.ts';
import { SlaError } from './errors.ts';

/** A calendar as the SLA clock reads it (holidays are DATE columns: midnight UTC in JavaScript). */
export async function loadCalendar(db: Db, id: string): Promise<Calendar> {
  const c = await db.businessCalendar.findUnique({ where: { id }, include: { holidays: { select: { date: true } } } });
  if (!c) throw new SlaError('SLA_CALENDAR_NOT_FOUND', `no business calendar "${id}"`);
  return { timeZone: c.timeZone, workdays: c.workdays, openMinute: c.openMinute, closeMinute: c.closeMinute, holidays: new Set(c.holidays.map((h) => h.date.toISOString().slice(0, 10))) };
}
