import type { Charger, ChargerConnection, Connector } from '../../../core/db/generated/client.ts';
import { CONNECTOR_STATUSES } from './schema.ts';

const OCPP_VERSION = { v1_6: '1.6', v2_0_1: '2.0.1', v2_1: '2.1' } as const;
type Status = (typeof CONNECTOR_STATUSES)[number];

// Which connector status speaks for the charger in a list: the most actionable first.
const PRECEDENCE: Status[] = ['Faulted', 'Charging', 'SuspendedEVSE', 'SuspendedEV', 'Preparing', 'Finishing', 'Occupied', 'Reserved', 'Available', 'Unavailable'];

export function isFaulted(c: Pick<Connector, 'status' | 'errorCode'>): boolean {
  return c.status === 'Faulted' || c.errorCode !== null;
}

export function chargerStatus(connectors: Array<Pick<Connector, 'status' | 'evseId'>>): Status | 'Unknown' {
  const evses = connectors.filter((c) => c.evseId > 0);
  const statuses = new Set((evses.length > 0 ? evses : connectors).map((c) => c.status));
  return PRECEDENCE.find((s) => statuses.has(s)) ?? 'Unknown';
}

type ChargerWithConnectors = Charger & { connectors: Connector[] };

export function presentChargerSummary(c: ChargerWithConnectors) {
  return {
    id: c.id,
    vendor: c.vendor,
    model: c.model,
    serialNumber: c.serialNumber,
    firmwareVersion: c.firmwareVersion,
    ocppVersion: c.ocppVersion ? OCPP_VERSION[c.ocppVersion] : null,
    registration: c.registration,
    online: c.online,
    status: chargerStatus(c.connectors),
    faulted: c.connectors.some(isFaulted),
    lastSeenAt: c.lastSeenAt?.toISOString() ?? null,
    lastBootAt: c.lastBootAt?.toISOString() ?? null,
  };
}

export function presentChargerDetail(c: ChargerWithConnectors & { connections: ChargerConnection[] }) {
  const evses = new Map<number, Connector[]>();
  for (const k of [...c.connectors].sort((a, b) => a.evseId - b.evseId || a.connectorId - b.connectorId)) {
    evses.set(k.evseId, [...(evses.get(k.evseId) ?? []), k]);
  }
  return {
    ...presentChargerSummary(c),
    securityProfile: c.securityProfile,
    heartbeatIntervalS: c.heartbeatIntervalS,
    firstSeenAt: c.firstSeenAt?.toISOString() ?? null,
    lastBootReason: c.lastBootReason,
    evses: [...evses].map(([evseId, connectors]) => ({
      evseId,
      connectors: connectors.map((k) => ({
        connectorId: k.connectorId,
        status: k.status,
        errorCode: k.errorCode,
        vendorId: k.vendorId,
        vendorErrorCode: k.vendorErrorCode,
        info: k.info,
        statusAt: k.statusAt.toISOString(),
      })),
    })),
    connections: c.connections.map((x) => ({
      id: x.id,
      protocol: x.protocol,
      remoteAddress: x.remoteAddress,
      nodeId: x.nodeId,
      connectedAt: x.connectedAt.toISOString(),
      disconnectedAt: x.disconnectedAt?.toISOString() ?? null,
      closeCode: x.closeCode,
      closeReason: x.closeReason,
    })),
  };
}
