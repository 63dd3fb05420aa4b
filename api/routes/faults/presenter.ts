import type { Fault } from '../../../core/db/generated/client.ts';
import { fromDbSeverity } from '../../../core/tickets/ticket-service.ts';

export function presentFault(f: Fault) {
  return {
    id: f.id.toString(),
    chargerId: f.chargerId,
    evseId: f.evseId,
    connectorId: f.connectorId,
    source: f.source,
    code: f.code,
    vendorId: f.vendorId,
    vendorCode: f.vendorCode,
    info: f.info,
    faultClass: f.faultClass,
    severity: fromDbSeverity(f.severity),
    reportedAt: f.reportedAt.toISOString(),
    clearedAt: f.clearedAt?.toISOString() ?? null,
    ticketId: f.ticketId,
  };
}
