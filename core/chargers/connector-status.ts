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
 * A connector's status row, created or replaced, in one statement rather than prisma.connector.upsert: every
 * status change of every connector is written here (a reconnect storm writes them all again, the tracker's
 * cache being empty), and the model call costs three times the CPU (bench/db-writes.ts: 1.3 against 0.4 ms).
 */
export async function writeConnectorStatus(prisma: PrismaClient, chargerId: ChargerId, connector: ConnectorRef, status: ConnectorStatus, fault: Fault | undefined, at: Date): Promise<void> {
  await prisma.$executeRaw`
    INSERT INTO "connector" ("charger_id", "evse_id", "connector_id", "status", "error_code", "vendor_id", "vendor_error_code", "info", "status_at", "updated_at")
    VALUES (${chargerId}, ${connector.evseId}::int, ${connector.connectorId}::int, ${status}, ${fault?.code ?? null}, ${fault?.vendorId ?? null},
            ${fault?.vendorCode ?? null}, ${fault?.info ?? null}, ${at}::timestamptz, ${new Date()}::timestamptz)
    ON CONFLICT ("charger_id", "evse_id", "connector_id") DO UPDATE SET "status" = EXCLUDED."status", "error_code" = EXCLUDED."error_code",
      "vendor_id" = EXCLUDED."vendor_id", "vendor_error_code" = EXCLUDED."vendor_error_code", "info" = EXCLUDED."info",
      "status_at" = EXCLUDED."status_at", "updated_at" = EXCLUDED."updated_at"`;
}

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

    try {
      await writeConnectorStatus(this.prisma, chargerId, connector, status, fault, at);
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
