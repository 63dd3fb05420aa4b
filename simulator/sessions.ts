import { randomUUID } from 'node:crypto';
import type { ChargerContext } from './charger-context.ts';
import type { ConnectorState, Session } from './charger-state.ts';
import type { ScheduledJob } from './scheduler.ts';
import type { StopReason, TxMessage, TxTrigger } from './protocol/protocol.ts';

// Charging sessions (1.6 Start/StopTransaction + MeterValues, 2.x TransactionEvent E01–E07) and the
// meter clock: meters advance in simulated time and a sample goes out every MeterValueSampleInterval /
// TxUpdatedInterval while a session runs. The sampling job exists only while something needs it.

export class SessionController {
  private sampler: ScheduledJob | undefined;
  private lastAdvance = Date.now();

  constructor(private readonly ctx: ChargerContext) {}

  canStart(c: ConnectorState): boolean {
    return !c.session && !c.stuck && this.ctx.model.statusOf(c.ref.flatId) === 'Available';
  }

  /** Starts a session (local plug-in + badge, or a remote start). Returns the session or undefined. */
  start(c: ConnectorState, idTag: string, opts: { remoteStartId?: number | undefined; idTokenType?: string; transactionId?: string } = {}): Session | undefined {
    if (!this.canStart(c)) return undefined;
    this.advanceMeters();
    const v2 = this.ctx.protocol.version !== '1.6';
    const session: Session = {
      connector: c.ref,
      idTag: idTag.slice(0, v2 ? 36 : 20),
      transactionId: v2 ? (opts.transactionId ?? randomUUID()) : undefined,
      startedAt: new Date(),
      meterStartWh: Math.floor(c.meter.energyWh),
      remoteStartId: opts.remoteStartId,
      idTokenType: opts.idTokenType ?? 'ISO14443',
      seqNo: 0,
      stopping: false,
    };
    c.session = session;
    c.meter.beginSession();
    this.ctx.logRing.add(`session start connector=${c.ref.flatId} idTag=${session.idTag}`);
    this.queueTx(c, 'started', 'Authorized', undefined, (answer) => {
      if (answer.transactionId) session.transactionId = answer.transactionId;
      this.ctx.events.emit('sessionStarted', { connectorId: c.ref.flatId, transactionId: session.transactionId });
      // E05 / 1.6 §5.16: an identifier the CSMS refuses ends the session at once.
      if (answer.authorized === false && c.session === session) this.stop(c, 'DeAuthorized', 'Deauthorized');
    });
    this.ctx.messenger.reportStatus(c, false, true);
    this.ensureSampler();
    return session;
  }

  stop(c: ConnectorState, reason: StopReason, trigger: TxTrigger = 'StopAuthorized'): boolean {
    const session = c.session;
    if (!session || session.stopping) return false;
    this.advanceMeters();
    session.stopping = true;
    this.queueTx(c, 'ended', trigger, reason);
    const energyWh = Math.floor(c.meter.energyWh) - session.meterStartWh;
    c.meter.endSession();
    this.ctx.logRing.add(`session stop connector=${c.ref.flatId} reason=${reason} energyWh=${energyWh}`);
    // 1.6 goes Finishing until the cable is out; then Available (or stays Finishing if the lock is stuck).
    this.ctx.messenger.reportStatus(c, false, true);
    c.session = undefined;
    if (c.inoperativeWhenIdle) {
      c.inoperativeWhenIdle = false;
      c.operative = false;
    }
    this.ctx.messenger.reportStatus(c, false, true);
    this.ctx.events.emit('sessionEnded', { connectorId: c.ref.flatId, transactionId: session.transactionId, energyWh });
    return true;
  }

  stopAll(reason: StopReason, trigger: TxTrigger): void {
    for (const c of this.ctx.model.connectors) if (c.session) this.stop(c, reason, trigger);
  }

  /** A sample of a running session now (TriggerMessage MeterValues / TransactionEvent). */
  sampleNow(c: ConnectorState, trigger: TxTrigger): void {
    if (!c.session) return;
    this.advanceMeters();
    this.queueTx(c, 'updated', trigger);
  }

  findByTransactionId(id: string): ConnectorState | undefined {
    return this.ctx.model.connectors.find((c) => c.session?.transactionId === id);
  }

  /** Brings every meter up to now in simulated time. */
  advanceMeters(): void {
    const now = Date.now();
    const dtS = ((now - this.lastAdvance) / 1000) * this.ctx.config.timeScale;
    this.lastAdvance = now;
    for (const c of this.ctx.model.connectors) c.meter.advance(dtS, !!c.session && !c.session.stopping);
  }

  /** Keeps the sampling job alive while a session or a temperature drift needs it. */
  ensureSampler(): void {
    if (this.sampler) return;
    this.lastAdvance = Date.now();
    const period = () => this.ctx.ms(this.ctx.settings.int('meterValueSampleInterval') || 60);
    this.sampler = this.ctx.scheduler.every(period, () => this.tick());
  }

  stopSampler(): void {
    this.sampler?.cancel();
    this.sampler = undefined;
  }

  /** Hooks run on every sample tick (temperature monitoring lives in the fault controller). */
  onTick: (() => void) | undefined;

  private tick(): void {
    if (this.ctx.model.dead) return;
    this.advanceMeters();
    const sampling = this.ctx.settings.int('meterValueSampleInterval') > 0;
    for (const c of this.ctx.model.connectors) {
      if (c.session && !c.session.stopping && sampling) this.queueTx(c, 'updated', 'MeterValuePeriodic', undefined, undefined, true);
    }
    this.onTick?.();
    const needed = this.ctx.model.connectors.some((c) => c.session || c.meter.driftC > 0 || c.overheated);
    if (!needed) this.stopSampler();
  }

  private queueTx(
    c: ConnectorState,
    kind: TxMessage['kind'],
    trigger: TxTrigger,
    stopReason?: StopReason,
    onAnswer?: (a: { transactionId?: string | undefined; authorized: boolean | undefined }) => void,
    droppable = false,
  ): void {
    const session = c.session;
    if (!session) return;
    const message: TxMessage = {
      kind, session, reading: c.meter.read(), at: new Date(), trigger, stopReason,
      offline: !this.ctx.messenger.canSend,
      seqNo: session.seqNo++,
      measurands: this.ctx.settings.get('meterValuesSampledData'),
    };
    const { protocol } = this.ctx;
    this.ctx.messenger.enqueue(
      () => protocol.transaction(message),
      (raw) => {
        const answer = protocol.parseTransactionAnswer(message, raw);
        onAnswer?.(answer);
      },
      droppable,
    );
  }
}
