import type { ActionTable, AdapterContext } from './adapter.ts';
import {
  toDomainConnector,
  toDomainFault,
  toDomainIdentity,
  toDomainSamples,
  toDomainStatus,
  type BootNotification16,
  type MeterValue16,
  type StatusNotification16,
} from './v16-mappers.ts';
import { toDate } from './units.ts';

// OCPP 1.6 (core profile, firmware management, security whitepaper ed. 3): the messages a charge point
// sends, translated to the domain. Everything else in the 1.6 schema set answers NotSupported (gateway).

const iso = (d: Date) => d.toISOString();

/** The 1.6 actions we serve; built once, shared by every 1.6 connection. */
export const v16Actions: ActionTable = {
  async BootNotification(c: AdapterContext, p: BootNotification16) {
    const d = await c.inbox.boot(c.chargerId, toDomainIdentity(p), undefined);
    return { status: d.status, currentTime: iso(d.currentTime), interval: d.intervalS };
  },

  Heartbeat(c: AdapterContext) {
    return { currentTime: iso(c.now()) };
  },

  async StatusNotification(c: AdapterContext, p: StatusNotification16) {
    const now = c.now();
    await c.inbox.status(c.chargerId, toDomainConnector(p.connectorId), toDomainStatus(p.status), toDomainFault(p), toDate(p.timestamp, now));
    return {};
  },

  MeterValues(c: AdapterContext, p: { connectorId: number; transactionId?: number; meterValue: MeterValue16[] }) {
    c.inbox.meterValues(c.chargerId, toDomainConnector(p.connectorId), toDomainSamples(p.meterValue, c.now()), p.transactionId?.toString());
    return {};
  },

  async Authorize(c: AdapterContext, p: { idTag: string }) {
    const d = await c.inbox.authorize(c.chargerId, p.idTag);
    return { idTagInfo: { status: d.status === 'Unknown' ? 'Invalid' : d.status } };
  },

  async StartTransaction(c: AdapterContext, p: { connectorId: number; idTag: string; meterStart: number; timestamp: string }) {
    const connector = toDomainConnector(p.connectorId);
    const auth = await c.inbox.authorize(c.chargerId, p.idTag);
    const transactionId = await c.inbox.startTransaction(c.chargerId, connector, p.idTag, p.meterStart, toDate(p.timestamp, c.now()));
    return { transactionId, idTagInfo: { status: auth.status === 'Unknown' ? 'Invalid' : auth.status } };
  },

  async StopTransaction(c: AdapterContext, p: { transactionId: number; meterStop: number; timestamp: string; reason?: string; transactionData?: MeterValue16[] }) {
    if (p.transactionData?.length) {
      // transactionData has no connector; the samples still belong to the charger's history
      c.inbox.meterValues(c.chargerId, { evseId: 0, connectorId: 0 }, toDomainSamples(p.transactionData, c.now()), String(p.transactionId));
    }
    await c.inbox.endTransaction(c.chargerId, String(p.transactionId), p.meterStop, p.reason ?? 'Local', toDate(p.timestamp, c.now()));
    return {};
  },

  DataTransfer(c: AdapterContext, p: { vendorId: string; messageId?: string; data?: string }) {
    c.inbox.dataTransfer(c.chargerId, p.vendorId, p.messageId, p.data, c.now());
    // Recorded, but no vendor extension is implemented: the spec's answer for that.
    return { status: 'UnknownVendorId' };
  },

  FirmwareStatusNotification(c: AdapterContext, p: { status: string }) {
    c.inbox.transferStatus(c.chargerId, 'firmware', p.status, undefined, c.now());
    return {};
  },

  DiagnosticsStatusNotification(c: AdapterContext, p: { status: string }) {
    c.inbox.transferStatus(c.chargerId, 'log', p.status, undefined, c.now());
    return {};
  },

  // Security whitepaper ed. 3
  SecurityEventNotification(c: AdapterContext, p: { type: string; timestamp: string; techInfo?: string }) {
    c.inbox.faultReported(c.chargerId, { evseId: 0, connectorId: 0 }, { source: 'security', code: p.type, info: p.techInfo }, toDate(p.timestamp, c.now()));
    return {};
  },

  SignedFirmwareStatusNotification(c: AdapterContext, p: { status: string; requestId?: number }) {
    c.inbox.transferStatus(c.chargerId, 'firmware', p.status, p.requestId, c.now());
    return {};
  },

  LogStatusNotification(c: AdapterContext, p: { status: string; requestId?: number }) {
    c.inbox.transferStatus(c.chargerId, 'log', p.status, p.requestId, c.now());
    return {};
  },
};
