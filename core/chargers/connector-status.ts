import type { Logger } from 'pino';
import type { TelemetryStore } from '../../telemetry/types.ts';
import type { ChargerId, ConnectorRef, ConnectorStatus, Fault } from '../domain/charger.ts';
import type { EventBus } from '../event-bus.ts';
import type { PrismaClient } from '../db/database.ts';

interface Known {
  status: ConnectorStatus;
  faultKey: string | undefined;
}

const key = (chargerId: ChargerId, c: ConnectorRef) => `${chargerId}\u0000${c.evseId}\u0000${c.connectorId}`;
const faultKey = (f: Fault | undefined) => (f ? `${f.source}\u0000${f.code}\u0000${f.vendorId ?? ''}\u0000${f.vendorCode ?? ''}` : undefined);

/**
 * Current status per EVSE/connector. Written only when it changes (status or reported fault): a charger
 * repeating its status costs a map lookup, not a database round trip.
 */
export class ConnectorStatusTracker {
  private readonly known = new Map<string, Known>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly telemetry: TelemetryStore,
    private readonly bus: EventBus,
    private readonly log: Logger,
  ) {}

  async report(chargerId: ChargerId, connector: ConnectorRef, status: ConnectorStatus, fault: Fault | undefined, at: Date): Promise<void> {
    const k = key(chargerId, connector);
    const before = this.known.get(k);
    const fk = faultKey(fault);
    if (before && before.status === status && before.faultKey === fk) return;
    this.known.set(k, { status, faultKey: fk });

    const data = {
      status,
      errorCode: fault?.code ?? null,
      vendorId: fault?.vendorId ?? null,
      vendorErrorCode: fault?.vendorCode ?? null,
      info: fault?.info ?? null,
      statusAt: at,
    };
    try {
      await this.prisma.connector.upsert({
        where: { chargerId_evseId_connectorId: { chargerId, evseId: connector.evseId, connectorId: connector.connectorId } },
        create: { chargerId, evseId: connector.evseId, connectorId: connector.connectorId, ...data },
        update: data,
      });
    } catch (err) {
      // forget what we cached so the charger's next report is written again
      this.known.delete(k);
      throw err;
    }
    this.telemetry.write([
      { kind: 'status', ts: at, chargerId, evseId: connector.evseId, connectorId: connector.connectorId, status, errorCode: fault?.code },
    ]);
    if (before?.status !== status) {
      this.bus.publish({ type: 'connector.status', chargerId, at, connector, status, previous: before?.status });
    }
    // A 1.6 status report carries one error code at a time: a new code does not mean the previous fault
    // went away (the charger can only show one), so only a report without a fault clears — all of them.
    if (before?.faultKey !== fk) {
      if (fault) this.bus.publish({ type: 'fault.reported', chargerId, at, connector, fault });
      else if (before?.faultKey !== undefined) this.bus.publish({ type: 'fault.cleared', chargerId, at, connector, fault: { source: 'status', code: undefined } });
    }
    this.log.debug({ chargerId, connector, status, fault }, 'connector status changed');
  }

  current(chargerId: ChargerId, connector: ConnectorRef): ConnectorStatus | undefined {
    return this.known.get(key(chargerId, connector))?.status;
  }
}
