import type { Logger } from 'pino';
import type { CommandTransport } from '../commands/command-transport.ts';
import type { CommandOutcome } from '../domain/commands.ts';
import { commandChannel, type CommandReply, type CommandRequest } from './command-messages.ts';
import type { PubSub } from './pubsub.ts';
import type { RedisLink } from './redis-link.ts';

/**
 * The gateway side of command routing: requests for this node arrive on `<prefix>cmd:<nodeId>`, go out
 * over the sockets held here (the gateway's own transport), and the charger's answer goes back on the
 * requester's reply channel. The command's record is kept by the requester.
 */
export async function executeRoutedCommands(link: RedisLink, pubsub: PubSub, local: CommandTransport, log: Logger): Promise<void> {
  await pubsub.subscribe(link.key(commandChannel(link.nodeId)), (message) => {
    let req: CommandRequest;
    try {
      req = JSON.parse(message) as CommandRequest;
    } catch (err) {
      log.warn({ err }, 'unreadable command request');
      return;
    }
    void local
      .send(req.chargerId, req.command, req.ctx)
      .catch((err: unknown): CommandOutcome => ({ status: 'failed', error: (err as Error).message }))
      .then((outcome) => {
        const reply: CommandReply = { corr: req.corr, outcome };
        return link.cmd.publish(req.replyTo, JSON.stringify(reply));
      })
      .catch((err: unknown) => log.warn({ err, chargerId: req.chargerId, kind: req.command.kind }, 'could not return a command outcome (Redis unreachable?)'));
  });
}
