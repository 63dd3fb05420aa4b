import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../core/domain/events.ts';
import { verifyWebhookSignature } from '../../core/webhooks/sign-webhook.ts';
import { WebhookDispatcher, type WebhookDispatcherOptions } from '../../core/webhooks/webhook-dispatcher.ts';
import { bearer, startApi, type ApiHarness } from './support/api-harness.ts';
import { WebhookReceiver } from './support/webhook-receiver.ts';

// Outbound webhooks against a local receiver: signed bodies, retries with exponential backoff on a
// controlled clock, a delivery log, giving up, surviving a restart, and a publisher that never waits.

const at = new Date('2026-11-26T10:00:00Z');
const fault: DomainEvent = { type: 'fault.reported', chargerId: 'CP-9', at, connector: { evseId: 1, connectorId: 1 }, fault: { source: 'status', code: 'GroundFailure' } };
const offline: DomainEvent = { type: 'charger.offline', chargerId: 'CP-9', at, lastSeenAt: at };

describe('webhooks', () => {
  let h: ApiHarness;
  let admin: string;
  let dispatcher: WebhookDispatcher;
  const receivers: WebhookReceiver[] = [];
  const options = (now: () => Date): WebhookDispatcherOptions => ({
    timeoutMs: 300,
    maxAttempts: 3,
    backoffBaseMs: 1_000,
    backoffMaxMs: 60_000,
    jitterRatio: 0,
    pollIntervalMs: 600_000, // the test drives the loop with drain(); timers would only add noise
    concurrency: 4,
    now,
  });
  const receiver = async (script: Array<number | 'hang'>) => {
    const r = await new WebhookReceiver(script).start();
    receivers.push(r);
    return r;
  };
  const subscribe = async (url: string, eventTypes: string[]) => {
    const res = await h.app.inject({ method: 'POST', url: '/api/webhooks', headers: bearer(admin), payload: { url, eventTypes, description: 'test receiver' } });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; secret: string };
  };
  const deliveries = async (subscriptionId: string) =>
    (await h.app.inject({ method: 'GET', url: `/api/webhooks/${subscriptionId}/deliveries`, headers: bearer(admin) })).json().items as Array<Record<string, unknown>>;

  beforeAll(async () => {
    h = await startApi({}, ({ db, bus, clock }) => {
      dispatcher = new WebhookDispatcher(db.prisma, bus, pino({ level: 'silent' }), options(clock.now));
      return { webhooks: dispatcher };
    });
    await dispatcher.start();
    admin = await h.tokenFor('admin');
  });
  afterAll(async () => {
    await dispatcher?.stop();
    for (const r of receivers) await r.stop();
    await h?.close();
  });

  it('signs the body, retries a failed delivery after the backoff, and logs every attempt', async () => {
    const r = await receiver([500, 204]);
    const sub = await subscribe(r.url, ['fault.opened']);
    expect(sub.secret).toMatch(/^whsec_/);
    // the secret is shown once: never in lists or reads
    expect(JSON.stringify((await h.app.inject({ method: 'GET', url: `/api/webhooks/${sub.id}`, headers: bearer(admin) })).json())).not.toContain(sub.secret);

    const first = r.next();
    h.bus.publish(fault);
    const hook1 = await first;
    await dispatcher.drain();
    const body = JSON.parse(hook1.body);
    expect(body).toEqual({ id: expect.any(String), type: 'fault.opened', occurredAt: at.toISOString(), data: { chargerId: 'CP-9', evseId: 1, connectorId: 1, fault: { source: 'status', code: 'GroundFailure' } } });
    expect(hook1.headers['x-chargemend-event']).toBe('fault.opened');
    expect(hook1.headers['content-type']).toBe('application/json');
    expect(hook1.headers['x-chargemend-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(sub.secret, hook1.body, hook1.headers['x-chargemend-signature'] as string, h.clock.now())).toBe(true);
    expect(verifyWebhookSignature('whsec_wrong', hook1.body, hook1.headers['x-chargemend-signature'] as string, h.clock.now())).toBe(false);
    expect(verifyWebhookSignature(sub.secret, hook1.body.replace('CP-9', 'CP-8'), hook1.headers['x-chargemend-signature'] as string, h.clock.now())).toBe(false);

    expect(await deliveries(sub.id)).toEqual([
      expect.objectContaining({ eventType: 'fault.opened', status: 'pending', attempts: 1, lastStatusCode: 500, lastError: 'receiver answered 500', nextAttemptAt: new Date(h.clock.ms + 1_000).toISOString() }),
    ]);

    h.clock.advance(999);
    await dispatcher.drain();
    expect(r.received).toHaveLength(1); // not due yet

    h.clock.advance(1);
    const second = r.next();
    await dispatcher.drain();
    const hook2 = await second;
    expect(JSON.parse(hook2.body).id).toBe(body.id); // same event id: receivers de-duplicate on it
    expect(hook2.headers['x-chargemend-delivery']).toBe(hook1.headers['x-chargemend-delivery']);
    expect(verifyWebhookSignature(sub.secret, hook2.body, hook2.headers['x-chargemend-signature'] as string, h.clock.now())).toBe(true);
    expect(await deliveries(sub.id)).toEqual([expect.objectContaining({ status: 'succeeded', attempts: 2, lastStatusCode: 204, lastError: null, deliveredAt: h.clock.now().toISOString(), nextAttemptAt: null })]);
  });

  it('backs off exponentially and gives up after the last attempt', async () => {
    const r = await receiver([503]);
    const sub = await subscribe(r.url, ['charger.offline']);
    h.bus.publish(offline);
    await h.bus.idle();
    await dispatcher.drain();
    expect((await deliveries(sub.id))[0]).toMatchObject({ attempts: 1, nextAttemptAt: new Date(h.clock.ms + 1_000).toISOString() });
    h.clock.advance(1_000);
    await dispatcher.drain();
    expect((await deliveries(sub.id))[0]).toMatchObject({ attempts: 2, nextAttemptAt: new Date(h.clock.ms + 2_000).toISOString() });
    h.clock.advance(2_000);
    await dispatcher.drain();
    expect((await deliveries(sub.id))[0]).toMatchObject({ status: 'failed', attempts: 3, nextAttemptAt: null, lastStatusCode: 503 });
    expect(r.received).toHaveLength(3);
  });

  it('sends only the subscribed event types, and nothing to paused subscriptions', async () => {
    const r = await receiver([200]);
    const sub = await subscribe(r.url, ['fault.cleared']);
    h.bus.publish(fault);
    await h.bus.idle();
    await dispatcher.drain();
    expect(await deliveries(sub.id)).toEqual([]);
    const pause = await h.app.inject({ method: 'PATCH', url: `/api/webhooks/${sub.id}`, headers: bearer(admin), payload: { active: false } });
    expect(pause.json().active).toBe(false);
    h.bus.publish({ type: 'fault.cleared', chargerId: 'CP-9', at, connector: { evseId: 1, connectorId: 1 }, fault: { source: 'status', code: undefined } });
    await h.bus.idle();
    await dispatcher.drain();
    expect(await deliveries(sub.id)).toEqual([]);
    expect(r.received).toEqual([]);
  });

  it('never makes the publisher wait: a receiver that hangs costs one timed-out attempt in the background', async () => {
    const r = await receiver(['hang']);
    const sub = await subscribe(r.url, ['charger.offline']);
    const arrived = r.next();
    h.bus.publish(offline);
    await arrived;
    // the bus handler (the enqueue) has settled although the receiver still holds the request unanswered
    await h.bus.idle();
    expect(r.received).toHaveLength(1);
    expect(await h.db.prisma.webhookDelivery.count({ where: { subscriptionId: sub.id } })).toBe(1);
    await dispatcher.drain();
    expect((await deliveries(sub.id))[0]).toMatchObject({ status: 'pending', attempts: 1, lastError: 'no answer within 300 ms', lastStatusCode: null });
    await h.app.inject({ method: 'DELETE', url: `/api/webhooks/${sub.id}`, headers: bearer(admin) });
  });

  it('turns ticket and command events into ticket.created / ticket.updated / command.completed', async () => {
    const r = await receiver([200]);
    const sub = await subscribe(r.url, ['ticket.created', 'ticket.updated', 'command.completed']);
    const ticket = { type: 'ticket.updated', chargerId: 'CP-9', at, ticketId: 't-1', number: 42, status: 'open', severity: 'high' } as const;
    const command = { type: 'command.updated', chargerId: 'CP-9', at, commandId: 'c-1', kind: 'reset', ticketId: 't-1', requestedBy: 'rule:soft-reset' } as const;
    h.bus.publish({ ...ticket, change: 'created' });
    h.bus.publish({ ...ticket, change: 'status', status: 'dispatched' });
    h.bus.publish({ ...command, status: 'accepted' }); // still running: no webhook
    h.bus.publish({ ...command, status: 'succeeded' });
    await h.bus.idle();
    await dispatcher.drain();
    const bodies = r.received.map((x) => JSON.parse(x.body) as { type: string; data: Record<string, unknown> });
    expect(bodies.map((b) => b.type).sort()).toEqual(['command.completed', 'ticket.created', 'ticket.updated']);
    expect(bodies.find((b) => b.type === 'command.completed')!.data).toEqual({ commandId: 'c-1', chargerId: 'CP-9', kind: 'reset', status: 'succeeded', ticketId: 't-1', requestedBy: 'rule:soft-reset' });
    expect(bodies.find((b) => b.type === 'ticket.created')!.data).toMatchObject({ ticketId: 't-1', number: 42, change: 'created' });
    expect((await deliveries(sub.id)).every((d) => d.status === 'succeeded')).toBe(true);
    await h.app.inject({ method: 'DELETE', url: `/api/webhooks/${sub.id}`, headers: bearer(admin) });
  });

  it('keeps queued deliveries across a restart (they live in the database)', async () => {
    const r = await receiver([500, 200]);
    const sub = await subscribe(r.url, ['fault.opened']);
    h.bus.publish(fault);
    await h.bus.idle();
    await dispatcher.drain();
    expect((await deliveries(sub.id))[0]).toMatchObject({ status: 'pending', attempts: 1 });
    await dispatcher.stop();

    dispatcher = new WebhookDispatcher(h.db.prisma, h.bus, pino({ level: 'silent' }), options(h.clock.now));
    h.clock.advance(1_000);
    const retried = r.next();
    await dispatcher.start();
    await dispatcher.drain();
    await retried;
    expect((await deliveries(sub.id))[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
  });
});
