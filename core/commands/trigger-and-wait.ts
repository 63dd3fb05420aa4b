import { watchCharger } from '../charger-watch.ts';
import type { EventBus } from '../event-bus.ts';
import type { CommandRecord, CommandService, IssueCommand } from './command-service.ts';

/** what it needs of the command service (the workflow holds only this much of it) */
type Commands = Pick<CommandService, 'issue' | 'waitForFinal'>;

export interface TriggeredMessage {
  /** the TriggerMessage command as issued */
  cmd: CommandRecord;
  /** the command at its final status (or as it stood when commandTimeoutMs ran out) */
  done: CommandRecord;
  /** the triggered message arrived (seen in this process) within waitMs of the charger's answer */
  fresh: boolean;
}

/**
 * Asks a charger to send a message now (TriggerMessage) and waits a little for it: an automatic diagnosis
 * and the check after a repair both judge what the charger reports fresh. The waiter is subscribed before
 * the command goes out, so an answer that beats the CALLRESULT is not missed. A status equal to the stored
 * one is not republished, so the wait is bounded and the caller judges the stored state either way.
 */
export async function triggerAndWait(
  bus: EventBus,
  commands: Commands,
  issue: IssueCommand,
  expect: 'connector.status' | 'meter.values',
  opts: { commandTimeoutMs: number; waitMs: number },
): Promise<TriggeredMessage> {
  let fresh = false;
  let arrived!: () => void;
  const message = new Promise<void>((r) => (arrived = r));
  const off = watchCharger(bus, expect, issue.chargerId, () => {
    fresh = true;
    arrived();
  });
  try {
    const cmd = await commands.issue(issue);
    const done = await commands.waitForFinal(cmd, opts.commandTimeoutMs);
    if (done.status === 'succeeded') {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([message, new Promise<void>((r) => (timer = setTimeout(r, opts.waitMs)))]);
      clearTimeout(timer);
    }
    return { cmd, done, fresh };
  } finally {
    off();
  }
}
