import type { ChargerId, ConnectorRef } from '../domain/charger.ts';
import type { EventBus } from '../event-bus.ts';
import type { PrismaClient } from '../db/database.ts';

/** Charging sessions. 1.6 transaction ids are ours (the row id); 2.x ids come from the charger. */
export class TransactionService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly bus: EventBus,
  ) {}

  /** 1.6 StartTransaction: we assign the id. */
  async startAssigned(chargerId: ChargerId, connector: ConnectorRef, idToken: string | undefined, meterStartWh: number | undefined, at: Date): Promise<number> {
    const row = await this.prisma.transaction.create({
      data: { chargerId, evseId: connector.evseId, connectorId: connector.connectorId, idToken: idToken ?? null, meterStartWh: meterStartWh ?? null, startedAt: at },
      select: { id: true },
    });
    this.bus.publish({ type: 'transaction.started', chargerId, at, connector, transactionId: String(row.id), idToken, meterStartWh });
    return row.id;
  }

  /** 2.x TransactionEvent Started (or the first event we see of a transaction): idempotent per id. */
  async startReported(chargerId: ChargerId, connector: ConnectorRef, transactionId: string, idToken: string | undefined, meterStartWh: number | undefined, at: Date): Promise<void> {
    const existing = await this.prisma.transaction.findUnique({
      where: { chargerId_ocppTransactionId: { chargerId, ocppTransactionId: transactionId } },
      select: { id: true },
    });
    if (existing) return;
    await this.prisma.transaction.upsert({
      where: { chargerId_ocppTransactionId: { chargerId, ocppTransactionId: transactionId } },
      create: { chargerId, ocppTransactionId: transactionId, evseId: connector.evseId, connectorId: connector.connectorId, idToken: idToken ?? null, meterStartWh: meterStartWh ?? null, startedAt: at },
      update: {},
    });
    this.bus.publish({ type: 'transaction.started', chargerId, at, connector, transactionId, idToken, meterStartWh });
  }

  async end(chargerId: ChargerId, transactionId: string, meterStopWh: number | undefined, reason: string | undefined, at: Date): Promise<void> {
    const where = /^\d+$/.test(transactionId)
      ? { OR: [{ id: Number(transactionId) }, { ocppTransactionId: transactionId }], chargerId }
      : { ocppTransactionId: transactionId, chargerId };
    const { count } = await this.prisma.transaction.updateMany({
      where: { ...where, stoppedAt: null },
      data: { stoppedAt: at, meterStopWh: meterStopWh ?? null, stopReason: reason ?? null },
    });
    if (count > 0) this.bus.publish({ type: 'transaction.ended', chargerId, at, transactionId, meterStopWh, reason });
  }

  async hasActive(chargerId: ChargerId, evseId?: number): Promise<boolean> {
    const n = await this.prisma.transaction.count({ where: { chargerId, stoppedAt: null, ...(evseId !== undefined ? { evseId } : {}) } });
    return n > 0;
  }
}
