import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualCharger } from '../../simulator/virtual-charger.ts';
import { SseClient } from '../api/support/sse-client.ts';
import { chargerAt, clusterEnv, loginAs, type ClusterEnv } from './support/cluster-env.ts';
import { startNode, type ChildNode } from './support/nodes.ts';

// Two gateways, two api nodes and a worker as separate processes on one Redis and one PostgreSQL:
// chargers on either gateway are reachable from any api node, the live feed reaches both api nodes, and
// when a gateway dies its chargers reconnect to the other and commands keep working.

describe('multi-node: commands across gateways, live feed on every api node, gateway failover', { timeout: 120_000 }, () => {
  let c: ClusterEnv;
  let gw1: ChildNode;
  let gw2: ChildNode;
  let api1: ChildNode;
  let api2: ChildNode;
  let token: string;
  const chargers = new Map<string, VirtualCharger>();
  const ids = [1, 2, 3, 4].map((n) => `MN-${process.pid}-${n}`);

  const command = async (api: ChildNode, chargerId: string) => {
    const res = await fetch(`${api.httpUrl}/api/chargers/${chargerId}/commands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ command: { kind: 'getConfiguration', keys: ['HeartbeatInterval'] } }),
    });
    return { status: res.status, body: (await res.json()) as { status: string; error?: string | null; result?: unknown; code?: string; detail?: string } };
  };
  const presence = (chargerId: string) => c.redis.get(`${c.prefix}presence:${chargerId}`);

  beforeAll(async () => {
    c = await clusterEnv();
    [gw1, gw2, api1, api2] = await Promise.all([startNode('gateway', c.env), startNode('gateway', c.env), startNode('api', c.env), startNode('api', c.env), startNode('worker', c.env)]);
    token = await loginAs(c.db, api1.httpUrl!, 'support_engineer');
    // chargers spread over both gateways
    for (const [i, id] of ids.entries()) chargers.set(id, await chargerAt((i % 2 === 0 ? gw1 : gw2).ocppUrl!, id, i < 2 ? '1.6' : '2.0.1'));
  });
  afterAll(async () => {
    await Promise.all([...chargers.values()].map((ch) => ch.stop()));
    await c?.close();
  });

  it('prints one ready line per role', () => {
    expect(gw1.ocppUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ocpp$/);
    expect(api1.httpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(new Set([gw1.nodeId, gw2.nodeId, api1.nodeId, api2.nodeId]).size).toBe(4);
  });

  it('presence names the gateway holding each charger, and commands from either api node reach chargers on either gateway', async () => {
    for (const [i, id] of ids.entries()) expect(await presence(id)).toBe(i % 2 === 0 ? gw1.nodeId : gw2.nodeId);
    for (const api of [api1, api2]) {
      for (const id of ids) {
        const r = await command(api, id);
        expect(r.status, JSON.stringify(r.body)).toBe(202);
        expect(r.body).toMatchObject({ status: 'succeeded' });
      }
    }
    const rows = await c.db.prisma.command.findMany({ where: { chargerId: { in: ids } } });
    expect(rows).toHaveLength(8);
    expect(rows.every((r) => r.status === 'succeeded')).toBe(true);
  });

  it('the live feed of every api node sees events from every gateway', async () => {
    const headers = { authorization: `Bearer ${token}` };
    const feeds = await Promise.all([api1, api2].map((a) => new SseClient(`${a.httpUrl}/api/live`, headers).open()));
    try {
      expect(feeds.map((f) => f.status)).toEqual([200, 200]);
      const seen = feeds.map((f) => until(f, (e) => e.event === 'fault.reported' && (e.data as { chargerId: string }).chargerId === ids[1]));
      // a fault on a charger held by gateway 2
      chargers.get(ids[1]!)!.injectFault({ kind: 'status-error', errorCode: 'GroundFailure', connectorId: 1, clearsBy: 'repair' });
      await Promise.all(seen);
    } finally {
      for (const f of feeds) f.close();
    }
  });

  it('a gateway killed with -9: commands say which node is gone; its chargers reconnect to the other gateway and commands work again', async () => {
    const moved = ids.filter((_, i) => i % 2 === 0);
    await gw1.kill('SIGKILL');
    const orphan = await command(api1, moved[0]!);
    expect(orphan.status).toBe(202);
    expect(orphan.body.status).toBe('failed');
    expect(orphan.body.error).toContain(`gateway node ${gw1.nodeId}`);

    // no load balancer in tests: the chargers come back on the surviving gateway's URL
    for (const id of moved) {
      await chargers.get(id)!.stop();
      chargers.set(id, await chargerAt(gw2.ocppUrl!, id, ids.indexOf(id) < 2 ? '1.6' : '2.0.1'));
    }
    for (const id of ids) expect(await presence(id)).toBe(gw2.nodeId);
    for (const id of ids) expect((await command(api2, id)).body).toMatchObject({ status: 'succeeded' });
  });
});

async function until(feed: SseClient, match: (e: { event: string; data: unknown }) => boolean): Promise<void> {
  for (;;) if (match(await feed.next())) return;
}
