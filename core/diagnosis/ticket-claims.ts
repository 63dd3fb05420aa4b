import type { RemediationClaim, RemediationClaims } from './remediation-claims.ts';

interface Shared {
  claim: RemediationClaim;
  users: number;
}

/**
 * This worker's claims on tickets (`RemediationClaims`: the right to respond to a fault and drive its
 * ladder), shared among its own fault responses: a fault that reclassifies or reopens a ticket while this
 * worker still responds to its earlier opening joins that response's claim instead of finding it taken.
 * Every claim handed out is released by its user; the ticket's claim is given up when the last one is.
 */
export class TicketClaims implements RemediationClaims {
  private readonly shared = new Map<string, Shared>();
  /** claims being asked for: a second user of the same ticket waits for the answer */
  private readonly asking = new Map<string, Promise<unknown>>();

  constructor(private readonly claims: RemediationClaims) {}

  /** Undefined when a worker — this one too — holds the ticket's claim (a takeover must not join a live response). */
  async claim(ticketId: string): Promise<RemediationClaim | undefined> {
    await this.settled(ticketId);
    if (this.shared.has(ticketId)) return undefined;
    return this.take(ticketId);
  }

  /** For one more response of this worker: the claim it holds already, or a new one; undefined when another worker holds it. */
  async join(ticketId: string): Promise<RemediationClaim | undefined> {
    await this.settled(ticketId);
    const s = this.shared.get(ticketId);
    if (!s) return this.take(ticketId);
    s.users++;
    return this.handle(ticketId, s);
  }

  async close(): Promise<void> {
    this.shared.clear();
    await this.claims.close();
  }

  private async settled(ticketId: string): Promise<void> {
    for (let p = this.asking.get(ticketId); p; p = this.asking.get(ticketId)) await p.catch(() => undefined);
  }

  private async take(ticketId: string): Promise<RemediationClaim | undefined> {
    const asked = this.claims.claim(ticketId);
    this.asking.set(ticketId, asked);
    try {
      const claim = await asked;
      if (!claim) return undefined;
      const s: Shared = { claim, users: 1 };
      this.shared.set(ticketId, s);
      // a lost claim is nobody's to share: the next response asks again (and finds another worker holding it)
      claim.onLost(() => {
        if (this.shared.get(ticketId) === s) this.shared.delete(ticketId);
      });
      return this.handle(ticketId, s);
    } finally {
      this.asking.delete(ticketId);
    }
  }

  private handle(ticketId: string, s: Shared): RemediationClaim {
    let released = false;
    return {
      get held() {
        return s.claim.held;
      },
      onLost: (listener) => s.claim.onLost(listener),
      release: async () => {
        if (released) return;
        released = true;
        if (--s.users > 0) return;
        if (this.shared.get(ticketId) === s) this.shared.delete(ticketId);
        await s.claim.release();
      },
    };
  }
}
