import { z } from 'zod';
import type { ChargerConfig } from '../config.ts';
import type { MeterReading } from '../meter.ts';
import { samplesOf } from './sampled-values.ts';
import type {
  BootAnswer, BootReason, ConnectorRef, DeviceEvent, FirmwareStatus, Outbound, ProtocolModule, StatusReport,
  TxAnswer, TxMessage, UploadKind, UploadStatus,
} from './protocol.ts';
import { v16Handlers } from './v16-commands.ts';

// OCPP 1.6-J message shapes (core, firmware management, remote trigger, and the security whitepaper's
// SecurityEventNotification / GetLog / LogStatusNotification that ocpp-rpc's 1.6 schema set includes).

const bootAnswer = z.object({ status: z.enum(['Accepted', 'Pending', 'Rejected']), interval: z.number().int() });
const startAnswer = z.object({ transactionId: z.number().int(), idTagInfo: z.object({ status: z.string() }) });
const stopAnswer = z.object({ idTagInfo: z.object({ status: z.string() }).optional() });

function sampledValues(reading: MeterReading, context: string, measurands: string) {
  return samplesOf(reading, measurands, true).map((s) => ({
    value: String(s.value),
    context,
    measurand: s.measurand,
    unit: s.unit,
    ...(s.phase ? { phase: s.phase } : {}),
    ...(s.location ? { location: s.location } : {}),
  }));
}

function txId(message: TxMessage): number {
  const id = Number(message.session.transactionId);
  if (!Number.isInteger(id)) throw new Error('1.6 transaction message before StartTransaction was answered');
  return id;
}

export const v16: ProtocolModule = {
  version: '1.6',

  boot(config: ChargerConfig, firmwareVersion: string, _reason: BootReason): Outbound {
    // 1.6 BootNotification carries no reason.
    return {
      action: 'BootNotification',
      payload: {
        chargePointVendor: config.vendor,
        chargePointModel: config.model,
        chargePointSerialNumber: config.serialNumber ?? config.id.slice(0, 25),
        chargeBoxSerialNumber: config.serialNumber ?? config.id.slice(0, 25),
        firmwareVersion,
        meterType: 'SIM-METER',
      },
    };
  },

  parseBootAnswer(raw: unknown): BootAnswer {
    const a = bootAnswer.parse(raw);
    return { status: a.status, intervalS: a.interval };
  },

  heartbeat: () => ({ action: 'Heartbeat', payload: {} }),

  status(report: StatusReport, at: Date): Outbound {
    const { error } = report;
    return {
      action: 'StatusNotification',
      payload: {
        connectorId: report.connector.flatId,
        errorCode: error?.errorCode ?? 'NoError',
        status: report.status,
        timestamp: at.toISOString(),
        ...(error?.info ? { info: error.info } : {}),
        ...(error?.vendorId ? { vendorId: error.vendorId } : {}),
        ...(error?.vendorErrorCode ? { vendorErrorCode: error.vendorErrorCode } : {}),
      },
    };
  },

  events(_events: DeviceEvent[]): undefined {
    return undefined;
  },

  securityEvent(type: string, techInfo: string | undefined, at: Date): Outbound {
    return { action: 'SecurityEventNotification', payload: { type, timestamp: at.toISOString(), ...(techInfo ? { techInfo } : {}) } };
  },

  transaction(m: TxMessage): Outbound {
    const ts = m.at.toISOString();
    if (m.kind === 'started') {
      return {
        action: 'StartTransaction',
        payload: { connectorId: m.session.connector.flatId, idTag: m.session.idTag, meterStart: m.session.meterStartWh, timestamp: ts },
      };
    }
    if (m.kind === 'ended') {
      return {
        action: 'StopTransaction',
        payload: {
          transactionId: txId(m),
          idTag: m.session.idTag,
          meterStop: m.reading.energyWh,
          timestamp: ts,
          reason: m.stopReason ?? 'Local',
          transactionData: [{ timestamp: ts, sampledValue: sampledValues(m.reading, 'Transaction.End', m.measurands) }],
        },
      };
    }
    return {
      action: 'MeterValues',
      payload: {
        connectorId: m.session.connector.flatId,
        transactionId: txId(m),
        meterValue: [{ timestamp: ts, sampledValue: sampledValues(m.reading, m.trigger === 'Trigger' ? 'Trigger' : 'Sample.Periodic', m.measurands) }],
      },
    };
  },

  parseTransactionAnswer(m: TxMessage, raw: unknown): TxAnswer {
    if (m.kind === 'started') {
      const a = startAnswer.parse(raw);
      return { transactionId: String(a.transactionId), authorized: a.idTagInfo.status === 'Accepted' };
    }
    if (m.kind === 'ended') {
      const a = stopAnswer.parse(raw);
      return { authorized: a.idTagInfo ? a.idTagInfo.status === 'Accepted' : undefined };
    }
    return { authorized: undefined };
  },

  meterValues(connector: ConnectorRef, reading: MeterReading, at: Date, context: 'Trigger' | 'Sample.Periodic', measurands: string): Outbound {
    return {
      action: 'MeterValues',
      payload: { connectorId: connector.flatId, meterValue: [{ timestamp: at.toISOString(), sampledValue: sampledValues(reading, context, measurands) }] },
    };
  },

  firmwareStatus(status: FirmwareStatus): Outbound {
    // 1.6 FirmwareStatus has no scheduling/signature states.
    const mapped = status === 'DownloadScheduled' ? 'Idle' : status === 'SignatureVerified' || status === 'InstallRebooting' ? 'Installing' : status;
    return { action: 'FirmwareStatusNotification', payload: { status: mapped } };
  },

  uploadStatus(status: UploadStatus, kind: UploadKind, requestId: number | undefined): Outbound {
    if (kind === 'diagnostics') {
      const mapped = status === 'AcceptedCanceled' ? 'UploadFailed' : status;
      return { action: 'DiagnosticsStatusNotification', payload: { status: mapped } };
    }
    const mapped = status === 'UploadFailed' ? 'UploadFailure' : status === 'AcceptedCanceled' ? 'Idle' : status;
    return { action: 'LogStatusNotification', payload: { status: mapped, ...(requestId !== undefined ? { requestId } : {}) } };
  },

  handlers: v16Handlers,
};
