import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { VirtualCharger } from '../../simulator/virtual-charger.ts';
import { chargerAt, clusterEnv, loginAs, type ClusterEnv } from './support/cluster-env.ts';
import { startNode, type ChildNode } from './support/nodes.ts';

// Firmware campaigns in a deployment with two api nodes: each campaign is held by the node running it
// under a lease (JOB_LEASE_MS). Restarting the other api node leaves it running; killing the node that
// runs it leaves it paused on the other node, with a reason naming the dead node, the outcomes of the
// updates under way recorded, and the rest sent once a person resumes it — no charger twice.
// Chargers download the image from a gate the test holds, so an update stays under way as long as needed.

const LEASE_MS = 1_500;

/** Serves the firmware image; while held, each download stays open until release(). */
class FirmwareGate {
  requests = 0;
  private head = '';
  private held = false;
  private readonly waiting = new Set<() => void>();
  readonly server = createServer((_req, res) => {
    this.requests++;
    this.serve(res);
  });

  hold(version: string): void {
    this.head = `CHARGEMEND-FIRMWARE ${version}\n`;
    this.held = true;
  }

  release(): void {
    this.held = false;
    for (const finish of this.waiting) finish();
    this.waiting.clear();
  }

  private serve(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.write(this.head);
    // a byte a second keeps the charger's download from timing out while it is held
    const trickle = setInterval(() => res.write('x'), 1_000);
    const finish = () => {
      clearInterval(trickle);
      res.end('x'.repeat(4096));
    };
    if (this.held) this.waiting.add(finish);
    else finish();
  }
}

describe('multi-node: firmware campaigns held by their api node under a lease', { timeout: 180_000 }, () => {
  const gate = new FirmwareGate();
  let c: ClusterEnv;
  let gw: ChildNode;
  let apiA: ChildNode;
  let apiB: ChildNode;
  let token: string;
  const chargers = new Map<string, VirtualCharger>();
  const ids = [1, 2, 3, 4].map((n) => `ML-${process.pid}-${n}`);

  const call = async (api: ChildNode, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${api.httpUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as { id: string; status: string } };
  };
  const upload = async (api: ChildNode, version: string) => {
    const res = await fetch(`${api.httpUrl}/api/firmware?version=${version}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      body: Buffer.from(`CHARGEMEND-FIRMWARE ${version}\n${'x'.repeat(4096)}`),
    });
    expect(res.status).toBeLessThan(300);
    return ((await res.json()) as { id: string }).id;
  };
  const campaign = (id: string) => c.db.prisma.firmwareCampaign.findUniqueOrThrow({ where: { id }, include: { items: { orderBy: [{ wave: 'asc' }, { chargerId: 'asc' }] } } });
  /** UpdateFirmware commands per charger for that version */
  const updatesSent = async (version: string) => {
    const rows = await c.db.prisma.command.findMany({ where: { kind: 'updateFirmware', chargerId: { in: ids }, params: { path: ['version'], equals: version } }, select: { chargerId: true } });
    return Object.fromEntries(ids.map((id) => [id, rows.filter((r) => r.chargerId === id).length]));
  };
  const once = Object.fromEntries(ids.map((id) => [id, 1]));

  beforeAll(async () => {
    await new Promise<void>((resolve) => gate.server.listen(0, '127.0.0.1', resolve));
    const { port } = gate.server.address() as AddressInfo;
    c = await clusterEnv({ JOB_LEASE_MS: String(LEASE_MS), PUBLIC_URL: `http://127.0.0.1:${port}` });
    [gw, apiA, apiB] = await Promise.all([startNode('gateway', c.env), startNode('api', c.env), startNode('api', c.env), startNode('worker', c.env)]);
    token = await loginAs(c.db, apiA.httpUrl!, 'admin');
    for (const [i, id] of ids.entries()) chargers.set(id, await chargerAt(gw.ocppUrl!, id, i % 2 === 0 ? '1.6' : '2.0.1'));
  });
  afterAll(async () => {
    gate.release();
    await Promise.all([...chargers.values()].map((ch) => ch.stop()));
    await c?.close();
    gate.server.closeAllConnections();
    await new Promise<void>((resolve) => gate.server.close(() => resolve()));
  });

  it('a campaign running on api node A keeps running, untouched, while api node B restarts', async () => {
    onTestFailed(() => console.log([...apiA.logs, ...apiB.logs].filter((l) => !l.includes('"level":30')).join('\n')));
    gate.hold('5.0.0');
    const imageId = await upload(apiA, '5.0.0');
    const created = await call(apiA, 'POST', '/api/firmware/campaigns', { imageId, filter: { ids }, canaryPercent: 25, waveSize: 3, pauseS: 0, maxFailureRate: 0 });
    expect(created.status).toBe(202);
    const id = created.body.id;
    // the canary is downloading, held at the gate
    await expect.poll(() => gate.requests, { timeout: 20_000 }).toBe(1);
    expect(await campaign(id)).toMatchObject({ status: 'running', ownerNode: apiA.nodeId, currentWave: 0 });

    await apiB.kill('SIGTERM');
    apiB = await startNode('api', c.env);
    const afterRestart = await campaign(id);
    expect(afterRestart).toMatchObject({ status: 'running', statusReason: null, ownerNode: apiA.nodeId, items: [{ status: 'sent' }, { status: 'pending' }, { status: 'pending' }, { status: 'pending' }] });
    // two lease lengths more, node B checking every third of one: node A's renewals keep the campaign its own
    await expect.poll(async () => (await campaign(id)).leaseExpiresAt!.getTime(), { timeout: 20_000 }).toBeGreaterThan(afterRestart.leaseExpiresAt!.getTime() + 2 * LEASE_MS);
    expect(await campaign(id)).toMatchObject({ status: 'running', statusReason: null, ownerNode: apiA.nodeId });

    gate.release();
    await expect.poll(async () => (await campaign(id)).status, { timeout: 60_000 }).toBe('completed');
    expect((await campaign(id)).items.map((i) => i.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect(await updatesSent('5.0.0')).toEqual(once);
    expect((await c.db.prisma.charger.findMany({ where: { id: { in: ids } } })).map((ch) => ch.firmwareVersion)).toEqual(Array(ids.length).fill('5.0.0'));
    expect(apiB.logs.filter((l) => l.includes('firmware campaigns paused'))).toEqual([]);
  });

  it('api node A killed mid-wave: node B pauses its campaign naming A, records the updates A sent, and once resumed sends the rest, no charger twice', async () => {
    onTestFailed(() => console.log(apiB.logs.filter((l) => !l.includes('"level":30')).join('\n')));
    gate.hold('6.0.0');
    const imageId = await upload(apiA, '6.0.0');
    const before = gate.requests;
    const created = await call(apiA, 'POST', '/api/firmware/campaigns', { imageId, filter: { ids }, canaryPercent: 0, waveSize: 2, pauseS: 0, maxFailureRate: 0 });
    expect(created.status).toBe(202);
    const id = created.body.id;
    // wave 0: both updates on their way, their commands recorded
    await expect.poll(() => gate.requests - before, { timeout: 20_000 }).toBe(2);
    await expect.poll(async () => (await campaign(id)).items.filter((i) => i.wave === 0 && i.commandId !== null).length, { timeout: 10_000 }).toBe(2);

    await apiA.kill('SIGKILL');
    await expect.poll(async () => (await campaign(id)).status, { timeout: 20_000 }).toBe('paused');
    await apiB.logLine(/firmware campaigns paused: the node running them stopped/);
    const paused = await campaign(id);
    expect(paused).toMatchObject({ ownerNode: apiB.nodeId, statusReason: `paused: node ${apiA.nodeId}, which was running it, stopped (its lease ran out); resume it once the fleet has reconnected` });
    expect(paused.items.map((i) => `${i.wave}:${i.status}`)).toEqual(['0:sent', '0:sent', '1:pending', '1:pending']);

    // the chargers of wave 0 finish: node B records it; nothing further goes out while paused
    gate.release();
    await expect.poll(async () => (await campaign(id)).items.map((i) => i.status), { timeout: 60_000 }).toEqual(['succeeded', 'succeeded', 'pending', 'pending']);
    expect((await campaign(id)).status).toBe('paused');

    const resumed = await call(apiB, 'POST', `/api/firmware/campaigns/${id}/resume`);
    expect(resumed).toMatchObject({ status: 200, body: { status: 'running' } });
    await expect.poll(async () => (await campaign(id)).status, { timeout: 60_000 }).toBe('completed');
    expect((await campaign(id)).items.map((i) => i.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect(await updatesSent('6.0.0')).toEqual(once);
  });
});
