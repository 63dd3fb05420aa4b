import type { Logger } from 'pino';
import type { TicketOpened } from '../faults/fault-intake.ts';
import type { DiagnosisRunner } from './diagnosis-runner.ts';
import type { RemediationClaim } from './remediation-claims.ts';
import type { SelfHealing } from './self-healing.ts';

/**
 * What happens when a ticket opens: out of service first if the fault is safety-critical, then the
 * automatic checks, then remediation where the catalogue allows it.
 */
export class FaultResponse {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly diagnosis: DiagnosisRunner,
    private readonly selfHealing: SelfHealing,
    private readonly log: Logger,
  ) {}

  ticketOpened(t: TicketOpened): void {
    const target = { ticketId: t.ticket.id, chargerId: t.chargerId, connector: t.connector, entry: t.entry, at: t.at };
    const p = (async () => {
      await this.selfHealing.protect(target);
      await this.diagnosis.run(target);
      await this.selfHealing.remediate(target);
    })().catch((err: unknown) => this.log.error({ err, ticketId: t.ticket.id }, 'fault response failed'));
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
  }

  /**
   * Drives on the ladder of a ticket whose worker stopped (multi-node takeover, `claim` already ours; it is
   * released when the ladder ends). Tracked like the responses this worker started, so `stop` covers it.
   */
  resume(ticketId: string, claim: RemediationClaim): void {
    const p = this.selfHealing
      .resume(ticketId, claim)
      .then(() => undefined)
      .catch((err: unknown) => this.log.error({ err, ticketId }, 'taking over a remediation ladder failed'))
      .finally(() => claim.release());
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
  }

  /** Stops remediation at its next step and waits (bounded) for the responses under way to settle. */
  async stop(boundMs = 20_000): Promise<void> {
    this.selfHealing.stop();
    await Promise.race([this.idle(), new Promise((r) => setTimeout(r, boundMs).unref())]);
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
    await this.selfHealing.idle();
  }
}
