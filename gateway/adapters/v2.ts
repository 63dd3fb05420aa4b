import type { ActionTable, AdapterContext } from './adapter.ts';
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

// TransactionEvent Updated/Ended may omit the EVSE; the connection remembers it from the transaction's first event.
function txEvseOf(c: AdapterContext): Map<string, { evseId: number; connectorId: number }> {
  return (c.txEvse ??= new Map());
}

const iso = (d: Date) => d.toISOString();

/** The 2.0.1 / 2.1 actions we serve; built once, shared by every 2.x connection. */
export const v2Actions: ActionTable = {
  // B01 – cold boot
  async BootNotification(c: AdapterContext, p: BootNotification2) {
    const d = await c.inbox.boot(c.chargerId, toDomainIdentity(p), p.reason);
    return { status: d.status, currentTime: iso(d.currentTime), interval: d.intervalS };
  },

  // G02 – heartbeat
  Heartbeat(c: AdapterContext) {
    return { currentTime: iso(c.now()) };
  },

  // G01 – status notification
  async StatusNotification(c: AdapterContext, p: StatusNotification2) {
    const connector = { evseId: p.evseId, connectorId: p.connectorId };
    await c.inbox.status(c.chargerId, connector, toDomainStatus(p.connectorStatus), toDomainStatusFault(p), toDate(p.timestamp, c.now()));
    return {};
  },

  // J01 – sending meter values not related to a transaction
  MeterValues(c: AdapterContext, p: { evseId: number; meterValue: MeterValue2[] }) {
    c.inbox.meterValues(c.chargerId, { evseId: p.evseId, connectorId: 0 }, toDomainSamples(p.meterValue, c.now()), undefined);
    return {};
  },

  // C01 – authorization
  async Authorize(c: AdapterContext, p: { idToken: { idToken: string } }) {
    const d = await c.inbox.authorize(c.chargerId, p.idToken.idToken);
    return { idTokenInfo: { status: d.status } };
  },

  // E01–E15 – transactions
  async TransactionEvent(c: AdapterContext, p: TransactionEvent2) {
    const now = c.now();
    const at = toDate(p.timestamp, now);
    const txId = p.transactionInfo.transactionId;
    if (p.evse) txEvseOf(c).set(txId, { evseId: p.evse.id, connectorId: p.evse.connectorId ?? 0 });
    const connector = c.txEvse?.get(txId) ?? { evseId: 0, connectorId: 0 };
    const samples = toDomainSamples(p.meterValue ?? [], now);
    if (p.eventType === 'Started') {
      const start = samples.find((s) => s.measurand === ENERGY)?.value;
      await c.inbox.transactionReported(c.chargerId, connector, txId, p.idToken?.idToken, start, at);
    }
    c.inbox.meterValues(c.chargerId, connector, samples, txId);
    if (p.eventType === 'Ended') {
      const stop = samples.findLast((s) => s.measurand === ENERGY)?.value;
      await c.inbox.endTransaction(c.chargerId, txId, stop, p.transactionInfo.stoppedReason ?? 'Local', at);
      c.txEvse?.delete(txId);
    }
    if (p.idToken) {
      const d = await c.inbox.authorize(c.chargerId, p.idToken.idToken);
      return { idTokenInfo: { status: d.status } };
    }
    return {};
  },

  // N07 – alert event; N08 – periodic event
  NotifyEvent(c: AdapterContext, p: { generatedAt: string; seqNo: number; tbc?: boolean; eventData: EventData2[] }) {
    const now = c.now();
    const readings = [];
    for (const e of p.eventData) {
      const m = toDomainEvent(e, now);
      if (m.kind === 'fault') c.inbox.faultReported(c.chargerId, m.connector, m.fault, m.at);
      else if (m.kind === 'cleared') c.inbox.faultCleared(c.chargerId, m.connector, m.fault, m.at);
      else if (m.kind === 'reading') readings.push(m);
    }
    for (const r of readings) c.inbox.meterValues(c.chargerId, r.connector, [r.sample], undefined);
    return {};
  },

  // B07 – get base report; N02 – get monitoring report
  NotifyReport(c: AdapterContext, p: { requestId: number; generatedAt: string; seqNo: number; tbc?: boolean; reportData?: ReportData2[] }) {
    c.inbox.deviceReport({
      chargerId: c.chargerId,
      at: toDate(p.generatedAt, c.now()),
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

  NotifyMonitoringReport(c: AdapterContext, p: { requestId: number; generatedAt: string; seqNo: number; tbc?: boolean }) {
    c.inbox.deviceReport({ chargerId: c.chargerId, at: toDate(p.generatedAt, c.now()), requestId: p.requestId, seqNo: p.seqNo, tbc: p.tbc ?? false, variables: [] });
    return {};
  },

  // A04 – security event notification
  SecurityEventNotification(c: AdapterContext, p: { type: string; timestamp: string; techInfo?: string }) {
    c.inbox.faultReported(c.chargerId, toDomainConnector(undefined), { source: 'security', code: p.type, info: p.techInfo }, toDate(p.timestamp, c.now()));
    return {};
  },

  // L01 – secure firmware update
  FirmwareStatusNotification(c: AdapterContext, p: { status: string; requestId?: number }) {
    c.inbox.transferStatus(c.chargerId, 'firmware', p.status, p.requestId, c.now());
    return {};
  },

  // N01 – retrieve log information
  LogStatusNotification(c: AdapterContext, p: { status: string; requestId?: number }) {
    c.inbox.transferStatus(c.chargerId, 'log', p.status, p.requestId, c.now());
    return {};
  },

  // P02 – data transfer to the CSMS
  DataTransfer(c: AdapterContext, p: { vendorId: string; messageId?: string; data?: unknown }) {
    c.inbox.dataTransfer(c.chargerId, p.vendorId, p.messageId, p.data, c.now());
    return { status: 'UnknownVendorId' };
  },
};
