import type { Logger } from 'pino';
import type { PrismaClient } from '../db/database.ts';
import type { TicketOpened } from '../faults/fault-intake.ts';
import type { TicketService } from '../tickets/ticket-service.ts';
import type { DiagnosisCatalogue } from './catalogue.ts';
import type { DiagnosisRunner, DiagnosisTarget } from './diagnosis-runner.ts';
import { RemediationClaimError, type RemediationClaim } from './remediation-claims.ts';
import type { SelfHealing } from './self-healing.ts';
import type { TicketClaims } from './ticket-claims.ts';

/**
 * What happens when a ticket opens: out of service first if the fault is safety-critical, then the
 * automatic checks, then remediation where the catalogue allows it. The whole response is driven by the
 * worker holding the ticket's claim (`TicketClaims`): taken before anything else, held to the end of the
 * ladder. In multi-node mode a response whose worker stopped is taken over (RemediationTakeover): a ticket
 * still open without its diagnosis gets the whole response again (`resumeResponse`), a ladder under way is
 * driven on (`resumeLadder`).
 */
export class FaultResponse {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly catalogue: DiagnosisCatalogue,
    private readonly tickets: TicketService,
    private readonly diagnosis: DiagnosisRunner,
    private readonly selfHealing: SelfHealing,
    private readonly claims: TicketClaims,
    private readonly log: Logger,
  ) {}

  ticketOpened(t: TicketOpened): void {
    const target: DiagnosisTarget = { ticketId: t.ticket.id, chargerId: t.chargerId, connector: t.connector, entry: t.entry, at: t.at };
    this.track(this.opened(target), t.ticket.id, 'fault response failed');
  }

  /**
   * Responds to a ticket open without its diagnosis whose worker stopped (multi-node takeover; `claim` is
   * already ours and released when the response ends): the whole response again, from the ticket's fields.
   */
  resumeResponse(ticketId: string, claim: RemediationClaim): void {
    this.track(
      this.resumedResponse(ticketId, claim).finally(() => claim.release()),
      ticketId,
      'taking over a fault response failed',
    );
  }

  /**
   * Drives on the ladder of a ticket whose worker stopped (multi-node takeover, `claim` already ours; it is
   * released when the ladder ends). Tracked like the responses this worker started, so `stop` covers it.
   */
  resumeLadder(ticketId: string, claim: RemediationClaim): void {
    this.track(
      this.selfHealing
        .resume(ticketId, claim)
        .then(() => undefined)
        .finally(() => claim.release()),
      ticketId,
      'taking over a remediation ladder failed',
    );
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

  private async opened(target: DiagnosisTarget): Promise<void> {
    let claim: RemediationClaim | undefined;
    try {
      claim = await this.claims.join(target.ticketId);
    } catch (err) {
      if (!(err instanceof RemediationClaimError)) throw err;
      // degraded, and visibly so: safety and checks as always, but no ladder — the ticket goes to a person
      await this.selfHealing.protect(target);
      if (await this.diagnosis.run(target, undefined)) await this.selfHealing.remediateUnclaimed(target, err);
      return;
    }
    if (!claim) {
      // Another worker responds to this ticket: to an earlier opening of it (its partition moved here since),
      // or it took a reopened ticket over. Safety does not wait for it; the rest is that worker's, and a
      // ticket it leaves open without a diagnosis is taken over once its claim is free.
      this.log.info({ ticketId: target.ticketId }, 'another worker responds to this ticket: only its safety response runs here');
      await this.selfHealing.protect(target, true);
      return;
    }
    try {
      await this.respond(target, claim, false);
    } finally {
      await claim.release();
    }
  }

  private async respond(target: DiagnosisTarget, claim: RemediationClaim, again: boolean): Promise<void> {
    await this.selfHealing.protect(target, again);
    // not written: the claim went to another worker, or a reclassification gave the ticket to the new class's response
    if (!(await this.diagnosis.run(target, claim))) return;
    await this.selfHealing.remediate(target, claim);
  }

  private async resumedResponse(ticketId: string, claim: RemediationClaim): Promise<void> {
    // read under the claim: the response the takeover saw unfinished may have finished before it was taken
    const ticket = await this.prisma.ticket.findUnique({
      where: { id: ticketId },
      select: { status: true, chargerId: true, evseId: true, connectorId: true, faultClass: true, diagnosis: true, lastOccurredAt: true, createdAt: true },
    });
    if (ticket?.status !== 'open' || !ticket.chargerId || !ticket.faultClass || diagnosed(ticket.diagnosis)) return;
    const entry = this.catalogue.entry(ticket.faultClass);
    if (!entry) {
      await this.tickets.transition(ticketId, ['open'], 'awaiting_dispatch', 'system', { reason: `the catalogue has no entry for ${ticket.faultClass} any more: no automatic response` });
      return;
    }
    // the time of its latest fault, for the checks that look around it
    const fault = await this.prisma.fault.findFirst({ where: { ticketId, faultClass: ticket.faultClass }, orderBy: { reportedAt: 'desc' }, select: { reportedAt: true } });
    const target: DiagnosisTarget = {
      ticketId,
      chargerId: ticket.chargerId,
      connector: { evseId: ticket.evseId ?? 0, connectorId: ticket.connectorId ?? 0 },
      entry,
      at: fault?.reportedAt ?? ticket.lastOccurredAt ?? ticket.createdAt,
    };
    await this.tickets.note(ticketId, 'system', 'response_taken_over', { faultClass: entry.key });
    this.log.info({ ticketId, chargerId: ticket.chargerId, faultClass: entry.key }, 'took over the response to a fault whose worker stopped');
    await this.respond(target, claim, true);
  }

  private track(p: Promise<void>, ticketId: string, failed: string): void {
    const tracked = p.catch((err: unknown) => this.log.error({ err, ticketId }, failed));
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
  }
}

/** Whether the automatic checks have run: the diagnosis a ticket opens with lists them pending, without `completedAt`. */
function diagnosed(diagnosis: unknown): boolean {
  return typeof diagnosis === 'object' && diagnosis !== null && 'completedAt' in diagnosis && typeof diagnosis.completedAt === 'string';
}
