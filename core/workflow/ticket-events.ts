import type { Prisma } from '../db/generated/client.ts';
import type { TicketUpdated } from '../domain/events.ts';
import type { EventBus } from '../event-bus.ts';
import { fromDbSeverity, type TicketRecord } from '../tickets/ticket-service.ts';
import type { Db } from './workflow-deps.ts';

/** Adds one entry to a ticket's timeline: who did what, when. */
export async function recordTicketEvent(db: Db, ticketId: string, at: Date, actor: string, type: string, detail: Record<string, unknown>): Promise<void> {
  await db.ticketEvent.create({ data: { ticketId, at, actor, type, detail: detail as Prisma.InputJsonValue } });
}

/** The live feed and webhooks learn of every change (after the transaction that made it committed). */
export function publishTicket(bus: EventBus, t: TicketRecord, change: TicketUpdated['change'], at: Date): void {
  bus.publish({
    type: 'ticket.updated',
    chargerId: t.chargerId ?? '',
    at,
    ticketId: t.id,
    number: t.number,
    status: t.status,
    severity: t.severity ? fromDbSeverity(t.severity) : undefined,
    change,
  });
}
