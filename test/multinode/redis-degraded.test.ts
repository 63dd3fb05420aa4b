import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualCharger } from '../../simulator/virtual-charger.ts';
import { chargerAt, clusterEnv, freePort, loginAs, type ClusterEnv } from './support/cluster-env.ts';
import { startNode, type ChildNode } from './support/nodes.ts';

// Issue 9: Redis lost in multi-node mode → a clear degraded state (/readyz, logs), gateways keep serving
// chargers, and everything recovers without a restart. The shared Redis cannot be stopped, so these nodes
// use a Redis of their own, stopped and started again on the same port.

describe('multi-node: Redis lost and back', { timeout: 120_000 }, () => {
  let port: number;
  let redis: ChildProcess | undefined;
  let c: ClusterEnv;
  let gw: ChildNode;
  let api: ChildNode;
  let token: string;
  let charger: VirtualCharger;
  const chargerId = `MN-R-${process.pid}`;

  const startRedis = async () => {
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const out = redis.stdout!;
    await new Promise<void>((resolve, reject) => {
      out.on('data', (b: Buffer) => b.toString().includes('Ready to accept connections') && resolve());
      redis!.once('exit', (code) => reject(new Error(`redis-server exited (${code})`)));
    });
  };
  const stopRedis = async () => {
    const exited = once(redis!, 'exit');
    spawnSync('redis-cli', ['-p', String(port), 'shutdown', 'nosave']);
    await exited;
  };
  const readyz = async () => {
    const res = await fetch(`${api.httpUrl}/readyz`);
    return { status: res.status, body: (await res.json()) as { status: string; checks: Record<string, string> } };
  };
  const command = async () => {
    const res = await fetch(`${api.httpUrl}/api/chargers/${chargerId}/commands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ command: { kind: 'clearCache' } }),
    });
    return { status: res.status, body: (await res.json()) as { status?: string; detail?: string } };
  };

  beforeAll(async () => {
    port = await freePort();
    await startRedis();
    c = await clusterEnv({ REDIS_URL: `redis://127.0.0.1:${port}` });
    [gw, api] = await Promise.all([startNode('gateway', c.env), startNode('api', c.env), startNode('worker', c.env)]);
    token = await loginAs(c.db, api.httpUrl!, 'support_engineer');
    charger = await chargerAt(gw.ocppUrl!, chargerId, '1.6', { meterValueSampleIntervalS: 86_400 });
  });
  afterAll(async () => {
    await charger?.stop();
    await c?.close();
    if (redis && redis.exitCode === null) redis.kill('SIGKILL');
  });

  it('degraded: /readyz says redis down, the logs say so once, commands fail clearly, the gateway keeps serving its chargers', async () => {
    expect(await readyz()).toEqual({ status: 200, body: { status: 'ready', checks: expect.objectContaining({ database: 'up', redis: 'up' }) } });
    await stopRedis();
    for (const node of [api, gw]) await node.logLine(/Redis connection lost: running degraded/);
    expect(api.logs.filter((l) => l.includes('Redis connection lost')).length).toBe(1);

    expect(await readyz()).toMatchObject({ status: 503, body: { status: 'not-ready', checks: { redis: 'down', database: 'up' } } });
    const refused = await command();
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('Redis');

    // the charger is still served: its fault is recorded at the edge (status) and its event waits in memory
    charger.injectFault({ kind: 'status-error', errorCode: 'GroundFailure', connectorId: 1, clearsBy: 'repair', faulted: false });
    await expect.poll(async () => (await c.db.prisma.connector.findFirst({ where: { chargerId, connectorId: 1 } }))?.errorCode, { timeout: 10_000 }).toBe('GroundFailure');
    expect(await c.db.prisma.fault.count({ where: { chargerId } })).toBe(0);
  });

  it('recovers without a restart: ready again, buffered events reach the worker, commands reach the charger', async () => {
    await startRedis();
    for (const node of [api, gw]) await node.logLine(/Redis reachable again/);
    await expect.poll(async () => (await readyz()).status, { timeout: 10_000 }).toBe(200);
    // the fault published while Redis was away is now a ticket
    await expect.poll(() => c.db.prisma.ticket.count({ where: { chargerId } }), { timeout: 20_000 }).toBe(1);
    // presence was told again after the outage
    await expect.poll(async () => (await command()).body.status, { timeout: 10_000 }).toBe('succeeded');
  });
});
