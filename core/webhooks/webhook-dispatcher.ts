import type { Logger } from 'pino';
import type { PrismaClient } from '../db/database.ts';
import type { Delivered, DomainEventType } from '../domain/events.ts';
import type { EventBus } from '../event-bus.ts';
import { signWebhook } from './sign-webhook.ts';
import { WEBHOOK_EVENT_OF, webhookEventOf, type WebhookPayload } from './webhook-events.ts';

export interface WebhookDispatcherOptions {
  /** one attempt's limit: a receiver that hangs costs this much of one sender slot, nothing more */
  timeoutMs: number;
  maxAttempts: number;
  /** attempt n waits base × 2^(n-1), capped at `backoffMaxMs` */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** up to this fraction is added at random to each wait, so receivers coming back are not stampeded */
  jitterRatio: number;
  /** how often to look for deliveries due (also enqueued by other nodes) and for subscription changes */
  pollIntervalMs: number;
  /** deliveries sent at once by this node */
  concurrency: number;
  now?: () => Date;
}

interface Claimed {
  id: string;
  subscription_id: string;
  event_type: string;
  payload: unknown;
  attempts: number;
}

interface ActiveSubscription {
  id: string;
  eventTypes: string[];
}

/**
 * Outbound webhooks. Events are queued as rows (so a restart loses none) and sent by a background loop
 * with HMAC signatures, timeouts and exponential backoff. The event-bus handler only checks an in-memory
 * list of subscriptions and starts one insert: a slow or failing receiver never reaches the publisher
 * (the gateway's hot path).
 */
export class WebhookDispatcher {
  private subscriptions: ActiveSubscription[] = [];
  private offBus: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private readonly inFlight = new Set<AbortController>();
  private earliestRetry: number | undefined;
  private readonly now: () => Date;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly opts: WebhookDispatcherOptions,
  ) {
    this.now = opts.now ?? (() => new Date());
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.reloadSubscriptions();
    // work, not broadcast: with several nodes each event is enqueued once (by the worker that handles it)
    this.offBus = (Object.keys(WEBHOOK_EVENT_OF) as DomainEventType[]).map((type) => this.bus.on(type, (e) => this.onEvent(e)));
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const off of this.offBus.splice(0)) off();
    clearTimeout(this.timer);
    for (const c of this.inFlight) c.abort();
    await this.running;
  }

  /** Call after subscriptions change on this node (others pick changes up within `pollIntervalMs`). */
  async subscriptionsChanged(): Promise<void> {
    await this.reloadSubscriptions();
  }

  /** Sends everything due now and resolves when nothing due is left (tests on a controlled clock, shutdown). */
  async drain(): Promise<void> {
    await this.running;
    this.kick();
    await this.running;
  }

  private onEvent(event: Delivered): Promise<void> | undefined {
    if (this.subscriptions.length === 0) return undefined;
    const hook = webhookEventOf(event);
    if (!hook) return undefined;
    const targets = this.subscriptions.filter((s) => s.eventTypes.includes(hook.name));
    if (targets.length === 0) return undefined;
    // the event's id: a redelivered event (multi-node) finds its deliveries already queued
    const payload: WebhookPayload = { id: event.id, type: hook.name, occurredAt: event.at.toISOString(), data: hook.data };
    return this.enqueue(targets, payload);
  }

  private async enqueue(targets: ActiveSubscription[], payload: WebhookPayload): Promise<void> {
    const now = this.now();
    await this.prisma.webhookDelivery.createMany({
      data: targets.map((s) => ({ subscriptionId: s.id, eventId: payload.id, eventType: payload.type, payload: payload as never, createdAt: now, nextAttemptAt: now })),
      skipDuplicates: true,
    });
    this.kick();
  }

  private kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.loop().finally(() => {
      this.running = undefined;
      this.arm();
    });
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false;
        while (!this.stopped && (await this.sendDue()) === this.opts.concurrency);
      } while (this.again && !this.stopped);
    } catch (err) {
      this.log.error({ err }, 'webhook delivery loop failed; retrying at the next poll');
    }
  }

  private arm(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.reloadSubscriptions().then(
        () => this.kick(),
        (err: unknown) => {
          this.log.error({ err }, 'cannot read webhook subscriptions');
          this.arm();
        },
      );
    }, this.nextWait());
    this.timer.unref();
  }

  /** Until the earliest retry this node scheduled, or the poll interval, whichever is sooner. */
  private nextWait(): number {
    const retry = this.earliestRetry;
    this.earliestRetry = undefined;
    if (retry === undefined) return this.opts.pollIntervalMs;
    return Math.max(0, Math.min(this.opts.pollIntervalMs, retry - this.now().getTime()));
  }

  private async reloadSubscriptions(): Promise<void> {
    this.subscriptions = await this.prisma.webhookSubscription.findMany({ where: { active: true }, select: { id: true, eventTypes: true } });
  }

  /** Claims up to `concurrency` due deliveries (SKIP LOCKED: nodes never take the same row) and sends them. */
  private async sendDue(): Promise<number> {
    const now = this.now();
    const leaseUntil = new Date(now.getTime() + this.opts.timeoutMs + 30_000);
    const claimed = await this.prisma.$queryRaw<Claimed[]>`
      UPDATE "webhook_delivery" SET "locked_until" = ${leaseUntil}
      WHERE "id" IN (
        SELECT "id" FROM "webhook_delivery"
        WHERE "status" = 'pending' AND "next_attempt_at" <= ${now} AND ("locked_until" IS NULL OR "locked_until" < ${now})
        ORDER BY "next_attempt_at" LIMIT ${this.opts.concurrency}
        FOR UPDATE SKIP LOCKED)
      RETURNING "id", "subscription_id", "event_type", "payload", "attempts"`;
    if (claimed.length === 0) return 0;
    const subs = await this.prisma.webhookSubscription.findMany({ where: { id: { in: [...new Set(claimed.map((c) => c.subscription_id))] } } });
    const byId = new Map(subs.map((s) => [s.id, s]));
    await Promise.all(claimed.map((d) => this.attempt(d, byId.get(d.subscription_id))));
    return claimed.length;
  }

  private async attempt(d: Claimed, sub: { url: string; secret: string; active: boolean } | undefined): Promise<void> {
    if (!sub?.active) {
      await this.prisma.webhookDelivery.update({ where: { id: d.id }, data: { status: 'failed', lastError: 'subscription deactivated', nextAttemptAt: null, lockedUntil: null } });
      return;
    }
    const body = JSON.stringify(d.payload);
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timeout = setTimeout(() => controller.abort(new Error(`no answer within ${this.opts.timeoutMs} ms`)), this.opts.timeoutMs);
    let statusCode: number | undefined;
    let error: string | undefined;
    try {
      const res = await fetch(sub.url, {
        method: 'POST',
        // Never follow redirects: the subscription names the one receiver that gets signed bodies.
        redirect: 'manual',
        signal: controller.signal,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Chargemend-Webhooks/1',
          'x-chargemend-event': d.event_type,
          'x-chargemend-delivery': d.id,
          'x-chargemend-signature': signWebhook(sub.secret, body, this.now()),
        },
        body,
      });
      statusCode = res.status;
      await res.body?.cancel();
      if (res.status < 200 || res.status >= 300) error = `receiver answered ${res.status}`;
    } catch (err) {
      error = controller.signal.aborted && controller.signal.reason instanceof Error ? controller.signal.reason.message : (err as Error).message;
    } finally {
      clearTimeout(timeout);
      this.inFlight.delete(controller);
    }
    if (this.stopped && error !== undefined) {
      // Shutting down mid-attempt is not the receiver's fault: release the row for the next start.
      await this.prisma.webhookDelivery.update({ where: { id: d.id }, data: { lockedUntil: null } });
      return;
    }
    await this.record(d, statusCode, error);
  }

  private async record(d: Claimed, statusCode: number | undefined, error: string | undefined): Promise<void> {
    const now = this.now();
    const attempts = d.attempts + 1;
    if (error === undefined) {
      await this.prisma.webhookDelivery.update({
        where: { id: d.id },
        data: { status: 'succeeded', attempts, lastStatusCode: statusCode ?? null, lastError: null, deliveredAt: now, nextAttemptAt: null, lockedUntil: null },
      });
      return;
    }
    const giveUp = attempts >= this.opts.maxAttempts;
    const nextAttemptAt = giveUp ? null : new Date(now.getTime() + this.backoffMs(attempts));
    if (nextAttemptAt) this.earliestRetry = Math.min(this.earliestRetry ?? Infinity, nextAttemptAt.getTime());
    this.log.warn({ deliveryId: d.id, event: d.event_type, attempts, statusCode, error, giveUp }, 'webhook delivery failed');
    await this.prisma.webhookDelivery.update({
      where: { id: d.id },
      data: { status: giveUp ? 'failed' : 'pending', attempts, lastStatusCode: statusCode ?? null, lastError: error.slice(0, 500), nextAttemptAt, lockedUntil: null },
    });
  }

  private backoffMs(attempts: number): number {
    const base = Math.min(this.opts.backoffMaxMs, this.opts.backoffBaseMs * 2 ** (attempts - 1));
    return Math.round(base * (1 + Math.random() * this.opts.jitterRatio));
  }
}
