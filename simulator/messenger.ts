import type { ChargerContext } from './charger-context.ts';
import type { ConnectorState } from './charger-state.ts';
import type { Outbound } from './protocol/protocol.ts';
import { connectorStatus2 } from './protocol/v2-device-model.ts';

// Everything the charger sends goes through here. Transaction messages (Start/Stop/MeterValues in 1.6,
// TransactionEvent in 2.x) go through an ordered queue that survives disconnects and reboots and is
// delivered in order once the charger is online and accepted (1.6 §4.10 / 2.0.1 E04, offline behaviour);
// everything else is sent when possible and otherwise dropped or, for statuses, re-reported later.

interface Queued {
  /** built at send time: a 1.6 message may need the transactionId the CSMS gave to an earlier one */
  build: () => Outbound;
  onAnswer?: ((raw: unknown) => void) | undefined;
  attempts: number;
  /** periodic samples may be dropped when the queue is full; starts and stops never */
  droppable: boolean;
}

export class Messenger {
  sent = 0;
  private queue: Queued[] = [];
  private draining = false;
  /** events (NotifyEvent, SecurityEventNotification) raised while offline, sent once online */
  private deferred: Outbound[] = [];

  constructor(private readonly ctx: ChargerContext) {}

  /** Online, registered, and alive enough to talk. */
  get canSend(): boolean {
    const { model: state, connection } = this.ctx;
    return connection.isOpen && state.bootAccepted && !state.dead && !state.rebooting;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Sends one CALL now; resolves with the answer, or undefined when it could not be sent. */
  async send(out: Outbound, force = false): Promise<unknown> {
    if (!force && !this.canSend) return undefined;
    try {
      const answer = await this.ctx.connection.call(out.action, out.payload);
      this.sent++;
      this.ctx.events.emit('sent', { action: out.action, payload: out.payload, answer });
      return answer;
    } catch (err) {
      this.ctx.log.debug({ action: out.action, err: String(err) }, 'send failed');
      this.ctx.events.emit('sendFailed', { action: out.action, error: String(err) });
      return undefined;
    }
  }

  enqueue(build: () => Outbound, onAnswer?: (raw: unknown) => void, droppable = false): void {
    if (this.queue.length >= this.ctx.config.maxQueuedMessages) {
      const i = this.queue.findIndex((q) => q.droppable);
      if (droppable || i < 0) {
        this.ctx.log.warn('offline queue full: sample dropped');
        return;
      }
      this.queue.splice(i, 1);
    }
    this.queue.push({ build, onAnswer, attempts: 0, droppable });
    void this.drain();
  }

  /** Sends queued transaction messages in order while online. */
  async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0 && this.canSend) {
        const head = this.queue[0]!;
        let out: Outbound;
        try {
          out = head.build();
        } catch (err) {
          this.ctx.log.warn({ err: String(err) }, 'queued transaction message dropped');
          this.queue.shift();
          continue;
        }
        try {
          const answer = await this.ctx.connection.call(out.action, out.payload);
          this.sent++;
          this.queue.shift();
          head.onAnswer?.(answer);
          this.ctx.events.emit('sent', { action: out.action, payload: out.payload, answer });
        } catch (err) {
          if (!this.ctx.connection.isOpen) break; // keep it at the head for the next connection
          head.attempts++;
          this.ctx.events.emit('sendFailed', { action: out.action, error: String(err) });
          if (head.attempts >= Math.max(1, this.ctx.settings.int('transactionMessageAttempts'))) {
            this.ctx.log.warn({ action: out.action, err: String(err) }, 'transaction message given up');
            this.queue.shift();
          } else {
            const waitMs = this.ctx.ms(this.ctx.settings.int('transactionMessageRetryInterval') * head.attempts);
            await new Promise<void>((resolve) => this.ctx.scheduler.after(waitMs, resolve));
          }
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /** Sends an event now, or once the charger is online and accepted again. */
  sendWhenOnline(out: Outbound): void {
    if (this.canSend) {
      void this.send(out);
      return;
    }
    if (this.deferred.length >= this.ctx.config.maxQueuedMessages) this.deferred.shift();
    this.deferred.push(out);
  }

  /** After (re)connecting or booting: deferred events, then the transaction queue. */
  flush(): Promise<void> {
    const deferred = this.deferred;
    this.deferred = [];
    for (const out of deferred) void this.send(out);
    return this.drain();
  }

  /**
   * Reports a connector's status if it changed since the last report (or `force`). `ordered` sends it
   * through the transaction queue, behind the Start/Stop it follows (a session's status changes).
   */
  reportStatus(c: ConnectorState | undefined, force = false, ordered = false): void {
    const { model: state, protocol } = this.ctx;
    const flatId = c?.ref.flatId ?? 0;
    const status = state.statusOf(flatId);
    const error = protocol.version === '1.6' ? state.errorOf(flatId) : undefined;
    const shown = protocol.version === '1.6' ? status : connectorStatus2(status);
    const key = `${shown}|${error?.errorCode ?? ''}|${error?.vendorErrorCode ?? ''}|${error?.info ?? ''}`;
    const last = c ? c.lastReported : state.stationLastReported;
    if (!force && key === last) return;
    if (!this.canSend && !ordered) {
      // Re-reported on reconnect: a status is a state, not an event, so only the latest matters.
      if (c) c.lastReported = undefined;
      else state.stationLastReported = undefined;
      return;
    }
    if (c) c.lastReported = key;
    else state.stationLastReported = key;
    const out = protocol.status({ connector: c?.ref ?? { flatId: 0, evseId: 0, connectorId: 0 }, status, error }, new Date());
    if (!out) return;
    this.ctx.logRing.add(`status connector=${flatId} ${status}${error ? ` ${error.errorCode}` : ''}`);
    if (ordered) this.enqueue(() => out);
    else void this.send(out);
  }

  reportAllStatuses(force = false): void {
    this.reportStatus(undefined, force);
    for (const c of this.ctx.model.connectors) this.reportStatus(c, force);
  }

  /** Forgets what was reported (after a reboot everything is reported afresh). */
  resetReported(): void {
    this.ctx.model.stationLastReported = undefined;
    for (const c of this.ctx.model.connectors) c.lastReported = undefined;
  }
}
