/**
 * The right to drive one ticket's remediation ladder. Exactly one worker drives a ladder: the one that
 * started it, or — in multi-node mode, after that worker stopped — the one that took it over.
 */
export interface RemediationClaim {
  /** false once the claim may have passed to another worker: the ladder stops before its next step */
  readonly held: boolean;
  /** `listener` runs once if the claim is lost (not when it is released); returns the unsubscribe */
  onLost(listener: () => void): () => void;
  release(): Promise<void>;
}

export interface RemediationClaims {
  /** The ladder of `ticketId` for this worker; undefined when a worker (this one or another) drives it already. */
  claim(ticketId: string): Promise<RemediationClaim | undefined>;
  /** Stops keeping claims alive and releases those still held. */
  close(): Promise<void>;
}

/** Claims could not be checked (multi-node: Redis unreachable), so no ladder may start. */
export class RemediationClaimError extends Error {
  override name = 'RemediationClaimError';
}

/** One process: the ladders this process drives, so that the same ticket never gets two. */
export class LocalRemediationClaims implements RemediationClaims {
  private readonly driving = new Set<string>();

  async claim(ticketId: string): Promise<RemediationClaim | undefined> {
    if (this.driving.has(ticketId)) return undefined;
    this.driving.add(ticketId);
    return {
      held: true,
      onLost: () => () => undefined,
      release: async () => void this.driving.delete(ticketId),
    };
  }

  async close(): Promise<void> {
    this.driving.clear();
  }
}
