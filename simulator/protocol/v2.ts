import { z } from 'zod';
import type { ChargerConfig } from '../config.ts';
import type { MeterReading } from '../meter.ts';
import { samplesOf } from './sampled-values.ts';
import type {
  BootAnswer, BootReason, ConnectorRef, DeviceEvent, FirmwareStatus, Outbound, ProtocolModule,
  StatusReport, StopReason, TxAnswer, TxMessage, UploadKind, UploadStatus,
} from './protocol.ts';
import { v2Handlers } from './v2-commands.ts';
import { connectorStatus2 } from './v2-device-model.ts';

// OCPP 2.0.1 and 2.1 message shapes. Everything the simulator sends has the same shape in both versions
// (2.1 only adds optional fields and enum values), so one module serves both; the differences it answers
// for (Reset ImmediateAndResume, GetLog DataCollectorLog) are handled in v2-commands.ts.

const bootAnswer = z.object({ status: z.enum(['Accepted', 'Pending', 'Rejected']), interval: z.number().int() });
const txAnswer = z.object({ idTokenInfo: z.object({ status: z.string() }).optional() });

const STOP_REASONS: Record<StopReason, string> = {
  Local: 'Local', Remote: 'Remote', EVDisconnected: 'EVDisconnected', SoftReset: 'Reboot', HardReset: 'ImmediateReset',
  UnlockCommand: 'Other', PowerLoss: 'PowerLoss', Other: 'Other', DeAuthorized: 'DeAuthorized', EmergencyStop: 'EmergencyStop',
};

function meterValue(reading: MeterReading, at: Date, context: string, measurands: string) {
  return [{
    timestamp: at.toISOString(),
    sampledValue: samplesOf(reading, measurands, false).map((s) => ({
      value: s.value,
      context,
      measurand: s.measurand,
      unitOfMeasure: { unit: s.unit },
      ...(s.phase ? { phase: s.phase } : {}),
      ...(s.location ? { location: s.location } : {}),
    })),
  }];
}

export function makeV2(version: '2.0.1' | '2.1'): ProtocolModule {
  return {
    version,

    boot(config: ChargerConfig, firmwareVersion: string, reason: BootReason): Outbound {
      return {
        action: 'BootNotification',
        payload: {
          reason,
          chargingStation: {
            vendorName: config.vendor,
            model: config.model,
            serialNumber: config.serialNumber ?? config.id.slice(0, 25),
            firmwareVersion,
          },
        },
      };
    },

    parseBootAnswer(raw: unknown): BootAnswer {
      const a = bootAnswer.parse(raw);
      return { status: a.status, intervalS: a.interval };
    },

    heartbeat: () => ({ action: 'Heartbeat', payload: {} }),

    status(report: StatusReport, at: Date): Outbound | undefined {
      // 2.x has no "connector 0": station-wide state goes through NotifyEvent / every connector's status.
      if (report.connector.flatId === 0) return undefined;
      return {
        action: 'StatusNotification',
        payload: {
          timestamp: at.toISOString(),
          connectorStatus: connectorStatus2(report.status),
          evseId: report.connector.evseId,
          connectorId: report.connector.connectorId,
        },
      };
    },

    events(events: DeviceEvent[], at: Date): Outbound {
      return {
        action: 'NotifyEvent',
        payload: {
          generatedAt: at.toISOString(),
          seqNo: 0,
          eventData: events.map((e) => ({
            eventId: e.eventId,
            timestamp: at.toISOString(),
            trigger: e.trigger,
            actualValue: e.actualValue,
            component: { name: e.component, ...(e.evse ? { evse: e.evse } : {}) },
            variable: { name: e.variable },
            eventNotificationType: e.trigger === 'Delta' ? 'HardWiredMonitor' : 'HardWiredNotification',
            ...(e.techCode ? { techCode: e.techCode } : {}),
            ...(e.techInfo ? { techInfo: e.techInfo.slice(0, 500) } : {}),
            ...(e.cleared !== undefined ? { cleared: e.cleared } : {}),
            ...(e.cause !== undefined ? { cause: e.cause } : {}),
            ...(e.transactionId ? { transactionId: e.transactionId } : {}),
          })),
        },
      };
    },

    securityEvent(type: string, techInfo: string | undefined, at: Date): Outbound {
      return { action: 'SecurityEventNotification', payload: { type, timestamp: at.toISOString(), ...(techInfo ? { techInfo } : {}) } };
    },

    transaction(m: TxMessage): Outbound {
      const { session } = m;
      if (!session.transactionId) throw new Error('2.x transaction without id');
      const context = m.kind === 'started' ? 'Transaction.Begin' : m.kind === 'ended' ? 'Transaction.End' : m.trigger === 'Trigger' ? 'Trigger' : 'Sample.Periodic';
      return {
        action: 'TransactionEvent',
        payload: {
          eventType: m.kind === 'started' ? 'Started' : m.kind === 'ended' ? 'Ended' : 'Updated',
          timestamp: m.at.toISOString(),
          triggerReason: m.trigger,
          seqNo: m.seqNo,
          ...(m.offline ? { offline: true } : {}),
          transactionInfo: {
            transactionId: session.transactionId,
            ...(m.kind !== 'ended' ? { chargingState: 'Charging' } : { stoppedReason: STOP_REASONS[m.stopReason ?? 'Local'] }),
            ...(session.remoteStartId !== undefined && m.kind === 'started' ? { remoteStartId: session.remoteStartId } : {}),
          },
          ...(m.kind === 'started'
            ? {
                evse: { id: session.connector.evseId, connectorId: session.connector.connectorId },
                idToken: { idToken: session.idTag, type: session.idTokenType },
              }
            : {}),
          meterValue: meterValue(m.reading, m.at, context, m.measurands),
        },
      };
    },

    parseTransactionAnswer(_m: TxMessage, raw: unknown): TxAnswer {
      const a = txAnswer.parse(raw);
      return { authorized: a.idTokenInfo ? a.idTokenInfo.status === 'Accepted' : undefined };
    },

    meterValues(connector: ConnectorRef, reading: MeterReading, at: Date, context: 'Trigger' | 'Sample.Periodic', measurands: string): Outbound {
      return { action: 'MeterValues', payload: { evseId: connector.evseId, meterValue: meterValue(reading, at, context, measurands) } };
    },

    firmwareStatus(status: FirmwareStatus, requestId: number | undefined): Outbound {
      return { action: 'FirmwareStatusNotification', payload: { status, ...(requestId !== undefined ? { requestId } : {}) } };
    },

    uploadStatus(status: UploadStatus, _kind: UploadKind, requestId: number | undefined): Outbound {
      const mapped = status === 'UploadFailed' ? 'UploadFailure' : status;
      return { action: 'LogStatusNotification', payload: { status: mapped, ...(requestId !== undefined ? { requestId } : {}) } };
    },

    handlers: (port) => v2Handlers(port, version),
  };
}
