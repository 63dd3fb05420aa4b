import type { ChargerCommand } from '../../core/domain/commands.ts';
import { byStatus, clearCacheCall, dataTransferCall, type CallContext, type OcppCall } from './command-mapping.ts';
import { toOcppConnectorId } from './v16-mappers.ts';

// Neutral commands → OCPP 1.6 CALLs (core profile, firmware management, remote trigger, security ext.).

const TRIGGER_16: Record<string, string> = { LogStatusNotification: 'DiagnosticsStatusNotification' };

export function toOcpp16(command: ChargerCommand, ctx: CallContext): OcppCall | undefined {
  switch (command.kind) {
    case 'reset':
      return { action: 'Reset', params: { type: command.type === 'soft' ? 'Soft' : 'Hard' }, read: byStatus(['Accepted']) };
    case 'triggerMessage':
      return {
        action: 'TriggerMessage',
        params: { requestedMessage: TRIGGER_16[command.message] ?? command.message, ...(command.connector ? { connectorId: toOcppConnectorId(command.connector) } : {}) },
        read: byStatus(['Accepted']),
      };
    case 'getConfiguration':
      return {
        action: 'GetConfiguration',
        params: command.keys?.length ? { key: command.keys } : {},
        read: (r) => {
          const keys = (r.configurationKey ?? []) as Array<{ key: string; readonly: boolean; value?: string }>;
          return { status: 'accepted', followUp: false, result: { values: keys.map((k) => ({ key: k.key, value: k.value ?? null, readonly: k.readonly })), unknownKeys: r.unknownKey ?? [] } };
        },
      };
    case 'setConfiguration':
      return { action: 'ChangeConfiguration', params: { key: command.key, value: command.value }, read: byStatus(['Accepted', 'RebootRequired']) };
    case 'changeAvailability':
      return {
        action: 'ChangeAvailability',
        params: { connectorId: command.evseId ?? 0, type: command.operative ? 'Operative' : 'Inoperative' },
        read: byStatus(['Accepted', 'Scheduled']),
      };
    case 'unlockConnector':
      return { action: 'UnlockConnector', params: { connectorId: toOcppConnectorId(command.connector) }, read: byStatus(['Unlocked']) };
    case 'clearCache':
      return clearCacheCall();
    case 'dataTransfer':
      return dataTransferCall(command);
    case 'updateFirmware':
      return {
        action: 'UpdateFirmware',
        params: {
          location: command.url,
          retrieveDate: command.retrieveAt ?? new Date().toISOString(),
          ...(command.retries !== undefined ? { retries: command.retries } : {}),
          ...(command.retryIntervalS !== undefined ? { retryInterval: command.retryIntervalS } : {}),
        },
        // UpdateFirmware.conf is empty: acceptance is implied, FirmwareStatusNotification follows
        read: (r) => ({ status: 'accepted', result: r, followUp: true }),
      };
    case 'retrieveLogs':
      if (command.logType === 'security') {
        return {
          action: 'GetLog',
          params: { logType: 'SecurityLog', requestId: ctx.requestId, log: { remoteLocation: ctx.uploadUrl, ...window(command) } },
          read: byStatus(['Accepted', 'AcceptedCanceled'], true),
        };
      }
      return {
        action: 'GetDiagnostics',
        params: {
          location: ctx.uploadUrl,
          ...(command.from ? { startTime: command.from } : {}),
          ...(command.to ? { stopTime: command.to } : {}),
        },
        read: (r) =>
          r.fileName
            ? { status: 'accepted', result: r, followUp: true }
            : { status: 'rejected', result: r, reason: 'the charger has no diagnostics to upload' },
      };
    case 'getBaseReport':
      return undefined;
  }
}

function window(c: { from?: string | undefined; to?: string | undefined }) {
  return { ...(c.from ? { oldestTimestamp: c.from } : {}), ...(c.to ? { latestTimestamp: c.to } : {}) };
}
