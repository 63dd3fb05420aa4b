import type { Logger } from 'pino';
import type { TransactionService } from '../chargers/transactions.ts';
import type { CommandService } from '../commands/command-service.ts';
import type { PrismaClient } from '../db/database.ts';
import type { ChargerCommand } from '../domain/commands.ts';
import type { ConnectorRef } from '../domain/charger.ts';
import type { EventBus } from '../event-bus.ts';
import type { TicketService } from '../tickets/ticket-service.ts';
import type { CatalogueEntry, DiagnosisCatalogue, RemediationStep } from './catalogue.ts';
import type { RemediationClaim, RemediationClaimError } from './remediation-claims.ts';
import { CARRIED_OUT, CATALOGUE_ACTOR, ladderProgress, OUT_OF_SERVICE_ACTOR, protectionSoFar, type LadderProgress } from './remediation-progress.ts';

export interface RemediationTarget {
  ticketId: string;
  chargerId: string;
  connector: ConnectorRef;
  entry: CatalogueEntry;
}

/** the actor of a ladder's timeline entries (RemediationTakeover recognises ladders by it) */
export const LADDER_ACTOR = 'rule:self-healing';
const ACTOR = LADDER_ACTOR;

/**
 * Safe automatic remediation, only where the catalogue allows it, with guardrails: at most one automatic
 * soft (and one hard) reset per charger per window; no reset while a transaction runs unless the entry
 * says so; safety-critical faults are taken out of service and escalated, never reset. Every action is
 * recorded on the ticket with its outcome. A fault that clears resolves the ticket remotely with the
 * evidence; one that does not leaves the ticket ready for dispatch.
 * One worker drives a ladder, the one holding the ticket's claim (`RemediationClaims`, taken by FaultResponse
 * for the whole response); in multi-node mode another takes it over, where the ticket's timeline says it
 * stopped, when that worker stops (`resume`, RemediationTakeover).
 */
export class SelfHealing {
  private readonly pending = new Set<Promise<void>>();
  private readonly waiting = new Set<() => void>();
  private stopped = false;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly catalogue: DiagnosisCatalogue,
    private readonly tickets: TicketService,
    private readonly commands: CommandService,
    private readonly transactions: TransactionService,
    private readonly bus: EventBus,
    private readonly opts: { resetWindowS: number; logsTimeoutMs: number; stableMs: number },
    private readonly log: Logger,
  ) {}

  /**
   * Safety first: out of service before anything else runs (checks ask the charger things). `again`: a
   * response that runs a second time (taken over from a worker that stopped) — what the ticket's timeline
   * shows done since it opened is not done twice (no second escalation, no second out-of-service command
   * once one was carried out or queued).
   */
  async protect(t: RemediationTarget, again = false): Promise<void> {
    if (!t.entry.outOfService && !t.entry.escalate) return;
    const done = again ? await protectionSoFar(this.prisma, t.ticketId) : { outOfService: false, escalated: false };
    if (t.entry.outOfService && !done.outOfService) {
      // the whole charger: a ground or over-current fault on one EVSE puts the shared supply in doubt
      const command: ChargerCommand = { kind: 'changeAvailability', operative: false };
      await this.act(t, 'outOfService', command, OUT_OF_SERVICE_ACTOR);
    }
    if (t.entry.escalate && !done.escalated) await this.tickets.escalate(t.ticketId, CATALOGUE_ACTOR, `${t.entry.severity} fault: ${t.entry.recommendedAction}`);
  }

  /**
   * After the checks: the ladder where the catalogue allows one, a person otherwise. `claim` is the fault
   * response's (taken before `protect`, released by the caller after this). Lost or stopping before the first
   * step, the ladder is left in remote_action for whoever takes it over.
   */
  async remediate(t: RemediationTarget, claim: RemediationClaim): Promise<void> {
    if (!(await this.ladderAllowed(t))) return;
    const { entry } = t;
    if (!(await this.tickets.transition(t.ticketId, ['open', 'awaiting_dispatch'], 'remote_action', ACTOR, { steps: entry.selfHealing.steps }))) return;
    this.log.info({ ticketId: t.ticketId, chargerId: t.chargerId, steps: entry.selfHealing.steps }, 'remediation ladder started');
    // the transition just returned the ticket in remote_action: the first step need not read it again
    await this.climb(t, claim, { next: 0, waitLeftMs: 0 }, true);
  }

  /** The claim could not be checked (multi-node, Redis unreachable): no ladder may start, so the ticket goes to a person. */
  async remediateUnclaimed(t: RemediationTarget, err: RemediationClaimError): Promise<void> {
    if (!(await this.ladderAllowed(t))) return;
    this.log.warn({ err, ticketId: t.ticketId }, 'no automatic remediation: it could not be made sure that no other worker drives it');
    await this.tickets.transition(t.ticketId, ['open'], 'awaiting_dispatch', ACTOR, { reason: `automatic remediation could not start: ${err.message}` });
  }

  /** Whether the catalogue lets a ladder start; when it does not, the ticket waits where the catalogue says. */
  private async ladderAllowed(t: RemediationTarget): Promise<boolean> {
    const { entry } = t;
    if (entry.escalate) return false; // a supervisor decides
    if (entry.selfHealing.allowed) return true;
    // a generic class waits in triage for a human (or for the specific fault that reclassifies it)
    if (!entry.generic) await this.tickets.transition(t.ticketId, ['open'], 'awaiting_dispatch', CATALOGUE_ACTOR, { reason: 'no automatic remediation for this fault' });
    return false;
  }

  /**
   * Takes over the ladder of a ticket whose worker stopped (multi-node; `claim` is already ours) and drives
   * it on from where the ticket's timeline says it stopped. Faults that all cleared while nobody watched get
   * the remote-resolution check the stopped worker would have made. False when there is no ladder to take
   * over: the ticket left remote_action, or a person put it there.
   */
  async resume(ticketId: string, claim: RemediationClaim): Promise<boolean> {
    const ticket = await this.prisma.ticket.findUnique({ where: { id: ticketId }, select: { status: true, chargerId: true, evseId: true, connectorId: true, faultClass: true } });
    if (ticket?.status !== 'remote_action' || !ticket.chargerId || !ticket.faultClass) return false;
    const entry = this.catalogue.entry(ticket.faultClass);
    const waitMs = entry ? entry.selfHealing.waitForClearS * 1000 + this.opts.stableMs : 0;
    const progress = await ladderProgress(this.prisma, ticketId, ACTOR, waitMs, Date.now());
    if (!progress) return false;
    const next = entry?.selfHealing.steps[progress.next] ?? null;
    await this.tickets.note(ticketId, ACTOR, 'remediation_taken_over', { next, waitLeftS: Math.round(progress.waitLeftMs / 1000) });
    this.log.info({ ticketId, chargerId: ticket.chargerId, next, waitLeftMs: progress.waitLeftMs }, 'took over a remediation ladder whose worker stopped');
    if (!entry?.selfHealing.allowed || entry.escalate) {
      await this.tickets.transition(ticketId, ['remote_action'], 'awaiting_dispatch', ACTOR, { reason: 'the catalogue no longer allows automatic remediation of this fault' });
      return true;
    }
    const clearedAt = await this.allClearedAt(ticketId);
    if (clearedAt) {
      const stableLeftMs = clearedAt.getTime() + this.opts.stableMs - Date.now();
      if (stableLeftMs > 0 && (await this.waitResolved(ticketId, stableLeftMs, claim))) return true;
      if (!this.mayGoOn(ticketId, claim)) return true;
      await this.resolveIfStillClear(ticketId, clearedAt);
      if (await this.resolved(ticketId)) return true;
    }
    const target = { ticketId, chargerId: ticket.chargerId, connector: { evseId: ticket.evseId ?? 0, connectorId: ticket.connectorId ?? 0 }, entry };
    await this.climb(target, claim, progress);
    return true;
  }

  /**
   * The ladder from `from` on, while this worker holds the claim; the ticket goes to dispatch at the end.
   * `unresolved`: the caller has just seen the ticket unresolved. A step that follows a wait for the
   * resolution (which watched the ticket until its end) does not read the ticket again either.
   */
  private async climb(t: RemediationTarget, claim: RemediationClaim, from: LadderProgress, unresolved = false): Promise<void> {
    const { steps, waitForClearS } = t.entry.selfHealing;
    const waitMs = waitForClearS * 1000 + this.opts.stableMs;
    let watched = unresolved;
    if (from.waitLeftMs > 0) {
      if (await this.waitResolved(t.ticketId, from.waitLeftMs, claim)) return;
      watched = true;
    }
    for (const step of steps.slice(from.next)) {
      if (!this.mayGoOn(t.ticketId, claim)) return;
      if (!watched && (await this.resolved(t.ticketId))) return;
      watched = false;
      if (step === 'waitForClear') {
        await this.tickets.note(t.ticketId, ACTOR, 'waiting', { step, forS: waitForClearS });
        if (await this.waitResolved(t.ticketId, waitMs, claim)) return;
        watched = true;
        continue;
      }
      const blocked = await this.guardrail(t, step);
      if (blocked) {
        await this.tickets.note(t.ticketId, ACTOR, 'action_skipped', { step, reason: blocked });
        continue;
      }
      const done = await this.act(t, step, this.commandFor(step, t.connector), ACTOR);
      if (step === 'retrieveLogs') continue; // logs inform the engineer; they clear nothing
      if (done) {
        if (await this.waitResolved(t.ticketId, waitMs, claim)) return;
        watched = true;
      }
    }
    // stopping, or the ladder went to another worker: the ticket stays in remote_action for whoever drives it on
    if (!this.mayGoOn(t.ticketId, claim)) return;
    await this.tickets.transition(t.ticketId, ['remote_action'], 'awaiting_dispatch', ACTOR, { reason: 'automatic remediation did not clear the fault', parts: t.entry.parts });
  }

  /** False when this worker stops or no longer holds the ladder (frozen or cut off past its claim). */
  private mayGoOn(ticketId: string, claim: RemediationClaim): boolean {
    if (this.stopped) return false;
    if (claim.held) return true;
    this.log.warn({ ticketId }, 'lost the claim on a remediation ladder: it stops here, another worker drives it on');
    return false;
  }

  /** When the last of the ticket's faults cleared, if none is open; undefined otherwise. */
  private async allClearedAt(ticketId: string): Promise<Date | undefined> {
    const faults = await this.prisma.fault.findMany({ where: { ticketId }, select: { clearedAt: true } });
    if (faults.length === 0 || faults.some((f) => f.clearedAt === null)) return undefined;
    return new Date(Math.max(...faults.map((f) => f.clearedAt!.getTime())));
  }

  /**
   * Every fault of the ticket has cleared. After the stability window — a charger rebooting from a reset
   * reports Available before its self-test re-reports a persistent fault — and if nothing recurred, the
   * ticket is resolved remotely with the evidence. A safety-critical fault still needs an inspection.
   */
  async faultsCleared(ticketId: string, clearedAt: Date): Promise<void> {
    const ticket = await this.prisma.ticket.findUnique({ where: { id: ticketId } });
    if (!ticket?.faultClass) return;
    const entry = this.catalogue.entry(ticket.faultClass);
    if (entry?.severity === 'safety-critical' || ticket.escalated) {
      await this.tickets.note(ticketId, 'system', 'fault_cleared', { clearedAt, note: 'cleared, but a safety-critical fault still needs an on-site inspection' });
      return;
    }
    if (this.stopped) return;
    const p = new Promise<void>((r) => {
      const end = () => {
        clearTimeout(t);
        this.waiting.delete(end);
        r();
      };
      const t = setTimeout(end, this.opts.stableMs);
      this.waiting.add(end);
    }).then(() => (this.stopped ? undefined : this.resolveIfStillClear(ticketId, clearedAt)));
    this.pending.add(p);
    void p.catch((err: unknown) => this.log.warn({ err, ticketId }, 'remote resolution failed')).finally(() => this.pending.delete(p));
  }

  private async resolveIfStillClear(ticketId: string, clearedAt: Date): Promise<void> {
    const [ticket, open] = await Promise.all([
      this.prisma.ticket.findUnique({ where: { id: ticketId }, select: { lastOccurredAt: true, chargerId: true } }),
      this.prisma.fault.count({ where: { ticketId, clearedAt: null } }),
    ]);
    if (!ticket || open > 0 || (ticket.lastOccurredAt && ticket.lastOccurredAt > clearedAt)) {
      await this.tickets.note(ticketId, 'system', 'clear_not_stable', { clearedAt, note: `the fault came back within ${this.opts.stableMs / 1000} s of clearing` });
      return;
    }
    // the last action on the charger for this ticket, automatic or a person's, that could have cleared it
    const lastAction = await this.prisma.command.findFirst({
      where: { ticketId, kind: { notIn: ['triggerMessage', 'getConfiguration', 'getBaseReport', 'retrieveLogs', 'dataTransfer'] }, status: 'succeeded' },
      orderBy: { requestedAt: 'desc' },
      select: { id: true, kind: true, params: true, status: true, completedAt: true, requestedBy: true },
    });
    const chargerId = ticket.chargerId ?? '';
    const connectors = await this.prisma.connector.findMany({ where: { chargerId }, select: { evseId: true, connectorId: true, status: true, statusAt: true } });
    const how = !lastAction ? 'cleared by itself' : lastAction.requestedBy.startsWith('rule:') ? `cleared after automatic ${lastAction.kind}` : `cleared after ${lastAction.kind} by ${lastAction.requestedBy}`;
    await this.tickets.transition(
      ticketId,
      ['open', 'remote_action', 'awaiting_dispatch'],
      'resolved_remotely',
      'system',
      { evidence: { clearedAt, stableForS: this.opts.stableMs / 1000, lastAutomaticAction: lastAction, connectors } },
      { resolvedAt: clearedAt, resolution: how },
    );
  }

  /** Resolves when every pending remote resolution has been decided and every ladder's end noted (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private async guardrail(t: RemediationTarget, step: RemediationStep): Promise<string | undefined> {
    if (step !== 'softReset' && step !== 'hardReset') return undefined;
    const type = step === 'softReset' ? 'soft' : 'hard';
    const since = new Date(Date.now() - this.opts.resetWindowS * 1000);
    const recent = await this.prisma.command.count({
      where: { chargerId: t.chargerId, kind: 'reset', requestedBy: { startsWith: 'rule:' }, requestedAt: { gte: since }, params: { path: ['type'], equals: type } },
    });
    if (recent > 0) return `an automatic ${type} reset already ran on this charger within ${this.opts.resetWindowS} s`;
    if (!t.entry.selfHealing.allowDuringTransaction && (await this.transactions.hasActive(t.chargerId))) {
      return 'a charging session is running on the charger';
    }
    if (!(await this.commands.isConnected(t.chargerId))) return 'the charger is offline';
    return undefined;
  }

  private commandFor(step: Exclude<RemediationStep, 'waitForClear'>, connector: ConnectorRef): ChargerCommand {
    switch (step) {
      case 'softReset':
        return { kind: 'reset', type: 'soft' };
      case 'hardReset':
        return { kind: 'reset', type: 'hard' };
      case 'unlockConnector':
        return { kind: 'unlockConnector', connector: connector.evseId > 0 ? { evseId: connector.evseId, connectorId: Math.max(1, connector.connectorId) } : { evseId: 1, connectorId: 1 } };
      case 'clearCache':
        return { kind: 'clearCache' };
      case 'retrieveLogs':
        return { kind: 'retrieveLogs', from: new Date(Date.now() - 86_400_000).toISOString() };
    }
  }

  /** Issues the command for the ticket and records its outcome; true when the charger carried it out. */
  private async act(t: RemediationTarget, step: string, command: ChargerCommand, actor: string): Promise<boolean> {
    try {
      const cmd = await this.commands.issue({ chargerId: t.chargerId, command, requestedBy: actor, ticketId: t.ticketId, whenOffline: step === 'outOfService' ? 'queue' : 'fail' });
      const done = cmd.status === 'queued' ? cmd : await this.commands.waitForFinal(cmd, step === 'retrieveLogs' ? this.opts.logsTimeoutMs : 60_000);
      await this.tickets.note(t.ticketId, actor, 'auto_action', { step, commandId: cmd.id, kind: command.kind, status: done.status, error: done.error });
      return CARRIED_OUT.has(done.status);
    } catch (err) {
      await this.tickets.note(t.ticketId, actor, 'auto_action', { step, kind: command.kind, status: 'failed', error: (err as Error).message });
      this.log.info({ err, ticketId: t.ticketId, step }, 'automatic action failed');
      return false;
    }
  }

  /**
   * The ladder is over: the ticket left remote_action — resolved remotely, or a person (or a supervisor's
   * escalation) took it: sent to dispatch, escalated, cancelled. No automatic action follows a person's
   * decision; an engineer may be on the way to, or at, the charger.
   */
  private async resolved(ticketId: string): Promise<boolean> {
    const ended = await this.endedAs(ticketId);
    if (ended === undefined) return false;
    this.ladderEnded(ticketId, ended);
    return true;
  }

  /** The ticket's status once it has left remote_action (null: the ticket is gone); undefined while it is there. */
  private async endedAs(ticketId: string): Promise<string | null | undefined> {
    const t = await this.prisma.ticket.findUnique({ where: { id: ticketId }, select: { status: true } });
    return t?.status === 'remote_action' ? undefined : (t?.status ?? null);
  }

  /** A ladder ended by anything but its own remote resolution says so on the ticket's timeline. */
  private ladderEnded(ticketId: string, status: string | null): void {
    if (status === null || status === 'resolved_remotely') return;
    this.log.info({ ticketId, status }, 'the ticket left remote action: its remediation ladder stops');
    // tracked like the remote resolutions, so `idle()` (tests, shutdown) covers it
    const p = this.tickets
      .note(ticketId, ACTOR, 'remediation_stopped', { reason: `the ticket left remote action (now ${status})` })
      .catch((err: unknown) => this.log.warn({ err, ticketId }, 'could not note the end of a remediation ladder'));
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /**
   * Shutting down: ladders stop at their next step and waits end now. A ticket left in remote_action is
   * taken over by another worker (multi-node) or handed to a person by the next start (cli/roles/worker-pieces.ts).
   */
  stop(): void {
    this.stopped = true;
    for (const end of this.waiting) end();
  }

  /**
   * Resolves true when the ladder is over within `timeoutMs` (the ticket resolved remotely or left
   * remote_action otherwise, see `resolved`); false at the timeout, on stop, or when the claim is lost.
   */
  private waitResolved(ticketId: string, timeoutMs: number, claim: RemediationClaim): Promise<boolean> {
    if (this.stopped || !claim.held) return Promise.resolve(false);
    return new Promise((resolve) => {
      // it may have resolved between the caller's last look and the subscription. The timeout waits for that
      // look too, so a wait that ends unresolved saw the ticket unresolved throughout (climb relies on it).
      const timer = setTimeout(() => void looked.then(() => finish(false), () => finish(false)), timeoutMs);
      const off = this.bus.watch('ticket.updated', (e) => {
        if (e.ticketId === ticketId && e.status !== 'remote_action') ended(e.status);
      });
      const end = () => finish(false);
      this.waiting.add(end);
      const offLost = claim.onLost(end);
      let finished = false;
      const finish = (v: boolean) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        off();
        offLost();
        this.waiting.delete(end);
        resolve(v);
      };
      // the event and the first look may both see the end: the first one tells it
      const ended = (status: string | null) => {
        if (finished) return;
        this.ladderEnded(ticketId, status);
        finish(true);
      };
      const looked = this.endedAs(ticketId).then((status) => status !== undefined && ended(status));
    });
  }
}
