import type { TicketSla } from '../db/generated/client.ts';
import { recordTicketEvent } from '../workflow/ticket-events.ts';
import type { WorkflowDeps } from '../workflow/workflow-deps.ts';
import type { Calendar } from './business-calendar.ts';
import { loadCalendar } from './load-calendar.ts';
import { evaluateSla, type TargetStatus } from './sla-clock.ts';
import { startTicketSla } from './start-ticket-sla.ts';

export interface SweepResult {
  started: number;
  warnings: Array<{ ticketId: string; target: 'response' | 'resolution' }>;
  breaches: Array<{ ticketId: string; target: 'response' | 'resolution' }>;
}

const FINAL = ['resolved_remotely', 'closed', 'cancelled'] as const;

/**
 * One pass of the SLA watch: open tickets get their SLA, first responses (a person's first entry in the
 * timeline) and resolutions are recorded, and each warning and breach is written to the ticket's timeline
 * once — the conditional updates make that hold with several nodes sweeping at the same time.
 */
export async function sweepSlas(deps: WorkflowDeps): Promise<SweepResult> {
  const now = deps.now();
  const db = deps.prisma;
  const result: SweepResult = { started: 0, warnings: [], breaches: [] };
  const calendars = new Map<string, Calendar>();

  const without = await db.ticket.findMany({ where: { sla: null, status: { notIn: [...FINAL] } }, select: { id: true }, take: 1000 });
  for (const t of without) if (await startTicketSla(db, t.id)) result.started++;

  await db.$executeRaw`
    UPDATE "ticket_sla" s SET "responded_at" = e.first
    FROM (SELECT "ticket_id", min("at") AS first FROM "ticket_event" WHERE "actor" LIKE 'user:%' GROUP BY "ticket_id") e
    WHERE s."ticket_id" = e."ticket_id" AND s."responded_at" IS NULL`;
  const resolved = await db.$queryRaw<Array<{ ticket_id: string }>>`
    UPDATE "ticket_sla" s SET "resolved_at" = coalesce(t."resolved_at", t."closed_at", ${now})
    FROM "ticket" t
    WHERE s."ticket_id" = t."id" AND s."resolved_at" IS NULL AND t."status"::text IN ('resolved_remotely', 'closed', 'cancelled')
    RETURNING s."ticket_id"`;
  // a ticket resolved late between two sweeps still counts as a breach (the timeliness KPI reads it)
  for (const { ticket_id } of resolved) {
    const sla = await db.ticketSla.findUniqueOrThrow({ where: { ticketId: ticket_id }, include: { pauses: true } });
    let cal = calendars.get(sla.calendarId);
    if (!cal) calendars.set(sla.calendarId, (cal = await loadCalendar(db, sla.calendarId)));
    const status = evaluateSla(cal, sla, sla.pauses, now);
    for (const target of ['response', 'resolution'] as const) {
      if (status[target].state === 'missed' && (await mark(deps, sla, target, 'BreachedAt', status[target], sla.resolvedAt ?? now))) result.breaches.push({ ticketId: sla.ticketId, target });
    }
  }

  const running = await db.ticketSla.findMany({ where: { resolvedAt: null }, include: { pauses: true } });
  for (const sla of running) {
    let cal = calendars.get(sla.calendarId);
    if (!cal) calendars.set(sla.calendarId, (cal = await loadCalendar(db, sla.calendarId)));
    const status = evaluateSla(cal, sla, sla.pauses, now);
    for (const target of ['response', 'resolution'] as const) {
      const s = status[target];
      if (s.state === 'breached') {
        if (await mark(deps, sla, target, 'BreachedAt', s, now)) result.breaches.push({ ticketId: sla.ticketId, target });
      } else if (s.state === 'warning') {
        if (await mark(deps, sla, target, 'WarnedAt', s, now)) result.warnings.push({ ticketId: sla.ticketId, target });
      }
    }
  }
  return result;
}

async function mark(deps: WorkflowDeps, sla: TicketSla, target: 'response' | 'resolution', what: 'WarnedAt' | 'BreachedAt', s: TargetStatus, now: Date): Promise<boolean> {
  const field = `${target}${what}` as const;
  return deps.prisma.$transaction(async (tx) => {
    const { count } = await tx.ticketSla.updateMany({ where: { ticketId: sla.ticketId, [field]: null }, data: { [field]: now } });
    if (count === 0) return false;
    const type = what === 'WarnedAt' ? 'sla_warning' : 'sla_breach';
    await recordTicketEvent(tx, sla.ticketId, now, 'system', type, { target, targetMinutes: s.targetMinutes, elapsedMinutes: Math.round(s.elapsedMinutes), dueAt: s.dueAt?.toISOString() ?? null });
    deps.log.warn({ ticketId: sla.ticketId, target, elapsedMinutes: Math.round(s.elapsedMinutes), targetMinutes: s.targetMinutes }, type === 'sla_breach' ? 'SLA breached' : 'SLA at risk');
    return true;
  }).then(async (marked) => {
    // after the commit: the live feed and webhooks (ticket.updated) carry warnings and breaches
    if (marked) {
      const t = await deps.prisma.ticket.findUnique({ where: { id: sla.ticketId }, select: { id: true, number: true, status: true, severity: true, chargerId: true } });
      if (t) {
        deps.bus.publish({
          type: 'ticket.updated',
          chargerId: t.chargerId ?? '',
          at: now,
          ticketId: t.id,
          number: t.number,
          status: t.status,
          severity: t.severity === 'safety_critical' ? 'safety-critical' : t.severity ?? undefined,
          change: what === 'WarnedAt' ? 'sla_warning' : 'sla_breach',
        });
      }
    }
    return marked;
  });
}
