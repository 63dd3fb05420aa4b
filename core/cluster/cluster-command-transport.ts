import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { CommandError } from '../commands/command-errors.ts';
import type { CommandTransport } from '../commands/command-transport.ts';
import type { ChargerId } from '../domain/charger.ts';
import type { ChargerCommand, CommandOutcome } from '../domain/commands.ts';
import { commandChannel, replyChannel, type CommandReply, type CommandRequest } from './command-messages.ts';
import type { PubSub } from './pubsub.ts';
import type { RedisLink } from './redis-link.ts';
import type { RedisPresence } from './redis-presence.ts';

/** Beyond the gateway's own call timeout: time for the request and the reply to cross Redis. */
const ROUTING_MARGIN_MS = 2_000;

/**
 * How api and worker nodes (and `start` with Redis) reach a charger: over this node's own sockets when it
 * holds the charger, otherwise through Redis to the gateway node that presence names. No owner → the
 * charger is offline; an owner nobody listens for → failed, naming the node; no reply in time → timed out.
 */
export class ClusterCommandTransport implements CommandTransport {
  private readonly waiting = new Map<string, (outcome: CommandOutcome) => void>();
  private readonly replyTo: string;

  constructor(
    private readonly link: RedisLink,
    private readonly presence: RedisPresence,
    private readonly pubsub: PubSub,
    private readonly local: CommandTransport | undefined,
    private readonly opts: { callTimeoutMs: number },
    private readonly log: Logger,
  ) {
    this.replyTo = link.key(replyChannel(link.nodeId));
  }

  async start(): Promise<void> {
    await this.pubsub.subscribe(this.replyTo, (message) => {
      const reply = JSON.parse(message) as CommandReply;
      this.waiting.get(reply.corr)?.(reply.outcome);
    });
  }

  async isConnected(chargerId: ChargerId): Promise<boolean> {
    if (this.local && (await this.local.isConnected(chargerId))) return true;
    return (await this.owner(chargerId)) !== undefined;
  }

  async send(chargerId: ChargerId, command: ChargerCommand, ctx: { requestId: number; uploadUrl?: string | undefined }): Promise<CommandOutcome> {
    if (this.local && (await this.local.isConnected(chargerId))) return this.local.send(chargerId, command, ctx);
    let owner: string | undefined;
    try {
      owner = await this.owner(chargerId);
    } catch (err) {
      return { status: 'failed', error: (err as Error).message };
    }
    if (!owner) return { status: 'failed', error: 'the charger is not connected to any gateway node' };
    const req: CommandRequest = { corr: randomUUID(), replyTo: this.replyTo, chargerId, command, ctx };
    return new Promise<CommandOutcome>((resolve) => {
      const done = (outcome: CommandOutcome) => {
        clearTimeout(timer);
        this.waiting.delete(req.corr);
        resolve(outcome);
      };
      const timer = setTimeout(() => done({ status: 'timed_out' }), this.opts.callTimeoutMs + ROUTING_MARGIN_MS);
      this.waiting.set(req.corr, done);
      this.link.cmd.publish(this.link.key(commandChannel(owner)), JSON.stringify(req)).then(
        (receivers) => {
          if (receivers === 0) done({ status: 'failed', error: `gateway node ${owner} holding the charger does not answer (stopped, or cut off from Redis)` });
        },
        (err: unknown) => {
          this.log.debug({ err, chargerId }, 'routing a command failed');
          done({ status: 'failed', error: 'Redis is unreachable: cannot reach the gateway node holding the charger' });
        },
      );
    });
  }

  /**
   * Presence lookup; a clear error while Redis is unreachable (offline would be a guess). Presence naming
   * this very node whose sockets do not hold the charger is stale (its release is under way): no owner.
   */
  private async owner(chargerId: ChargerId): Promise<string | undefined> {
    if (!this.link.isUp) throw unreachable(chargerId);
    let owner: string | undefined;
    try {
      owner = await this.presence.ownerOf(chargerId);
    } catch {
      throw unreachable(chargerId);
    }
    return this.local && owner === this.link.nodeId ? undefined : owner;
  }
}

const unreachable = (chargerId: ChargerId) =>
  new CommandError('COMMAND_CHARGER_OFFLINE', `cannot reach charger '${chargerId}' now: Redis (multi-node coordination) is unreachable; retry once it is back`);
