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
