import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SseStream } from '../../api/routes/live/sse-stream.ts';
import type { DomainEvent } from '../../core/domain/events.ts';
import { bearer, startApi, type ApiHarness } from './support/api-harness.ts';
import { SseClient } from './support/sse-client.ts';

const at = new Date('2026-11-26T10:00:00Z');
const status: DomainEvent = { type: 'connector.status', chargerId: 'CP-1', at, connector: { evseId: 1, connectorId: 1 }, status: 'Faulted', previous: 'Available' };
const fault: DomainEvent = { type: 'fault.reported', chargerId: 'CP-1', at, connector: { evseId: 1, connectorId: 1 }, fault: { source: 'status', code: 'GroundFailure' } };
const meter: DomainEvent = { type: 'meter.values', chargerId: 'CP-1', at, connector: { evseId: 1, connectorId: 1 }, samples: [], transactionId: undefined };

describe('live feed (SSE over a real HTTP connection)', () => {
  let h: ApiHarness;
  let base: string;
  let admin: string;
  const clients: SseClient[] = [];
  const connect = async (headers: Record<string, string>) => {
    const c = await new SseClient(`${base}/api/live`, headers).open();
    clients.push(c);
    return c;
  };
  const scopedToken = async (permissions: string[]) =>
    (await h.app.inject({ method: 'POST', url: '/api/auth/tokens', headers: bearer(admin), payload: { name: permissions.join('+'), scope: { kind: 'permissions', permissions } } })).json().token as string;

  beforeAll(async () => {
    h = await startApi({ API_LIVE_HEARTBEAT_S: '1' });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    admin = await h.tokenFor('admin');
  });
  // Closing the app while streams are open must not hang: the live plugin ends them first (preClose).
  afterAll(async () => {
    await h?.close();
    for (const c of clients) c.close();
  });

  it('streams status changes and faults, in order, as named events', async () => {
    const c = await connect(bearer(admin));
    expect(c.status).toBe(200);
    expect(c.contentType).toMatch(/^text\/event-stream/);
    expect(await c.next()).toEqual({ event: 'ready', data: { role: 'admin' } });
    h.bus.publish(meter); // not a live event
    h.bus.publish(status);
    h.bus.publish(fault);
    expect(await c.next()).toEqual({ event: 'connector.status', data: { chargerId: 'CP-1', at: at.toISOString(), evseId: 1, connectorId: 1, status: 'Faulted', previous: 'Available' } });
    expect(await c.next()).toEqual({ event: 'fault.reported', data: expect.objectContaining({ chargerId: 'CP-1', fault: { source: 'status', code: 'GroundFailure' } }) });
    h.bus.publish({ type: 'charger.offline', chargerId: 'CP-2', at, lastSeenAt: at });
    expect(await c.next()).toEqual({ event: 'charger.offline', data: { chargerId: 'CP-2', at: at.toISOString(), lastSeenAt: at.toISOString() } });
  });

  it('sends each caller only what it may see', async () => {
    const statusOnly = await connect(bearer(await scopedToken(['live:read', 'chargers:read'])));
    const nothing = await connect(bearer(await scopedToken(['live:read'])));
    expect((await statusOnly.next()).event).toBe('ready');
    expect((await nothing.next()).event).toBe('ready');
    h.bus.publish(fault);
    h.bus.publish(status);
    h.bus.publish({ type: 'charger.offline', chargerId: 'CP-3', at, lastSeenAt: at });
    // the fault (faults:read) was skipped: the first event this client gets is the status change
    expect((await statusOnly.next()).event).toBe('connector.status');
    expect((await statusOnly.next()).event).toBe('charger.offline');
    // a caller with no read permission gets nothing but heartbeats; prove it by closing after one round trip
    h.bus.publish({ type: 'charger.booted', chargerId: 'CP-3', at, identity: { vendor: 'A', model: 'B' }, reason: undefined, registration: 'accepted' });
    expect((await statusOnly.next()).event).toBe('charger.booted');
    const received: string[] = [];
    const reading = nothing.next().then((e) => received.push(e.event), () => undefined);
    nothing.close();
    await reading;
    expect(received).toEqual([]);
  });

  it('shows command progress to roles with commands:read, never to a service specialist', async () => {
    const engineer = await connect(bearer(await h.tokenFor('support_engineer')));
    const specialist = await connect(bearer(await h.tokenFor('specialist')));
    expect((await engineer.next()).event).toBe('ready');
    expect((await specialist.next()).event).toBe('ready');
    h.bus.publish({ type: 'command.updated', chargerId: 'CP-1', at, commandId: 'c-9', kind: 'reset', status: 'sent', ticketId: undefined, requestedBy: 'user:x' });
    h.bus.publish({ type: 'ticket.updated', chargerId: 'CP-1', at, ticketId: 't-9', number: 9, status: 'open', severity: undefined, change: 'created' });
    expect(await engineer.next()).toEqual({ event: 'command.updated', data: { chargerId: 'CP-1', at: at.toISOString(), commandId: 'c-9', kind: 'reset', status: 'sent', ticketId: null } });
    expect((await engineer.next()).event).toBe('ticket.updated');
    // the specialist's first event after ready is the ticket: the command was filtered out
    expect(await specialist.next()).toMatchObject({ event: 'ticket.updated', data: { ticketId: 't-9', change: 'created' } });
  });

  it('authenticates a browser EventSource with the session cookie, and refuses without credentials', async () => {
    const c = await connect({ cookie: `cm_access=${admin}` });
    expect(c.status).toBe(200);
    expect((await c.next()).event).toBe('ready');
    const anonymous = await fetch(`${base}/api/live`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('SseStream: a slow client costs bounded memory', () => {
  class StuckSocket extends Writable {
    chunks: string[] = [];
    accept = false;
    override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void) {
      this.chunks.push(chunk.toString());
      if (this.accept) cb();
      else this.pending.push(cb);
    }
    pending: Array<() => void> = [];
    release() {
      this.accept = true;
      for (const cb of this.pending.splice(0)) cb();
    }
  }

  it('queues at most maxQueued events while the socket pushes back, drops the rest, and says how many', async () => {
    const socket = new StuckSocket({ highWaterMark: 64 });
    let droppedTotal = 0;
    const stream = new SseStream(socket, { maxQueued: 10, heartbeatMs: 60_000, onDrop: (n) => (droppedTotal += n) });
    for (let i = 0; i < 1000; i++) {
      stream.send('connector.status', { i });
      expect(stream.queued).toBeLessThanOrEqual(10);
    }
    expect(droppedTotal).toBeGreaterThan(900);
    const drained = new Promise((r) => socket.once('drain', r));
    socket.release();
    await drained;
    const text = socket.chunks.join('');
    expect(text).toContain(`event: dropped\ndata: {"dropped":${droppedTotal},`);
    // after the notice, the newest queued events follow, in order
    const after = text.slice(text.indexOf('event: dropped'));
    const indexes = [...after.matchAll(/data: \{"i":(\d+)\}/g)].map((m) => Number(m[1]));
    expect(indexes.length).toBeGreaterThan(0);
    expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
    expect(indexes.at(-1)).toBe(999);
    stream.close();
  });
});
