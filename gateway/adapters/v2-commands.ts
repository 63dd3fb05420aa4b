import type { ChargerCommand, CommandOutcome } from '../../core/domain/commands.ts';
import { byStatus, clearCacheCall, dataTransferCall, type CallContext, type OcppCall } from './command-mapping.ts';

// Neutral commands → OCPP 2.0.1 / 2.1 CALLs. Configuration lives in the device model: well-known 1.6
// keys are translated to their 2.x component/variable; other keys must be given as "Component.Variable"
// (optionally "Component.Variable.Instance").

const WELL_KNOWN: Record<string, string> = {
  HeartbeatInterval: 'OCPPCommCtrlr.HeartbeatInterval',
  MeterValueSampleInterval: 'SampledDataCtrlr.TxUpdatedInterval',
  ClockAlignedDataInterval: 'AlignedDataCtrlr.Interval',
  ConnectionTimeOut: 'TxCtrlr.EVConnectionTimeOut',
  AuthorizationCacheEnabled: 'AuthCacheCtrlr.Enabled',
  LocalAuthListEnabled: 'LocalAuthListCtrlr.Enabled',
  ResetRetries: 'OCPPCommCtrlr.ResetRetries',
  WebSocketPingInterval: 'OCPPCommCtrlr.WebSocketPingInterval',
};

function toComponentVariable(key: string): { component: { name: string }; variable: { name: string; instance?: string } } | undefined {
  const parts = (WELL_KNOWN[key] ?? key).split('.');
  if (parts.length < 2 || parts.some((p) => p === '')) return undefined;
  const [component, variable, instance] = parts as [string, string, string | undefined];
  return { component: { name: component }, variable: { name: variable, ...(instance ? { instance } : {}) } };
}

const keyOf = (r: { component: { name: string }; variable: { name: string; instance?: string } }) =>
  [r.component.name, r.variable.name, r.variable.instance].filter(Boolean).join('.');

export function toOcpp2(command: ChargerCommand, ctx: CallContext): OcppCall | undefined {
  switch (command.kind) {
    case 'reset':
      // 2.x has no soft/hard: OnIdle restarts once no transaction runs, Immediate at once
      return { action: 'Reset', params: { type: command.type === 'soft' ? 'OnIdle' : 'Immediate' }, read: byStatus(['Accepted', 'Scheduled']) };
    case 'triggerMessage':
      return {
        action: 'TriggerMessage',
        params: {
          requestedMessage: command.message,
          ...(command.connector && command.connector.evseId > 0
            ? { evse: { id: command.connector.evseId, ...(command.connector.connectorId > 0 ? { connectorId: command.connector.connectorId } : {}) } }
            : {}),
        },
        read: byStatus(['Accepted']),
      };
    case 'getConfiguration': {
      const vars = (command.keys ?? []).map((k) => ({ key: k, cv: toComponentVariable(k) }));
      const unknown = vars.filter((v) => !v.cv).map((v) => v.key);
      const known = vars.filter((v) => v.cv);
      if (known.length === 0) return undefined;
      return {
        action: 'GetVariables',
        params: { getVariableData: known.map((v) => v.cv) },
        read: (r): CommandOutcome => {
          const results = (r.getVariableResult ?? []) as Array<{ attributeStatus: string; attributeValue?: string; component: { name: string }; variable: { name: string; instance?: string } }>;
          return {
            status: 'accepted',
            followUp: false,
            result: {
              values: results.filter((x) => x.attributeStatus === 'Accepted').map((x) => ({ key: keyOf(x), value: x.attributeValue ?? null })),
              unknownKeys: [...unknown, ...results.filter((x) => x.attributeStatus !== 'Accepted').map((x) => keyOf(x))],
            },
          };
        },
      };
    }
    case 'setConfiguration': {
      const cv = toComponentVariable(command.key);
      if (!cv) return undefined;
      return {
        action: 'SetVariables',
        params: { setVariableData: [{ attributeValue: command.value, ...cv }] },
        read: (r) => {
          const [first] = (r.setVariableResult ?? []) as Array<{ attributeStatus: string }>;
          return byStatus(['Accepted', 'RebootRequired'])({ ...r, status: first?.attributeStatus });
        },
      };
    }
    case 'getBaseReport':
      // the report itself arrives in NotifyReport messages tagged with this requestId
      return { action: 'GetBaseReport', params: { requestId: ctx.requestId, reportBase: command.reportBase }, read: byStatus(['Accepted']) };
    case 'changeAvailability':
      return {
        action: 'ChangeAvailability',
        params: { operationalStatus: command.operative ? 'Operative' : 'Inoperative', ...(command.evseId ? { evse: { id: command.evseId } } : {}) },
        read: byStatus(['Accepted', 'Scheduled']),
      };
    case 'unlockConnector':
      return { action: 'UnlockConnector', params: { evseId: command.connector.evseId, connectorId: command.connector.connectorId }, read: byStatus(['Unlocked']) };
    case 'clearCache':
      return clearCacheCall();
    case 'dataTransfer':
      return dataTransferCall(command);
    case 'updateFirmware':
      return {
        action: 'UpdateFirmware',
        params: {
          requestId: ctx.requestId,
          ...(command.retries !== undefined ? { retries: command.retries } : {}),
          ...(command.retryIntervalS !== undefined ? { retryInterval: command.retryIntervalS } : {}),
          firmware: { location: command.url, retrieveDateTime: command.retrieveAt ?? new Date().toISOString() },
        },
        read: byStatus(['Accepted', 'AcceptedCanceled'], true),
      };
    case 'retrieveLogs':
      return {
        action: 'GetLog',
        params: {
          logType: command.logType === 'security' ? 'SecurityLog' : 'DiagnosticsLog',
          requestId: ctx.requestId,
          log: { remoteLocation: ctx.uploadUrl, ...(command.from ? { oldestTimestamp: command.from } : {}), ...(command.to ? { latestTimestamp: command.to } : {}) },
        },
        read: byStatus(['Accepted', 'AcceptedCanceled'], true),
      };
  }
}
