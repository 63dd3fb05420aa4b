import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { VirtualCharger } from '../../simulator/virtual-charger.ts';
import { chargerAt, clusterEnv, highTemperatureCatalogue, type ClusterEnv } from './support/cluster-env.ts';
import { startNode, type ChildNode } from './support/nodes.ts';

// A worker that stops in the middle of a remediation ladder: another worker drives the ladder on, from where
// the ticket's timeline says it stopped, within SELF_HEALING_TAKEOVER_S — and never alongside it.
// The operator's catalogue shortens the HighTemperature ladder to wait 4 s, clear the cache, wait 4 s (plus
// SELF_HEALING_STABLE_S = 1 s after each); the simulated fault is only cleared by a repair.

const TAKEOVER_S = 3;
/** the machine running the suite is shared with benchmarks: timers and process scheduling may lag this much */
const SCHEDULING_SLACK_MS = 2_000;
const STEPS = ['waitForClear', 'clearCache', 'waitForClear'];

describe('multi-node: a worker stopped mid-ladder', { timeout: 180_000 }, () => {
  let c: ClusterEnv;
  let dir: string;
  let gw: ChildNode;
  const workers: ChildNode[] = [];
  let killed: ChildNode | undefined;
  const chargers: VirtualCharger[] = [];

  const startWorker = async (name: string) => {
    const w = await startNode('worker', { ...c.env, NODE_ID: `${name}-${process.pid}` });
    workers.push(w);
    return w;
  };
  /** the ticket of `chargerId` once its ladder has started, and the worker driving it */
  const ladderStarted = async (chargerId: string, among: ChildNode[]) => {
    const ticket = await expect
      .poll(() => c.db.prisma.ticket.findFirst({ where: { chargerId, status: 'remote_action' } }), { timeout: 30_000 })
      .toBeTruthy()
      .then(() => c.db.prisma.ticket.findFirstOrThrow({ where: { chargerId } }));
    const line = new RegExp(`"ticketId":"${ticket.id}".*remediation ladder started`);
    const driver = await Promise.any(among.map((w) => w.logLine(line, 10_000).then(() => w)));
    return { ticket, driver, other: among.find((w) => w !== driver)! };
  };
  const timeline = (ticketId: string) => c.db.prisma.ticketEvent.findMany({ where: { ticketId }, orderBy: { id: 'asc' } });
  /** the first step's wait is under way: its note is in the timeline */
  const waiting = (ticketId: string) => expect.poll(async () => (await timeline(ticketId)).some((e) => e.type === 'waiting'), { timeout: 20_000 }).toBe(true);
  const ladderEnded = (ticketId: string) =>
    expect.poll(async () => (await c.db.prisma.ticket.findUniqueOrThrow({ where: { id: ticketId } })).status, { timeout: 40_000 }).toBe('awaiting_dispatch');
  /** the ladder ran once, each step once: a wait, the cache cleared once, a wait, then dispatch */
  const ranOnce = async (ticketId: string) => {
    const events = await timeline(ticketId);
    const ladder = events.filter((e) => e.actor === 'rule:self-healing');
    expect(ladder.map((e) => (e.type === 'status' ? `status:${(e.detail as { to: string }).to}` : e.type))).toEqual([
      'status:remote_action',
      'waiting',
      'remediation_taken_over',
      'auto_action',
      'waiting',
      'status:awaiting_dispatch',
    ]);
    expect(await c.db.prisma.command.count({ where: { ticketId, kind: 'clearCache' } })).toBe(1);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chargemend-takeover-'));
    const catalogue = highTemperatureCatalogue(dir, { version: 'takeover-test', steps: STEPS, waitForClearS: 4, outOfService: false });
    c = await clusterEnv({ DIAGNOSIS_CATALOGUE_FILE: catalogue, SELF_HEALING_TAKEOVER_S: String(TAKEOVER_S) });
    [gw] = await Promise.all([startNode('gateway', c.env), startWorker('ladder-a'), startWorker('ladder-b')]);
  });
  afterAll(async () => {
    await Promise.all(chargers.map((ch) => ch.stop()));
    await c?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`killed with -9: the other worker takes the ladder over within SELF_HEALING_TAKEOVER_S (${TAKEOVER_S} s) and drives it on from where it stopped`, async () => {
    onTestFailed(() => console.log(workers.flatMap((w) => w.logs).filter((l) => !l.includes('"level":30') || l.includes('ladder')).join('\n')));
    const chargerId = `MN-L1-${process.pid}`;
    const charger = await chargerAt(gw.ocppUrl!, chargerId, '1.6', { meterValueSampleIntervalS: 86_400 });
    chargers.push(charger);
    charger.injectFault({ kind: 'status-error', errorCode: 'HighTemperature', connectorId: 1, clearsBy: 'repair', faulted: false });
    const { ticket, driver, other } = await ladderStarted(chargerId, workers.slice(0, 2));
    await waiting(ticket.id);

    killed = driver;
    await driver.kill('SIGKILL');
    const killedAt = Date.now();
    await other.logLine(new RegExp(`"ticketId":"${ticket.id}".*took over a remediation ladder whose worker stopped`), TAKEOVER_S * 1000 + SCHEDULING_SLACK_MS + 5_000);
    const takenOver = (await timeline(ticket.id)).find((e) => e.type === 'remediation_taken_over')!;
    expect(takenOver.at.getTime() - killedAt).toBeLessThanOrEqual(TAKEOVER_S * 1000 + SCHEDULING_SLACK_MS);
    // the first wait was under way: it goes on for what is left of it, then the next step
    expect(takenOver.detail).toMatchObject({ next: 'clearCache' });

    await ladderEnded(ticket.id);
    await ranOnce(ticket.id);
  });

  it('frozen, then thawed after the takeover: it finds its claim gone and drives nothing more', async () => {
    onTestFailed(() => console.log(workers.flatMap((w) => w.logs).filter((l) => !l.includes('"level":30') || l.includes('ladder')).join('\n')));
    // two live workers again
    await startWorker('ladder-c');
    const among = workers.filter((w) => w !== killed);
    expect(among).toHaveLength(2);

    const chargerId = `MN-L2-${process.pid}`;
    const charger = await chargerAt(gw.ocppUrl!, chargerId, '1.6', { meterValueSampleIntervalS: 86_400 });
    chargers.push(charger);
    charger.injectFault({ kind: 'status-error', errorCode: 'HighTemperature', connectorId: 1, clearsBy: 'repair', faulted: false });
    const { ticket, driver, other } = await ladderStarted(chargerId, among);
    await waiting(ticket.id);

    driver.freeze();
    await other.logLine(new RegExp(`"ticketId":"${ticket.id}".*took over a remediation ladder whose worker stopped`), TAKEOVER_S * 1000 + SCHEDULING_SLACK_MS + 5_000);
    driver.thaw();
    await driver.logLine(new RegExp(`"ticketId":"${ticket.id}".*lost the claim on a remediation ladder`));

    await ladderEnded(ticket.id);
    await ranOnce(ticket.id);
  });
});
