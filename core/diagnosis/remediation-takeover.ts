import type { Logger } from 'pino';
import type { PrismaClient } from '../db/database.ts';
import { Prisma } from '../db/generated/client.ts';
import { RemediationClaimError, type RemediationClaim, type RemediationClaims } from './remediation-claims.ts';
import { inLadder } from './remediation-progress.ts';

export interface RemediationTakeoverOptions {
  /** how often this worker looks for responses nobody drives */
  everyMs: number;
  /**
   * how old an open ticket without its diagnosis must be before it counts as abandoned: its response starts
   * moments after the ticket is written, and holds the claim from then on. At most the claims' lease, so
   * that it adds nothing to the bound.
   */
  graceMs: number;
  /** the actor of the ladder's own timeline entries (SelfHealing) */
  actor: string;
  /** the clock (tests) */
  now?: (() => number) | undefined;
}

/** A response this worker took over that needs taking over again waits this much longer each time, up to … */
const RETAKE_MAX_DELAY_MS = 30 * 60_000;

/** What a takeover hands on, with the claim it took (FaultResponse) */
export interface TakenOver {
  /** a ladder in remote_action whose worker stopped */
  resumeLadder(ticketId: string, claim: RemediationClaim): void;
  /** a ticket still open without its diagnosis whose worker stopped: the whole fault response again */
  resumeResponse(ticketId: string, claim: RemediationClaim): void;
}

/**
 * Multi-node: fault responses whose worker stopped are taken over by another worker. Ladders — tickets in
 * remote_action, moved there by the ladder — are driven on; tickets still open without their diagnosis,
 * opened from a fault (the worker stopped between the ticket and its diagnosis), get their whole response.
 * Only those whose claim no worker holds any more: a response under way holds it from before its first
 * step. Every worker looks every `everyMs`; the claim decides which one takes a ticket. With claims lasting
 * `leaseMs` (RedisRemediationClaims), a response waits at most leaseMs + everyMs (SELF_HEALING_TAKEOVER_S)
 * for its new driver. A response this worker took over that needs a takeover again (it failed too) waits
 * twice as long each time, up to half an hour.
 */
export class RemediationTakeover {
  /** tickets a person put in remote_action, by id → updatedAt: not looked at again until they change */
  private readonly notLadders = new Map<string, number>();
  /**
   * tickets this worker took over, by id: how often, and not again before when. A response that fails
   * every time (its charger refuses, its data is bad) would otherwise run again at every look — every
   * `everyMs`, commands to the charger included. Forgotten once the ticket no longer needs a takeover.
   */
  private readonly retakes = new Map<string, { count: number; notBeforeMs: number }>();
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly claims: RemediationClaims,
    private readonly takenOver: TakenOver,
    private readonly opts: RemediationTakeoverOptions,
    private readonly log: Logger,
  ) {
    this.now = opts.now ?? Date.now;
  }

  /** First look after `everyMs`: a node that starts has its chargers reconnecting; the bound counts from the stop. */
  start(): void {
    this.schedule(this.opts.everyMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.sweeping;
  }

  /** One look: the responses taken over by this worker (ladders, then tickets without their diagnosis). */
  async sweep(): Promise<number> {
    const seen = new Set<string>();
    const taken = (await this.ladders(seen)) + (await this.undiagnosed(seen));
    for (const id of this.retakes.keys()) if (!seen.has(id)) this.retakes.delete(id);
    return taken;
  }

  /**
   * Takes a ticket's response over if it is due (not taken over by this worker before, or its backoff has
   * passed) and no worker holds its claim; true when it was handed on.
   */
  private async take(ticketId: string, what: 'ladder' | 'response'): Promise<boolean> {
    const before = this.retakes.get(ticketId);
    if (before !== undefined && this.now() < before.notBeforeMs) return false;
    const claim = await this.claims.claim(ticketId);
    if (!claim) return false;
    const count = (before?.count ?? 0) + 1;
    const delayMs = Math.min(this.opts.everyMs * 2 ** count, RETAKE_MAX_DELAY_MS);
    this.retakes.set(ticketId, { count, notBeforeMs: this.now() + delayMs });
    if (count > 1) this.log.warn({ ticketId, what, attempt: count, nextNotBeforeS: Math.round(delayMs / 1000) }, 'taking over a fault response again: it did not finish the last time');
    if (what === 'ladder') this.takenOver.resumeLadder(ticketId, claim);
    else this.takenOver.resumeResponse(ticketId, claim);
    return true;
  }

  private async ladders(seen: Set<string>): Promise<number> {
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
      seen.add(t.id);
      // a ticket driven by a live worker, or by this one, is not claimed
      if (await this.take(t.id, 'ladder')) taken++;
    }
    return taken;
  }

  private async undiagnosed(seen: Set<string>): Promise<number> {
    const tickets = await this.prisma.ticket.findMany({
      where: {
        status: 'open',
        // a reopened ticket keeps its createdAt: the grace only spares the claims a look, the claim is the guard
        createdAt: { lt: new Date(this.now() - this.opts.graceMs) },
        // the diagnosis a ticket opens with lists the checks pending; `completedAt` comes with their results
        diagnosis: { path: ['completedAt'], equals: Prisma.DbNull },
        faults: { some: {} },
      },
      select: { id: true },
      orderBy: { createdAt: 'asc' },
    });
    let taken = 0;
    for (const t of tickets) {
      if (this.stopped) break;
      seen.add(t.id);
      // its response runs on a live worker, or on this one: not claimed
      if (await this.take(t.id, 'response')) taken++;
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
            if (err instanceof RemediationClaimError) this.log.debug({ err }, 'looking for fault responses to take over: Redis unreachable; next time');
            else this.log.warn({ err }, 'looking for fault responses to take over failed');
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
