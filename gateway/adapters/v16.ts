import type { AdapterContext, CallHandlers } from './adapter.ts';
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

export function v16Handlers(ctx: AdapterContext): CallHandlers {
  const { chargerId, inbox } = ctx;
  const iso = (d: Date) => d.toISOString();

  return {
    async BootNotification(p: BootNotification16) {
      const d = await inbox.boot(chargerId, toDomainIdentity(p), undefined);
      return { status: d.status, currentTime: iso(d.currentTime), interval: d.intervalS };
    },

    Heartbeat() {
      return { currentTime: iso(ctx.now()) };
    },

    async StatusNotification(p: StatusNotification16) {
      const now = ctx.now();
      await inbox.status(chargerId, toDomainConnector(p.connectorId), toDomainStatus(p.status), toDomainFault(p), toDate(p.timestamp, now));
      return {};
    },

    MeterValues(p: { connectorId: number; transactionId?: number; meterValue: MeterValue16[] }) {
      inbox.meterValues(chargerId, toDomainConnector(p.connectorId), toDomainSamples(p.meterValue, ctx.now()), p.transactionId?.toString());
      return {};
    },

    async Authorize(p: { idTag: string }) {
      const d = await inbox.authorize(chargerId, p.idTag);
      return { idTagInfo: { status: d.status === 'Unknown' ? 'Invalid' : d.status } };
    },

    async StartTransaction(p: { connectorId: number; idTag: string; meterStart: number; timestamp: string }) {
      const connector = toDomainConnector(p.connectorId);
      const auth = await inbox.authorize(chargerId, p.idTag);
      const transactionId = await inbox.startTransaction(chargerId, connector, p.idTag, p.meterStart, toDate(p.timestamp, ctx.now()));
      return { transactionId, idTagInfo: { status: auth.status === 'Unknown' ? 'Invalid' : auth.status } };
    },

    async StopTransaction(p: { transactionId: number; meterStop: number; timestamp: string; reason?: string; transactionData?: MeterValue16[] }) {
      if (p.transactionData?.length) {
        // transactionData has no connector; the samples still belong to the charger's history
        inbox.meterValues(chargerId, { evseId: 0, connectorId: 0 }, toDomainSamples(p.transactionData, ctx.now()), String(p.transactionId));
      }
      await inbox.endTransaction(chargerId, String(p.transactionId), p.meterStop, p.reason ?? 'Local', toDate(p.timestamp, ctx.now()));
      return {};
    },

    DataTransfer(p: { vendorId: string; messageId?: string; data?: string }) {
      inbox.dataTransfer(chargerId, p.vendorId, p.messageId, p.data, ctx.now());
      // Recorded, but no vendor extension is implemented: the spec's answer for that.
      return { status: 'UnknownVendorId' };
    },

    FirmwareStatusNotification(p: { status: string }) {
      inbox.transferStatus(chargerId, 'firmware', p.status, undefined, ctx.now());
      return {};
    },

    DiagnosticsStatusNotification(p: { status: string }) {
      inbox.transferStatus(chargerId, 'log', p.status, undefined, ctx.now());
      return {};
    },

    // Security whitepaper ed. 3
    SecurityEventNotification(p: { type: string; timestamp: string; techInfo?: string }) {
      inbox.faultReported(chargerId, { evseId: 0, connectorId: 0 }, { source: 'security', code: p.type, info: p.techInfo }, toDate(p.timestamp, ctx.now()));
      return {};
    },

    SignedFirmwareStatusNotification(p: { status: string; requestId?: number }) {
      inbox.transferStatus(chargerId, 'firmware', p.status, p.requestId, ctx.now());
      return {};
    },

    LogStatusNotification(p: { status: string; requestId?: number }) {
      inbox.transferStatus(chargerId, 'log', p.status, p.requestId, ctx.now());
      return {};
    },
  };
}
