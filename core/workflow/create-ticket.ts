import type { Prisma } from '../db/generated/client.ts';
import type { TicketPriority, TicketType } from '../db/generated/enums.ts';
import { startTicketSla } from '../sla/start-ticket-sla.ts';
import type { TicketRecord } from '../tickets/ticket-service.ts';
import { INITIAL_STATUS } from './state-machines.ts';
import { recordTicketEvent } from './ticket-events.ts';

export interface NewTicket {
  type: TicketType;
  title: string;
  customerId?: string | null | undefined;
  siteId?: string | null | undefined;
  chargerId?: string | null | undefined;
  priority?: TicketPriority | undefined;
  actor: string;
  detail?: Record<string, unknown> | undefined;
}

/** A ticket opened by a person (intake), in its type's initial status, with its SLA from the start. */
export async function createTicketIn(tx: Prisma.TransactionClient, input: NewTicket, at: Date): Promise<TicketRecord> {
  const t = await tx.ticket.create({
    data: {
      type: input.type,
      status: INITIAL_STATUS[input.type],
      title: input.title,
      customerId: input.customerId ?? null,
      siteId: input.siteId ?? null,
      chargerId: input.chargerId ?? null,
      priority: input.priority ?? 'normal',
      createdAt: at,
    },
  });
  await recordTicketEvent(tx, t.id, at, input.actor, 'created', { type: input.type, ...input.detail });
  await startTicketSla(tx, t.id);
  return t;
}

/** "Charger will not start after…" → a title of at most 80 characters. */
export function titleFrom(text: string): string {
  const line = text.trim().split('\n')[0]!.trim();
  return line.length <= 80 ? line : `${line.slice(0, 79)}…`;
}
