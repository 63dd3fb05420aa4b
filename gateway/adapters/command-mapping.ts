import type { ChargerCommand, CommandOutcome } from '../../core/domain/commands.ts';

/** One command as an OCPP CALL, and how to read the charger's answer. */
export interface OcppCall {
  action: string;
  params: Record<string, unknown>;
  /** turns the CALLRESULT payload into a neutral outcome */
  read(response: Record<string, unknown>): CommandOutcome;
}

export interface CallContext {
  requestId: number;
  uploadUrl?: string | undefined;
}

/** What each version maps; `undefined` = the version has no such command. */
export type CommandMapper = (command: ChargerCommand, ctx: CallContext) => OcppCall | undefined;

/** Answer with a `status` field: accepted when it is one of `ok`. */
export function byStatus(ok: readonly string[], followUp = false) {
  return (r: Record<string, unknown>): CommandOutcome => {
    const status = String(r.status ?? '');
    return ok.includes(status) ? { status: 'accepted', result: r, followUp } : { status: 'rejected', result: r, reason: `the charger answered ${status}` };
  };
}

/** ClearCache and DataTransfer have the same shape in 1.6, 2.0.1 and 2.1. */
export function clearCacheCall(): OcppCall {
  return { action: 'ClearCache', params: {}, read: byStatus(['Accepted']) };
}

export function dataTransferCall(command: Extract<ChargerCommand, { kind: 'dataTransfer' }>): OcppCall {
  return {
    action: 'DataTransfer',
    params: { vendorId: command.vendorId, ...(command.messageId ? { messageId: command.messageId } : {}), ...(command.data !== undefined ? { data: command.data } : {}) },
    read: byStatus(['Accepted']),
  };
}
