import type { AdapterContext, CallHandlers } from './adapter.ts';
import { toDate } from './units.ts';
import {
  toDomainConnector,
  toDomainEvent,
  toDomainIdentity,
  toDomainSamples,
  toDomainStatus,
  toDomainStatusFault,
  type BootNotification2,
  type EventData2,
  type MeterValue2,
  type StatusNotification2,
} from './v2-mappers.ts';

// OCPP 2.0.1 and 2.1: the messages a charging station sends, translated to the domain. Comments name the
// spec's use cases. Everything else in the version's schema set answers NotSupported (gateway).

interface TransactionEvent2 {
  eventType: 'Started' | 'Updated' | 'Ended';
  timestamp: string;
  triggerReason: string;
  seqNo: number;
  transactionInfo: { transactionId: string; stoppedReason?: string };
  evse?: { id: number; connectorId?: number };
  idToken?: { idToken: string; type: string };
  meterValue?: MeterValue2[];
}

interface ReportData2 {
  component: { name: string; instance?: string; evse?: { id: number } };
  variable: { name: string; instance?: string };
  variableAttribute: Array<{ type?: string; value?: string; mutability?: string }>;
}

const ENERGY = 'Energy.Active.Import.Register';

export function v2Handlers(ctx: AdapterContext): CallHandlers {
  const { chargerId, inbox } = ctx;
  const iso = (d: Date) => d.toISOString();
  // TransactionEvent Updated/Ended may omit the EVSE; remember it from the transaction's first event.
  const txEvse = new Map<string, { evseId: number; connectorId: number }>();

  return {
    // B01 – cold boot
    async BootNotification(p: BootNotification2) {
      const d = await inbox.boot(chargerId, toDomainIdentity(p), p.reason);
      return { status: d.status, currentTime: iso(d.currentTime), interval: d.intervalS };
    },

    // G02 – heartbeat
    Heartbeat() {
      return { currentTime: iso(ctx.now()) };
    },

    // G01 – status notification
    async StatusNotification(p: StatusNotification2) {
      const connector = { evseId: p.evseId, connectorId: p.connectorId };
      await inbox.status(chargerId, connector, toDomainStatus(p.connectorStatus), toDomainStatusFault(p), toDate(p.timestamp, ctx.now()));
      return {};
    },

    // J01 – sending meter values not related to a transaction
    MeterValues(p: { evseId: number; meterValue: MeterValue2[] }) {
      inbox.meterValues(chargerId, { evseId: p.evseId, connectorId: 0 }, toDomainSamples(p.meterValue, ctx.now()), undefined);
      return {};
    },

    // C01 – authorization
    async Authorize(p: { idToken: { idToken: string } }) {
      const d = await inbox.authorize(chargerId, p.idToken.idToken);
      return { idTokenInfo: { status: d.status } };
    },

    // E01–E15 – transactions
    async TransactionEvent(p: TransactionEvent2) {
      const now = ctx.now();
      const at = toDate(p.timestamp, now);
      const txId = p.transactionInfo.transactionId;
      if (p.evse) txEvse.set(txId, { evseId: p.evse.id, connectorId: p.evse.connectorId ?? 0 });
      const connector = txEvse.get(txId) ?? { evseId: 0, connectorId: 0 };
      const samples = toDomainSamples(p.meterValue ?? [], now);
      if (p.eventType === 'Started') {
        const start = samples.find((s) => s.measurand === ENERGY)?.value;
        await inbox.transactionReported(chargerId, connector, txId, p.idToken?.idToken, start, at);
      }
      inbox.meterValues(chargerId, connector, samples, txId);
      if (p.eventType === 'Ended') {
        const stop = samples.findLast((s) => s.measurand === ENERGY)?.value;
        await inbox.endTransaction(chargerId, txId, stop, p.transactionInfo.stoppedReason ?? 'Local', at);
        txEvse.delete(txId);
      }
      if (p.idToken) {
        const d = await inbox.authorize(chargerId, p.idToken.idToken);
        return { idTokenInfo: { status: d.status } };
      }
      return {};
    },

    // N07 – alert event; N08 – periodic event
    NotifyEvent(p: { generatedAt: string; seqNo: number; tbc?: boolean; eventData: EventData2[] }) {
      const now = ctx.now();
      const readings = [];
      for (const e of p.eventData) {
        const m = toDomainEvent(e, now);
        if (m.kind === 'fault') inbox.faultReported(chargerId, m.connector, m.fault, m.at);
        else if (m.kind === 'cleared') inbox.faultCleared(chargerId, m.connector, m.fault, m.at);
        else if (m.kind === 'reading') readings.push(m);
      }
      for (const r of readings) inbox.meterValues(chargerId, r.connector, [r.sample], undefined);
      return {};
    },

    // B07 – get base report; N02 – get monitoring report
    NotifyReport(p: { requestId: number; generatedAt: string; seqNo: number; tbc?: boolean; reportData?: ReportData2[] }) {
      inbox.deviceReport({
        chargerId,
        at: toDate(p.generatedAt, ctx.now()),
        requestId: p.requestId,
        seqNo: p.seqNo,
        tbc: p.tbc ?? false,
        variables: (p.reportData ?? []).map((r) => {
          const actual = r.variableAttribute.find((a) => (a.type ?? 'Actual') === 'Actual') ?? r.variableAttribute[0];
          return {
            component: r.component.name,
            evseId: r.component.evse?.id,
            variable: r.variable.name,
            instance: r.variable.instance,
            value: actual?.value,
            mutability: actual?.mutability,
          };
        }),
      });
      return {};
    },

    NotifyMonitoringReport(p: { requestId: number; generatedAt: string; seqNo: number; tbc?: boolean }) {
      inbox.deviceReport({ chargerId, at: toDate(p.generatedAt, ctx.now()), requestId: p.requestId, seqNo: p.seqNo, tbc: p.tbc ?? false, variables: [] });
      return {};
    },

    // A04 – security event notification
    SecurityEventNotification(p: { type: string; timestamp: string; techInfo?: string }) {
      inbox.faultReported(chargerId, toDomainConnector(undefined), { source: 'security', code: p.type, info: p.techInfo }, toDate(p.timestamp, ctx.now()));
      return {};
    },

    // L01 – secure firmware update
    FirmwareStatusNotification(p: { status: string; requestId?: number }) {
      inbox.transferStatus(chargerId, 'firmware', p.status, p.requestId, ctx.now());
      return {};
    },

    // N01 – retrieve log information
    LogStatusNotification(p: { status: string; requestId?: number }) {
      inbox.transferStatus(chargerId, 'log', p.status, p.requestId, ctx.now());
      return {};
    },

    // P02 – data transfer to the CSMS
    DataTransfer(p: { vendorId: string; messageId?: string; data?: unknown }) {
      inbox.dataTransfer(chargerId, p.vendorId, p.messageId, p.data, ctx.now());
      return { status: 'UnknownVendorId' };
    },
  };
}
