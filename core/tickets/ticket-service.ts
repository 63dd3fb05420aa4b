import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { PrismaClient } from '../db/database.ts';
import { Prisma } from '../db/generated/client.ts';
import type { Severity, TicketStatus } from '../db/generated/enums.ts';
import type { CatalogueEntry } from '../diagnosis/catalogue.ts';
import type { ChargerId, ConnectorRef, FaultSeverity } from '../domain/charger.ts';
import type { TicketUpdated } from '../domain/events.ts';
import type { EventBus } from '../event-bus.ts';
import { isUniqueViolation } from '../db/raw-statements.ts';
import { insertFaultTicket, insertTicketEvent, transitionTicket, updateFaultTicket, writeFaultTicket, type TicketEventInput, type TicketRecord, type TransitionExtra } from './ticket-writes.ts';

export type { TicketRecord };

/** Statuses in which a repair ticket is still being worked on (it holds its open key). */
export const OPEN_STATUSES: readonly TicketStatus[] = ['open', 'remote_action', 'awaiting_dispatch', 'dispatched', 'on_site', 'testing', 'awaiting_signoff', 'escalated'];
const RESOLVED_STATUSES: readonly TicketStatus[] = ['resolved_remotely', 'closed'];

export const toDbSeverity = (s: FaultSeverity): Severity => (s === 'safety-critical' ? 'safety_critical' : s);
export const fromDbSeverity = (s: Severity): FaultSeverity => (s === 'safety_critical' ? 'safety-critical' : s);

export const openKeyOf = (chargerId: ChargerId, c: ConnectorRef, faultClass: string) => `${chargerId}/${c.evseId}/${c.connectorId}/${faultClass}`;

export interface FaultForTicket {
  chargerId: ChargerId;
  connector: ConnectorRef;
  entry: CatalogueEntry;
  at: Date;
  faultId: bigint;
  detail: Record<string, unknown>;
}

export type OpenResult = { ticket: TicketRecord; outcome: 'created' | 'occurrence' | 'reopened' | 'reclassified' };

/**
 * Repair tickets opened by faults. One open ticket per charger/connector/fault class: a repeat adds an
 * occurrence. The database enforces it (unique open key), so concurrent messages and several processes
 * cannot create a duplicate. A generic class ("Faulted", "OtherError") yields to a specific one on the
 * same connector, and a recurrence soon after resolution reopens the ticket.
 */
export class TicketService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly bus: EventBus,
    private readonly opts: { recurrenceDays: number },
    private readonly log: Logger,
  ) {}

  async openOrAdd(f: FaultForTicket): Promise<OpenResult> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.tryOpenOrAdd(f);
      } catch (err) {
        // another message (or process) opened the same ticket between our read and our write: add to it
        if (attempt < 3 && isUniqueViolation(err)) continue;
        throw err;
      }
    }
  }

  private async tryOpenOrAdd(f: FaultForTicket): Promise<OpenResult> {
    const { chargerId, connector, entry } = f;
    // one read for every open ticket of the connector — the exact class, or a generic/specific partner — and
    // for a ticket of this class resolved within the recurrence window, which the fault would reopen
    const since = new Date(f.at.getTime() - this.opts.recurrenceDays * 86_400_000);
    const near = await this.prisma.ticket.findMany({
      where: {
        chargerId, evseId: connector.evseId, connectorId: connector.connectorId,
        OR: [{ status: { in: [...OPEN_STATUSES] } }, { faultClass: entry.key, status: { in: [...RESOLVED_STATUSES] }, resolvedAt: { gte: since } }],
      },
      orderBy: { createdAt: 'desc' },
    });
    const open = near.filter((t) => OPEN_STATUSES.includes(t.status));
    const exact = open.find((t) => t.openKey === openKeyOf(chargerId, connector, entry.key));
    if (exact) return { ticket: await this.addOccurrence(exact, f), outcome: 'occurrence' };
    if (entry.generic) {
      // "Faulted" after (or alongside) a specific fault on the same connector belongs to that ticket
      if (open[0]) return { ticket: await this.addOccurrence(open[0], f), outcome: 'occurrence' };
    } else {
      const generic = open.find((t) => (t.diagnosis as { generic?: boolean } | null)?.generic === true);
      if (generic) return { ticket: await this.reclassify(generic, f), outcome: 'reclassified' };
    }

    const recent = near.filter((t) => !OPEN_STATUSES.includes(t.status)).sort((a, b) => b.resolvedAt!.getTime() - a.resolvedAt!.getTime())[0];
    if (recent) return { ticket: await this.reopen(recent, f), outcome: 'reopened' };

    const id = randomUUID();
    const created = insertFaultTicket({
      id,
      chargerId,
      evseId: connector.evseId,
      connectorId: connector.connectorId,
      faultClass: entry.key,
      severity: toDbSeverity(entry.severity),
      title: `${entry.title} on ${chargerId}${connector.evseId > 0 ? ` EVSE ${connector.evseId}` : ''}`,
      diagnosis: initialDiagnosis(entry),
      openKey: openKeyOf(chargerId, connector, entry.key),
      at: f.at,
    });
    const ticket = await this.withEvent(created, { actor: 'system', type: 'created', at: f.at, detail: { faultClass: entry.key, severity: entry.severity, fault: f.detail } }, f.faultId);
    this.publish(ticket, 'created');
    this.log.info({ ticket: ticket.number, chargerId, faultClass: entry.key }, 'ticket opened');
    return { ticket, outcome: 'created' };
  }

  private async addOccurrence(t: TicketRecord, f: FaultForTicket): Promise<TicketRecord> {
    const ticket = await this.withEvent(
      updateFaultTicket(t.id, { kind: 'occurrence', at: f.at }),
      { actor: 'system', type: 'occurrence', at: f.at, detail: { faultClass: f.entry.key, fault: f.detail } },
      f.faultId,
    );
    this.publish(ticket, 'occurrence');
    return ticket;
  }

  private async reclassify(t: TicketRecord, f: FaultForTicket): Promise<TicketRecord> {
    const ticket = await this.withEvent(
      updateFaultTicket(t.id, {
        kind: 'reclassify',
        at: f.at,
        faultClass: f.entry.key,
        severity: toDbSeverity(f.entry.severity),
        title: `${f.entry.title} on ${f.chargerId}${f.connector.evseId > 0 ? ` EVSE ${f.connector.evseId}` : ''}`,
        openKey: openKeyOf(f.chargerId, f.connector, f.entry.key),
        diagnosis: initialDiagnosis(f.entry),
      }),
      { actor: 'system', type: 'reclassified', at: f.at, detail: { from: t.faultClass, to: f.entry.key, fault: f.detail } },
      f.faultId,
    );
    this.publish(ticket, 'reclassified');
    return ticket;
  }

  private async reopen(t: TicketRecord, f: FaultForTicket): Promise<TicketRecord> {
    const ticket = await this.withEvent(
      updateFaultTicket(t.id, { kind: 'reopen', at: f.at, openKey: openKeyOf(f.chargerId, f.connector, f.entry.key), diagnosis: initialDiagnosis(f.entry) }),
      { actor: 'system', type: 'reopened', at: f.at, detail: { previousResolution: t.resolution, fault: f.detail } },
      f.faultId,
    );
    this.publish(ticket, 'reopened');
    return ticket;
  }

  /** The ticket's write, its timeline entry and the fault's link, in one statement (ticket-writes.ts). */
  private async withEvent(write: Prisma.Sql, event: TicketEventInput, faultId: bigint): Promise<TicketRecord> {
    const ticket = await writeFaultTicket(this.prisma, write, event, faultId);
    // deleted meanwhile (by hand, or with its charger)
    if (!ticket) throw new Error('the ticket no longer exists');
    return ticket;
  }

  /**
   * Moves a ticket to `status` if it is still in one of `from`; returns null when it was not. The status and
   * its timeline entry together or not at all (one statement): a process dying between the two left a
   * status nobody could explain (and a ladder another worker could not recognise to take over).
   */
  async transition(ticketId: string, from: readonly TicketStatus[], status: TicketStatus, actor: string, detail: Record<string, unknown>, extra: TransitionExtra = {}): Promise<TicketRecord | null> {
    const clearOpenKey = !OPEN_STATUSES.includes(status);
    const ticket = await transitionTicket(this.prisma, { ticketId, from, status, clearOpenKey, extra }, { actor, detail: { to: status, ...detail } });
    if (!ticket) return null;
    this.publish(ticket, 'status');
    return ticket;
  }

  async note(ticketId: string, actor: string, type: string, detail: Record<string, unknown>): Promise<void> {
    await insertTicketEvent(this.prisma, ticketId, { actor, type, detail });
  }

  /** Writes the diagnosis of `faultClass`, if that is still the ticket's class; false when it is not (reclassified meanwhile). */
  async setDiagnosis(ticketId: string, faultClass: string, diagnosis: Record<string, unknown>): Promise<boolean> {
    const [ticket] = await this.prisma.ticket.updateManyAndReturn({ where: { id: ticketId, faultClass }, data: { diagnosis: diagnosis as Prisma.InputJsonValue } });
    if (!ticket) return false;
    this.publish(ticket, 'diagnosis');
    return true;
  }

  async escalate(ticketId: string, actor: string, reason: string): Promise<void> {
    await this.prisma.ticket.update({ where: { id: ticketId }, data: { escalated: true } });
    const t = await this.transition(ticketId, ['open', 'remote_action', 'awaiting_dispatch'], 'escalated', actor, { reason });
    if (t) this.publish(t, 'escalated');
  }

  private publish(t: TicketRecord, change: TicketUpdated['change']): void {
    this.bus.publish({
      type: 'ticket.updated',
      chargerId: t.chargerId ?? '',
      at: new Date(),
      ticketId: t.id,
      number: t.number,
      status: t.status,
      severity: t.severity ? fromDbSeverity(t.severity) : undefined,
      change,
    });
  }
}

/** What the catalogue says, before the automatic checks have run. */
export function initialDiagnosis(e: CatalogueEntry): Prisma.InputJsonValue {
  return {
    entryKey: e.key,
    title: e.title,
    description: e.description,
    severity: e.severity,
    likelyCauses: e.likelyCauses,
    recommendedAction: e.recommendedAction,
    parts: e.parts,
    selfHealing: { allowed: e.selfHealing.allowed, steps: e.selfHealing.steps },
    outOfService: e.outOfService,
    generic: e.generic ?? false,
    checks: e.checks.map((name) => ({ name, status: 'pending' })),
  };
}
