import { z } from 'zod';
import { SETTINGS } from '../settings.ts';
import type { ChargerPort, CommandHandler, TriggerTarget } from './protocol.ts';

// OCPP 1.6 commands a CSMS can send, narrowed with zod (strict mode has already checked the schema) and
// answered through the neutral ChargerPort.

const s = {
  Reset: z.object({ type: z.enum(['Hard', 'Soft']) }),
  TriggerMessage: z.object({ requestedMessage: z.string(), connectorId: z.number().int().optional() }),
  GetConfiguration: z.object({ key: z.array(z.string()).optional() }),
  ChangeConfiguration: z.object({ key: z.string(), value: z.string() }),
  ChangeAvailability: z.object({ connectorId: z.number().int(), type: z.enum(['Inoperative', 'Operative']) }),
  UnlockConnector: z.object({ connectorId: z.number().int() }),
  DataTransfer: z.object({ vendorId: z.string(), messageId: z.string().optional(), data: z.string().optional() }),
  UpdateFirmware: z.object({ location: z.string(), retrieveDate: z.string(), retries: z.number().int().optional(), retryInterval: z.number().int().optional() }),
  GetDiagnostics: z.object({
    location: z.string(), retries: z.number().int().optional(), retryInterval: z.number().int().optional(),
    startTime: z.string().optional(), stopTime: z.string().optional(),
  }),
  GetLog: z.object({
    log: z.object({ remoteLocation: z.string(), oldestTimestamp: z.string().optional(), latestTimestamp: z.string().optional() }),
    logType: z.string(), requestId: z.number().int(), retries: z.number().int().optional(), retryInterval: z.number().int().optional(),
  }),
  RemoteStartTransaction: z.object({ connectorId: z.number().int().optional(), idTag: z.string() }),
  RemoteStopTransaction: z.object({ transactionId: z.number().int() }),
};

const TRIGGERS: Record<string, TriggerTarget> = {
  BootNotification: 'BootNotification',
  Heartbeat: 'Heartbeat',
  StatusNotification: 'StatusNotification',
  MeterValues: 'MeterValues',
  FirmwareStatusNotification: 'FirmwareStatusNotification',
  DiagnosticsStatusNotification: 'DiagnosticsStatusNotification',
  LogStatusNotification: 'LogStatusNotification',
};

const date = (text: string | undefined): Date | undefined => (text ? new Date(text) : undefined);

export function v16Handlers(port: ChargerPort): Map<string, CommandHandler> {
  const connector = (flatId: number) => (flatId === 0 ? undefined : port.connectors.find((c) => c.flatId === flatId));
  const trigger = (params: unknown) => {
    const p = s.TriggerMessage.parse(params);
    const target = TRIGGERS[p.requestedMessage];
    if (!target) return { status: 'NotImplemented' };
    if (p.connectorId !== undefined && p.connectorId !== 0 && !connector(p.connectorId)) return { status: 'Rejected' };
    return { status: port.trigger(target, p.connectorId ? connector(p.connectorId) : undefined) };
  };
  const keyed = SETTINGS.filter((d) => d.key16);

  return new Map<string, CommandHandler>([
    ['Reset', (params) => ({ status: port.reset(s.Reset.parse(params).type === 'Hard' ? 'hard' : 'soft') })],
    ['TriggerMessage', trigger],
    ['ExtendedTriggerMessage', trigger],
    ['GetConfiguration', (params) => {
      const { key } = s.GetConfiguration.parse(params);
      // AuthorizationKey is write-only (security whitepaper): never read back.
      const readable = keyed.filter((d) => d.mutability !== 'WriteOnly');
      const wanted = key?.length ? key : readable.map((d) => d.key16!);
      const known = wanted.flatMap((k) => readable.filter((d) => d.key16 === k));
      const unknownKey = wanted.filter((k) => !readable.some((d) => d.key16 === k));
      return {
        configurationKey: known.map((d) => ({ key: d.key16!, readonly: d.mutability === 'ReadOnly', value: port.settings.get(d.name) })),
        ...(unknownKey.length ? { unknownKey } : {}),
      };
    }],
    ['ChangeConfiguration', (params) => {
      const p = s.ChangeConfiguration.parse(params);
      const def = keyed.find((d) => d.key16 === p.key);
      if (!def) return { status: 'NotSupported' };
      return { status: port.changeSetting(def, p.value) };
    }],
    ['ChangeAvailability', (params) => {
      const p = s.ChangeAvailability.parse(params);
      if (p.connectorId !== 0 && !connector(p.connectorId)) return { status: 'Rejected' };
      return { status: port.changeAvailability(connector(p.connectorId), p.type === 'Operative') };
    }],
    ['UnlockConnector', (params) => {
      const c = connector(s.UnlockConnector.parse(params).connectorId);
      if (!c) return { status: 'NotSupported' };
      const status = port.unlock(c, true);
      return { status: status === 'Unlocked' ? 'Unlocked' : 'UnlockFailed' };
    }],
    ['ClearCache', () => ({ status: port.clearCache() })],
    ['DataTransfer', (params) => {
      const p = s.DataTransfer.parse(params);
      return port.dataTransfer(p.vendorId, p.messageId, p.data);
    }],
    ['UpdateFirmware', (params) => {
      const p = s.UpdateFirmware.parse(params);
      port.updateFirmware({
        location: p.location, retrieveAt: new Date(p.retrieveDate), retries: p.retries ?? 0,
        retryIntervalS: p.retryInterval ?? 30, requestId: undefined,
      });
      return {};
    }],
    ['GetDiagnostics', (params) => {
      const p = s.GetDiagnostics.parse(params);
      const r = port.uploadLog({
        kind: 'diagnostics', location: p.location, from: date(p.startTime), to: date(p.stopTime),
        retries: p.retries ?? 0, retryIntervalS: p.retryInterval ?? 30, requestId: undefined,
      });
      return r.status === 'Rejected' ? {} : { fileName: r.fileName };
    }],
    ['GetLog', (params) => {
      const p = s.GetLog.parse(params);
      const r = port.uploadLog({
        kind: 'log', location: p.log.remoteLocation, from: date(p.log.oldestTimestamp), to: date(p.log.latestTimestamp),
        retries: p.retries ?? 0, retryIntervalS: p.retryInterval ?? 30, requestId: p.requestId,
      });
      return { status: r.status, ...(r.status === 'Rejected' ? {} : { filename: r.fileName }) };
    }],
    ['RemoteStartTransaction', (params) => {
      const p = s.RemoteStartTransaction.parse(params);
      const c = p.connectorId === undefined ? undefined : connector(p.connectorId);
      if (p.connectorId !== undefined && !c) return { status: 'Rejected' };
      return { status: port.remoteStart(c, p.idTag, undefined).accepted ? 'Accepted' : 'Rejected' };
    }],
    ['RemoteStopTransaction', (params) => {
      const p = s.RemoteStopTransaction.parse(params);
      return { status: port.remoteStop(String(p.transactionId)) ? 'Accepted' : 'Rejected' };
    }],
  ]);
}
