import type { Logger } from 'pino';
import type { ChargerPresence } from '../chargers/presence.ts';
import type { ChargerId } from '../domain/charger.ts';
import type { RedisLink } from './redis-link.ts';

// Deletes the key only if it still names this node: the charger may have reconnected elsewhere meanwhile.
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/**
 * `<prefix>presence:<chargerId>` → the node holding the charger's socket, expiring after `ttlS` unless
 * traffic refreshes it (one pipeline per last-seen flush). Writes never block the gateway: while Redis is
 * down they are dropped, and every held charger is claimed again once it is back.
 */
export class RedisPresence implements ChargerPresence {
  private held: () => readonly ChargerId[] = () => [];

  constructor(
    private readonly link: RedisLink,
    private readonly ttlS: number,
    private readonly log: Logger,
  ) {}

  /** Where the gateway's list of held chargers comes from (for the claim after an outage). */
  reclaimAfterOutage(held: () => readonly ChargerId[]): () => void {
    this.held = held;
    let first = true;
    return this.link.onUp(() => {
      if (first) return void (first = false);
      this.refresh(this.held());
    });
  }

  claim(chargerId: ChargerId): void {
    if (!this.link.isUp) return;
    this.link.cmd.set(this.key(chargerId), this.link.nodeId, 'EX', this.ttlS).catch((err: unknown) => this.failed(err, chargerId));
  }

  refresh(chargerIds: readonly ChargerId[]): void {
    if (chargerIds.length === 0 || !this.link.isUp) return;
    const p = this.link.cmd.pipeline();
    for (const id of chargerIds) p.set(this.key(id), this.link.nodeId, 'EX', this.ttlS);
    p.exec().catch((err: unknown) => this.failed(err));
  }

  release(chargerId: ChargerId): void {
    if (!this.link.isUp) return;
    this.link.cmd.eval(RELEASE, 1, this.key(chargerId), this.link.nodeId).catch((err: unknown) => this.failed(err, chargerId));
  }

  async heldElsewhere(chargerId: ChargerId): Promise<boolean> {
    const owner = await this.ownerOf(chargerId);
    return owner !== undefined && owner !== this.link.nodeId;
  }

  /** The node holding the charger, if any. Throws while Redis is unreachable (the caller cannot know). */
  async ownerOf(chargerId: ChargerId): Promise<string | undefined> {
    return (await this.link.cmd.get(this.key(chargerId))) ?? undefined;
  }

  private key(chargerId: ChargerId): string {
    return this.link.key(`presence:${chargerId}`);
  }

  private failed(err: unknown, chargerId?: ChargerId): void {
    this.log.debug({ err, chargerId }, 'presence write failed (Redis unreachable?)');
  }
}
