import type { Logger } from 'pino';
import type { PrismaClient } from '../db/database.ts';
import { RemediationClaimError, type RemediationClaim, type RemediationClaims } from './remediation-claims.ts';
import { inLadder } from './remediation-progress.ts';

export interface RemediationTakeoverOptions {
  /** how often this worker looks for ladders nobody drives */
  everyMs: number;
  /** the actor of the ladder's own timeline entries (SelfHealing) */
  actor: string;
}

/**
 * Multi-node: ladders whose worker stopped — tickets in remote_action, moved there by the ladder, whose
 * claim no worker holds any more — are driven on by another worker. Every worker looks every `everyMs`;
 * the claim decides which one takes a ladder. With claims lasting `leaseMs` (RedisRemediationClaims), a
 * ladder waits at most leaseMs + everyMs (SELF_HEALING_TAKEOVER_S) for its new driver.
 */
export class RemediationTakeover {
  /** tickets a person put in remote_action, by id → updatedAt: not looked at again until they change */
  private readonly notLadders = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly claims: RemediationClaims,
    private readonly resume: (ticketId: string, claim: RemediationClaim) => void,
    private readonly opts: RemediationTakeoverOptions,
    private readonly log: Logger,
  ) {}

  /** First look after `everyMs`: a node that starts has its chargers reconnecting; the bound counts from the stop. */
  start(): void {
    this.schedule(this.opts.everyMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.sweeping;
  }

  /** One look: the ladders taken over by this worker. */
  async sweep(): Promise<number> {
    const tickets = await this.prisma.ticket.findMany({ where: { status: 'remote_action' }, select: { id: true, updatedAt: true }, orderBy: { updatedAt: 'asc' } });
    for (const id of this.notLadders.keys()) if (!tickets.some((t) => t.id === id)) this.notLadders.delete(id);
    let taken = 0;
    for (const t of tickets) {
      if (this.stopped) break;
      if (this.notLadders.get(t.id) === t.updatedAt.getTime()) continue;
      if (!(await inLadder(this.prisma, t.id, this.opts.actor))) {
        this.notLadders.set(t.id, t.updatedAt.getTime());
        continue;
      }
      const claim = await this.claims.claim(t.id);
      if (!claim) continue; // driven by a live worker, or by this one
      this.resume(t.id, claim);
      taken++;
    }
    return taken;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.sweeping = this.sweep()
        .then(
          () => undefined,
          (err: unknown) => {
            if (err instanceof RemediationClaimError) this.log.debug({ err }, 'looking for ladders to take over: Redis unreachable; next time');
            else this.log.warn({ err }, 'looking for remediation ladders to take over failed');
          },
        )
        .finally(() => {
          this.sweeping = undefined;
          this.schedule(this.opts.everyMs);
        });
    }, ms);
    this.timer.unref();
  }
}
