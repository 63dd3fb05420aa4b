import type { ChargerCommand } from '../domain/commands.ts';
import type { TicketRecord } from '../tickets/ticket-service.ts';
import type { WorkflowDeps } from './workflow-deps.ts';
import { triggerAndWait } from '../commands/trigger-and-wait.ts';

export interface FreshCheck {
  name: 'availability' | 'status' | 'meterValues';
  status: 'ok' | 'failed';
  summary: string;
  commandId?: string | undefined;
  data?: unknown;
}

const DEFAULT_WAIT_MS = 1_500;
const COMMAND_TIMEOUT_MS = 15_000;

/**
 * Asks the charger, over OCPP, for a fresh StatusNotification and fresh MeterValues (TriggerMessage
 * through the command service, recorded against the ticket) and judges what it reports now: no
 * connector Faulted, and the charger answering at all. Used by the test after repair and commissioning.
 */
export async function runFreshChecks(deps: WorkflowDeps, t: Pick<TicketRecord, 'id' | 'chargerId' | 'evseId' | 'connectorId'>, actor: string, opts: { returnToService?: boolean } = {}): Promise<FreshCheck[]> {
  const commands = deps.commands;
  const chargerId = t.chargerId;
  if (!commands || !chargerId) return [];
  if (!(await commands.isConnected(chargerId))) {
    return [
      { name: 'status', status: 'failed', summary: 'the charger is not connected' },
      { name: 'meterValues', status: 'failed', summary: 'the charger is not connected' },
    ];
  }
  // a charger taken out of use for the fault (or by a supervisor) goes back into service before its test
  const availability = opts.returnToService ? [await makeOperative(deps, chargerId, t.id, actor)] : [];
  // 2.x chargers re-send StatusNotification for a named EVSE/connector; a ticket about the whole charger
  // (an installation, a charger-level fault) checks the first connector
  const connector = { connector: t.evseId && t.evseId > 0 ? { evseId: t.evseId, connectorId: t.connectorId ?? 1 } : { evseId: 1, connectorId: 1 } };
  const status = await ask(deps, chargerId, t.id, actor, { kind: 'triggerMessage', message: 'StatusNotification', ...connector }, 'connector.status', async () => {
    const rows = await deps.prisma.connector.findMany({ where: { chargerId }, orderBy: [{ evseId: 'asc' }, { connectorId: 'asc' }] });
    const faulted = rows.filter((r) => r.evseId > 0 && (r.status === 'Faulted' || r.errorCode !== null));
    const data = rows.map((r) => ({ evseId: r.evseId, connectorId: r.connectorId, status: r.status, errorCode: r.errorCode }));
    return faulted.length
      ? { status: 'failed', summary: `${faulted.length} connector(s) still report a fault`, data }
      : { status: 'ok', summary: 'fresh status: no connector faulted', data };
  });
  // a charger's clock may run a little behind ours: a reading up to 2 s older still counts as the answer
  const askedAt = new Date(deps.now().getTime() - 2_000);
  const meter = await ask(deps, chargerId, t.id, actor, { kind: 'triggerMessage', message: 'MeterValues', ...connector }, 'meter.values', async (seen) => {
    // meter.values stays in the gateway's process: on another node the readings' timestamps tell
    const fresh = seen || (await deps.telemetry?.latest(chargerId))?.some((l) => l.ts >= askedAt) === true;
    return fresh ? { status: 'ok', summary: 'fresh meter values received' } : { status: 'failed', summary: 'the charger accepted the request but sent no meter values' };
  });
  return [...availability, status, meter];
}

async function makeOperative(deps: WorkflowDeps, chargerId: string, ticketId: string, actor: string): Promise<FreshCheck> {
  try {
    const cmd = await deps.commands!.issue({ chargerId, command: { kind: 'changeAvailability', operative: true }, requestedBy: actor, ticketId });
    const done = await deps.commands!.waitForFinal(cmd, COMMAND_TIMEOUT_MS);
    return done.status === 'succeeded'
      ? { name: 'availability', status: 'ok', summary: 'ChangeAvailability Operative accepted', commandId: cmd.id }
      : { name: 'availability', status: 'failed', summary: `ChangeAvailability Operative ${done.status}${done.error ? `: ${done.error}` : ''}`, commandId: cmd.id };
  } catch (err) {
    return { name: 'availability', status: 'failed', summary: (err as Error).message };
  }
}

async function ask(
  deps: WorkflowDeps,
  chargerId: string,
  ticketId: string,
  actor: string,
  command: ChargerCommand & { kind: 'triggerMessage' },
  expect: 'connector.status' | 'meter.values',
  judge: (fresh: boolean) => Promise<Omit<FreshCheck, 'name' | 'commandId'>>,
): Promise<FreshCheck> {
  const name = command.message === 'StatusNotification' ? 'status' : 'meterValues';
  try {
    const { cmd, done, fresh } = await triggerAndWait(deps.bus, deps.commands!, { chargerId, command, requestedBy: actor, ticketId }, expect, {
      commandTimeoutMs: COMMAND_TIMEOUT_MS,
      waitMs: deps.freshCheckWaitMs ?? DEFAULT_WAIT_MS,
    });
    if (done.status !== 'succeeded') return { name, status: 'failed', summary: `TriggerMessage ${done.status}${done.error ? `: ${done.error}` : ''}`, commandId: cmd.id };
    return { name, ...(await judge(fresh)), commandId: cmd.id };
  } catch (err) {
    return { name, status: 'failed', summary: (err as Error).message };
  }
}
