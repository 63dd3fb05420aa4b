import type { TicketSla } from '../db/generated/client.ts';
import type { Db } from '../workflow/workflow-deps.ts';
import { choosePolicy } from './choose-policy.ts';

/**
 * Gives a ticket the SLA targets of the policy that fits it (type, priority, customer tier), counted
 * from when it opened. Without a fitting policy the ticket has no SLA (and none is invented).
 */
export async function startTicketSla(db: Db, ticketId: string): Promise<TicketSla | null> {
  const existing = await db.ticketSla.findUnique({ where: { ticketId } });
  if (existing) return existing;
  const t = await db.ticket.findUnique({ where: { id: ticketId }, select: { type: true, priority: true, createdAt: true, customer: { select: { tier: true } } } });
  if (!t) return null;
  const policies = await db.slaPolicy.findMany({ where: { ticketType: t.type } });
  const policy = choosePolicy(policies, { type: t.type, priority: t.priority, tier: t.customer?.tier ?? null });
  if (!policy) return null;
  const rows = await db.ticketSla.createManyAndReturn({
    data: [{ ticketId, policyId: policy.id, calendarId: policy.calendarId, responseMinutes: policy.responseMinutes, resolutionMinutes: policy.resolutionMinutes, warnPercent: policy.warnPercent, startedAt: t.createdAt }],
    skipDuplicates: true,
  });
  return rows[0] ?? db.ticketSla.findUnique({ where: { ticketId } });
}
