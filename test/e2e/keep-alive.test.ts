import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { eventually } from '../support/ocpp-client.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

// The gateway's WebSocket pings (gateway/keep-alive.ts): a charger whose socket stays open but that no longer
// answers (power or network lost without a close) is disconnected; one that answers is left alone.

const INTERVAL_S = 0.3;

describe('WebSocket keep-alive', () => {
  let rt: TestRuntime;

  beforeAll(async () => {
    rt = await startTestRuntime({ OCPP_PING_INTERVAL_S: String(INTERVAL_S), OCPP_UNKNOWN_CHARGERS: 'auto-register' });
  });
  afterAll(async () => {
    await rt.close();
  });

  /** a bare OCPP 1.6 socket; `autoPong: false` plays a charger that has gone silent */
  async function open(id: string, autoPong: boolean): Promise<WebSocket> {
    const ws = new WebSocket(`${rt.ocppUrl}/${id}`, 'ocpp1.6', { autoPong });
    await once(ws, 'open');
    await eventually(() => rt.gateway.connections.get(id) !== undefined, 5_000, `${id} in the connection table`);
    return ws;
  }

  async function pings(ws: WebSocket, n: number): Promise<void> {
    for (let i = 0; i < n; i++) await once(ws, 'ping');
  }

  it('keeps pinging a charger that answers, and leaves it connected', async () => {
    const ws = await open('KA-ALIVE', true);
    // three pings answered: three intervals with the socket up
    await pings(ws, 3);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    expect(rt.gateway.connections.get('KA-ALIVE')).toBeDefined();
    ws.close();
    await once(ws, 'close');
  });

  it('closes the socket of a charger that stops answering pings and records the disconnect', async () => {
    const ws = await open('KA-SILENT', false);
    const closed = once(ws, 'close');
    await pings(ws, 1);
    const [code] = (await closed) as [number];
    // terminated, not closed politely: the peer is taken for gone
    expect(code).toBe(1006);
    await eventually(() => rt.gateway.connections.get('KA-SILENT') === undefined, 5_000, 'connection dropped from the table');
    await eventually(
      async () => (await rt.db.prisma.chargerConnection.count({ where: { chargerId: 'KA-SILENT', disconnectedAt: { not: null } } })) === 1,
      5_000,
      'disconnect recorded',
    );
  });
});
