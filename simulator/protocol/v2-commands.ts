import { z } from 'zod';
import type { ChargerPort, CommandHandler, TriggerTarget } from './protocol.ts';
import { deviceModel, lookup, reportData } from './v2-device-model.ts';

// OCPP 2.0.1 / 2.1 commands a CSMS can send, narrowed with zod (strict mode has already checked the
// version's schema) and answered through the neutral ChargerPort. Spec use cases cited per handler.

const component = z.object({
  name: z.string(),
  instance: z.string().optional(),
  evse: z.object({ id: z.number().int(), connectorId: z.number().int().optional() }).optional(),
});
const variable = z.object({ name: z.string(), instance: z.string().optional() });
const evse = z.object({ id: z.number().int(), connectorId: z.number().int().optional() });

const s = {
  Reset: z.object({ type: z.enum(['Immediate', 'OnIdle', 'ImmediateAndResume']), evseId: z.number().int().optional() }),
  TriggerMessage: z.object({ requestedMessage: z.string(), evse: evse.optional() }),
  GetVariables: z.object({ getVariableData: z.array(z.object({ component, variable, attributeType: z.string().optional() })) }),
  SetVariables: z.object({ setVariableData: z.array(z.object({ component, variable, attributeValue: z.string(), attributeType: z.string().optional() })) }),
  GetBaseReport: z.object({ requestId: z.number().int(), reportBase: z.enum(['ConfigurationInventory', 'FullInventory', 'SummaryInventory']) }),
  ChangeAvailability: z.object({ evse: evse.optional(), operationalStatus: z.enum(['Inoperative', 'Operative']) }),
  UnlockConnector: z.object({ evseId: z.number().int(), connectorId: z.number().int() }),
  DataTransfer: z.object({ vendorId: z.string(), messageId: z.string().optional(), data: z.unknown().optional() }),
  UpdateFirmware: z.object({
    requestId: z.number().int(), retries: z.number().int().optional(), retryInterval: z.number().int().optional(),
    firmware: z.object({ location: z.string(), retrieveDateTime: z.string() }),
  }),
  GetLog: z.object({
    log: z.object({ remoteLocation: z.string(), oldestTimestamp: z.string().optional(), latestTimestamp: z.string().optional() }),
    logType: z.string(), requestId: z.number().int(), retries: z.number().int().optional(), retryInterval: z.number().int().optional(),
  }),
  RequestStartTransaction: z.object({ evseId: z.number().int().optional(), remoteStartId: z.number().int(), idToken: z.object({ idToken: z.string(), type: z.string() }) }),
  RequestStopTransaction: z.object({ transactionId: z.string() }),
};

const TRIGGERS: Record<string, TriggerTarget> = {
  BootNotification: 'BootNotification', Heartbeat: 'Heartbeat', StatusNotification: 'StatusNotification',
  MeterValues: 'MeterValues', FirmwareStatusNotification: 'FirmwareStatusNotification',
  LogStatusNotification: 'LogStatusNotification', TransactionEvent: 'TransactionEvent',
};

const date = (text: string | undefined): Date | undefined => (text ? new Date(text) : undefined);

export function v2Handlers(port: ChargerPort, version: '2.0.1' | '2.1'): Map<string, CommandHandler> {
  const model = deviceModel(port);
  const rejectedInfo = (reasonCode: string) => ({ statusInfo: { reasonCode } });

  return new Map<string, CommandHandler>([
    // B11/B12 – reset without / with ongoing transaction. EVSE-level reset is optional: not supported.
    ['Reset', (params) => {
      const p = s.Reset.parse(params);
      if (p.evseId !== undefined) return { status: 'Rejected', ...rejectedInfo('UnsupportedRequest') };
      return { status: port.reset(p.type === 'OnIdle' ? 'soft' : 'hard') };
    }],
    // F06 – trigger message. F06.FR.17: BootNotification once accepted is Rejected.
    ['TriggerMessage', (params) => {
      const p = s.TriggerMessage.parse(params);
      const target = TRIGGERS[p.requestedMessage];
      if (!target) return { status: 'NotImplemented' };
      if (target === 'BootNotification' && port.bootAccepted) return { status: 'Rejected' };
      const c = p.evse ? port.connectorByEvse(p.evse.id, p.evse.connectorId) : undefined;
      if (p.evse && !c) return { status: 'Rejected' };
      if ((target === 'StatusNotification' || target === 'TransactionEvent') && !c) return { status: 'Rejected' };
      return { status: port.trigger(target, c) };
    }],
    // B06 – get variables
    ['GetVariables', (params) => ({
      getVariableResult: s.GetVariables.parse(params).getVariableData.map((d) => {
        const echo = { component: d.component, variable: d.variable, ...(d.attributeType ? { attributeType: d.attributeType } : {}) };
        const hit = lookup(model, d.component, d.variable);
        if (!('found' in hit)) return { ...echo, attributeStatus: hit.status };
        if (d.attributeType && d.attributeType !== 'Actual') return { ...echo, attributeStatus: 'NotSupportedAttributeType' };
        if (hit.found.mutability === 'WriteOnly') return { ...echo, attributeStatus: 'Rejected' };
        return { ...echo, attributeStatus: 'Accepted', attributeValue: hit.found.read().slice(0, 2500) };
      }),
    })],
    // B05 – set variables
    ['SetVariables', (params) => ({
      setVariableResult: s.SetVariables.parse(params).setVariableData.map((d) => {
        const echo = { component: d.component, variable: d.variable, ...(d.attributeType ? { attributeType: d.attributeType } : {}) };
        const hit = lookup(model, d.component, d.variable);
        if (!('found' in hit)) return { ...echo, attributeStatus: hit.status };
        if (d.attributeType && d.attributeType !== 'Actual') return { ...echo, attributeStatus: 'NotSupportedAttributeType' };
        const def = hit.found.setting;
        if (!def || hit.found.mutability === 'ReadOnly') return { ...echo, attributeStatus: 'Rejected' };
        return { ...echo, attributeStatus: port.changeSetting(def, d.attributeValue) };
      }),
    })],
    // B07 – get base report: Accepted, then NotifyReport in chunks of DeviceDataCtrlr.ItemsPerMessage.
    ['GetBaseReport', (params) => {
      const p = s.GetBaseReport.parse(params);
      const chosen = model.filter((v) =>
        p.reportBase === 'FullInventory' ? true
          : p.reportBase === 'ConfigurationInventory' ? v.mutability !== 'ReadOnly'
          : v.variable === 'AvailabilityState');
      if (chosen.length === 0) return { status: 'EmptyResultSet' };
      const per = Math.max(1, port.settings.int('itemsPerMessageGetReport'));
      const generatedAt = new Date().toISOString();
      const chunks = Math.ceil(chosen.length / per);
      port.sendAfterReply(
        Array.from({ length: chunks }, (_, seqNo) => ({
          action: 'NotifyReport',
          payload: {
            requestId: p.requestId, generatedAt, seqNo, tbc: seqNo < chunks - 1,
            reportData: chosen.slice(seqNo * per, (seqNo + 1) * per).map(reportData),
          },
        })),
      );
      return { status: 'Accepted' };
    }],
    // G03/G04 – change availability of the station, an EVSE or a connector.
    ['ChangeAvailability', (params) => {
      const p = s.ChangeAvailability.parse(params);
      const c = p.evse ? port.connectorByEvse(p.evse.id, p.evse.connectorId) : undefined;
      if (p.evse && !c) return { status: 'Rejected', ...rejectedInfo('UnknownEvse') };
      return { status: port.changeAvailability(c, p.operationalStatus === 'Operative') };
    }],
    // F05 – remotely unlock connector.
    ['UnlockConnector', (params) => {
      const p = s.UnlockConnector.parse(params);
      return { status: port.unlock(port.connectorByEvse(p.evseId, p.connectorId), false) };
    }],
    // C11 – clear authorization cache.
    ['ClearCache', () => ({ status: port.clearCache() })],
    // P01 – data transfer.
    ['DataTransfer', (params) => {
      const p = s.DataTransfer.parse(params);
      return port.dataTransfer(p.vendorId, p.messageId, p.data);
    }],
    // L01 – firmware update (signature checking is not simulated).
    ['UpdateFirmware', (params) => {
      const p = s.UpdateFirmware.parse(params);
      const status = port.updateFirmware({
        location: p.firmware.location, retrieveAt: new Date(p.firmware.retrieveDateTime), retries: p.retries ?? 0,
        retryIntervalS: p.retryInterval ?? 30, requestId: p.requestId,
      });
      return { status };
    }],
    // N01 – retrieve log information. 2.1 adds DataCollectorLog, which this charger does not keep.
    ['GetLog', (params) => {
      const p = s.GetLog.parse(params);
      if (version === '2.1' && p.logType === 'DataCollectorLog') return { status: 'Rejected', ...rejectedInfo('UnsupportedLog') };
      const r = port.uploadLog({
        kind: 'log', location: p.log.remoteLocation, from: date(p.log.oldestTimestamp), to: date(p.log.latestTimestamp),
        retries: p.retries ?? 0, retryIntervalS: p.retryInterval ?? 30, requestId: p.requestId,
      });
      return { status: r.status, ...(r.status === 'Rejected' ? {} : { filename: r.fileName }) };
    }],
    // F01/F02 – remote start.
    ['RequestStartTransaction', (params) => {
      const p = s.RequestStartTransaction.parse(params);
      const c = p.evseId === undefined ? undefined : port.connectorByEvse(p.evseId, undefined);
      if (p.evseId !== undefined && !c) return { status: 'Rejected' };
      const r = port.remoteStart(c, p.idToken.idToken, p.remoteStartId);
      return { status: r.accepted ? 'Accepted' : 'Rejected', ...(r.transactionId ? { transactionId: r.transactionId } : {}) };
    }],
    // F03 – remote stop.
    ['RequestStopTransaction', (params) => ({ status: port.remoteStop(s.RequestStopTransaction.parse(params).transactionId) ? 'Accepted' : 'Rejected' })],
  ]);
}
