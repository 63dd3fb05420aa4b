import type { Logger } from 'pino';
import type { PrismaClient } from '../db/database.ts';
import type { DiagnosisCatalogue } from '../diagnosis/catalogue.ts';
import type { Delivered, FaultCleared, FaultReported } from '../domain/events.ts';
import { Prisma } from '../db/generated/client.ts';
import type { EventBus } from '../event-bus.ts';
import { toDbSeverity, type TicketRecord, type TicketService } from '../tickets/ticket-service.ts';
import { KeyedQueue } from '../util/keyed-queue.ts';
import { retrying } from '../util/retry.ts';
import { WakeableSleeps } from '../util/wakeable-sleep.ts';
import type { CatalogueEntry } from '../diagnosis/catalogue.ts';
import type { ConnectorRef } from '../domain/charger.ts';

export interface TicketOpened {
  ticket: TicketRecord;
  entry: CatalogueEntry;
  chargerId: string;
  connector: ConnectorRef;
  at: Date;
}

/** waits between attempts at a fault event whose handling failed: about a minute in all */
const RETRY_MS = [250, 500, 1_000, 2_000, 4_000, 8_000, 15_000, 30_000];

/**
 * From fault events to fault records and tickets. Per charger, events are handled in the order they were
 * published (a fault and its clearing a millisecond apart), while chargers proceed in parallel. What
 * follows a new ticket (checks, remediation) runs outside that order so that clearing events keep flowing.
 */
export class FaultIntake {
  private readonly queue = new KeyedQueue();
  private stopped = false;
  private readonly backoff = new WakeableSleeps();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly catalogue: DiagnosisCatalogue,
    private readonly tickets: TicketService,
    private readonly bus: EventBus,
    private readonly hooks: { ticketOpened(t: TicketOpened): void; faultsCleared(ticketId: string, at: Date): Promise<void> },
    private readonly log: Logger,
  ) {}

  start(): void {
    this.bus.on('fault.reported', (e) => this.queue.run(e.chargerId, () => this.persistently(e, () => this.reported(e))));
    this.bus.on('fault.cleared', (e) => this.queue.run(e.chargerId, () => this.persistently(e, () => this.cleared(e))));
  }

  /** Ends the retries under way (shutdown): their events fail now (multi-node: another delivery follows). */
  stop(): void {
    this.stopped = true;
    this.backoff.wakeAll();
  }

  /**
   * A fault is not lost to a database hiccup: its handling is retried with backoff (~1 min in all) before it
   * fails — in one process nothing would deliver the event again (a SecurityEventNotification or NotifyEvent
   * was answered before any write). Within the charger's queue, so its later events (the clearing) wait.
   */
  private persistently(e: Delivered<FaultReported | FaultCleared>, handle: () => Promise<void>): Promise<void> {
    return retrying(handle, RETRY_MS, {
      failed: (err, attempt, retryInMs) => this.log.warn({ err, chargerId: e.chargerId, event: e.type, eventId: e.id, attempt, retryInMs }, 'handling a fault event failed; retrying'),
      sleep: (ms) => this.backoff.sleep(ms),
      stopped: () => this.stopped,
    });
  }

  /**
   * Idempotent (events arrive at least once in multi-node mode): the fault row carries the event's id, and
   * its ticket link is written together with the ticket's occurrence — a fault already linked was applied.
   */
  private async reported(e: Delivered<FaultReported>): Promise<void> {
    const entry = this.catalogue.classify(e.fault);
    const fault = await this.recordFault(e, entry);
    if (!fault) return;
    if (entry.opensTicket === 'never') return;
    if (entry.opensTicket === 'on-repeat' && entry.repeat) {
      // enough of them is the question, not how many: the read stops at the threshold
      const seen = await this.prisma.fault.findMany({
        where: { chargerId: e.chargerId, faultClass: entry.key, reportedAt: { gte: new Date(e.at.getTime() - entry.repeat.windowH * 3_600_000) } },
        select: { id: true },
        take: entry.repeat.count,
      });
      if (seen.length < entry.repeat.count) return;
    }
    const r = await this.tickets.openOrAdd({
      chargerId: e.chargerId,
      connector: e.connector,
      entry,
      at: e.at,
      faultId: fault.id,
      detail: { source: e.fault.source, code: e.fault.code, vendorId: e.fault.vendorId, vendorCode: e.fault.vendorCode, info: e.fault.info },
    });
    if (r.outcome !== 'occurrence') this.hooks.ticketOpened({ ticket: r.ticket, entry, chargerId: e.chargerId, connector: e.connector, at: e.at });
  }

  /** The fault row of this event, new or left by an earlier delivery; undefined when that one was fully applied. */
  private async recordFault(e: Delivered<FaultReported>, entry: CatalogueEntry): Promise<{ id: bigint } | undefined> {
    try {
      return await this.prisma.fault.create({
        data: {
          chargerId: e.chargerId,
          evseId: e.connector.evseId,
          connectorId: e.connector.connectorId,
          source: e.fault.source,
          code: e.fault.code,
          vendorId: e.fault.vendorId ?? null,
          vendorCode: e.fault.vendorCode ?? null,
          info: e.fault.info ?? null,
          faultClass: entry.key,
          severity: toDbSeverity(entry.severity),
          reportedAt: e.at,
          sourceEventId: e.id,
        },
        select: { id: true },
      });
    } catch (err) {
      if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
      const earlier = await this.prisma.fault.findUnique({ where: { sourceEventId: e.id }, select: { id: true, ticketId: true } });
      if (!earlier) throw err;
      this.log.info({ chargerId: e.chargerId, eventId: e.id, applied: earlier.ticketId !== null }, 'fault event delivered again');
      // an earlier delivery stopped between the fault row and its ticket: finish the ticket step
      return earlier.ticketId === null ? earlier : undefined;
    }
  }

  private async cleared(e: Delivered<FaultCleared>): Promise<void> {
    // One read for the connector's open faults: those this event clears, and what stays open of their tickets
    // (a ticket's faults are all on its connector: tickets are opened and joined per connector). A fault
    // joining a ticket after this read is caught by the stability re-check before any resolution.
    const open = await this.prisma.fault.findMany({
      where: { chargerId: e.chargerId, evseId: e.connector.evseId, connectorId: e.connector.connectorId, clearedAt: null },
      select: { id: true, ticketId: true, source: true, code: true },
    });
    const clears = (f: (typeof open)[number]) => f.source === e.fault.source && (e.fault.code === undefined || f.code === e.fault.code);
    const clearing = open.filter(clears);
    if (clearing.length === 0) return;
    await this.prisma.fault.updateMany({ where: { id: { in: clearing.map((f) => f.id) } }, data: { clearedAt: e.at } });
    const tickets = new Set(clearing.flatMap((f) => (f.ticketId ? [f.ticketId] : [])));
    for (const ticketId of tickets) {
      if (!open.some((f) => f.ticketId === ticketId && !clears(f))) await this.hooks.faultsCleared(ticketId, e.at);
    }
    this.log.debug({ chargerId: e.chargerId, cleared: clearing.length }, 'faults cleared');
  }

  /** Resolves when everything queued so far has been handled (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.queue.size > 0) await new Promise((r) => setTimeout(r, 5));
  }
}
