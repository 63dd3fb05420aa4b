import type { Logger } from 'pino';
import { RemediationClaimError, type RemediationClaim, type RemediationClaims } from '../diagnosis/remediation-claims.ts';
import { RedisLeases } from './redis-leases.ts';
import type { RedisLink } from './redis-link.ts';

interface Held {
  heldUntil: number;
  lost: boolean;
  listeners: Set<() => void>;
}

/**
 * Remediation claims of a worker in multi-node mode: a lease per ticket (`remediation:<ticketId>`) that
 * this worker renews while it drives the ladder. A worker that dies or freezes stops renewing, and after
 * `leaseMs` another worker may take the ladder over; a worker that finds it could not renew in time (frozen,
 * cut off from Redis) counts its claim as lost and stops driving, so two workers never drive one ladder
 * for longer than a step already under way.
 */
export class RedisRemediationClaims implements RemediationClaims {
  private readonly active = new Map<string, Held>();
  private readonly leases: RedisLeases;
  private readonly timer: NodeJS.Timeout;
  private renewal: Promise<void> | undefined;

  constructor(
    private readonly link: RedisLink,
    private readonly opts: { leaseMs: number },
    private readonly log: Logger,
  ) {
    this.leases = new RedisLeases(link.cmd, link.nodeId);
    this.timer = setInterval(() => void this.renew(), Math.max(50, Math.floor(opts.leaseMs / 4)));
    this.timer.unref();
  }

  async claim(ticketId: string): Promise<RemediationClaim | undefined> {
    if (this.active.has(ticketId)) return undefined;
    const askedAt = Date.now();
    let held: Set<string>;
    try {
      held = await this.leases.hold([this.key(ticketId)], this.opts.leaseMs);
    } catch (err) {
      throw new RemediationClaimError(`the remediation claim of ticket ${ticketId} could not be checked: Redis at ${this.link.where} did not answer (${(err as Error).message})`);
    }
    if (held.size === 0 || this.active.has(ticketId)) return undefined;
    const state: Held = { heldUntil: askedAt + this.opts.leaseMs, lost: false, listeners: new Set() };
    this.active.set(ticketId, state);
    return {
      get held() {
        return !state.lost && Date.now() < state.heldUntil;
      },
      onLost: (listener) => {
        state.listeners.add(listener);
        return () => state.listeners.delete(listener);
      },
      release: async () => {
        if (this.active.get(ticketId) !== state) return;
        this.active.delete(ticketId);
        // a renewal under way would take the key again right after it is deleted
        await this.renewal;
        // not released (Redis unreachable): the lease runs out by itself
        await this.leases.release([this.key(ticketId)]).catch((err: unknown) => this.log.debug({ err, ticketId }, 'releasing a remediation claim failed'));
      },
    };
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.renewal;
    const ids = [...this.active.keys()];
    this.active.clear();
    await this.leases.release(ids.map((id) => this.key(id))).catch(() => undefined);
  }

  private key(ticketId: string): string {
    return this.link.key(`remediation:${ticketId}`);
  }

  private renew(): Promise<void> {
    if (this.renewal || this.active.size === 0) return Promise.resolve();
    this.renewal = this.renewNow().finally(() => (this.renewal = undefined));
    return this.renewal;
  }

  private async renewNow(): Promise<void> {
    const claims = [...this.active];
    const askedAt = Date.now();
    try {
      const held = await this.leases.hold(
        claims.map(([id]) => this.key(id)),
        this.opts.leaseMs,
      );
      for (const [id, state] of claims) {
        if (this.active.get(id) !== state) continue; // released meanwhile
        if (held.has(this.key(id))) state.heldUntil = askedAt + this.opts.leaseMs;
        else this.lose(id, state, 'another worker holds it');
      }
    } catch (err) {
      this.log.debug({ err }, 'renewing remediation claims failed');
      for (const [id, state] of claims) if (this.active.get(id) === state && Date.now() >= state.heldUntil) this.lose(id, state, 'not renewed in time (Redis unreachable)');
    }
  }

  private lose(ticketId: string, state: Held, why: string): void {
    if (state.lost) return;
    state.lost = true;
    if (this.active.get(ticketId) === state) this.active.delete(ticketId);
    this.log.info({ ticketId, why }, 'remediation claim lost');
    for (const l of [...state.listeners]) l();
  }
}
