import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { awaitEvent } from '../../simulator/await-event.ts';
import type { VirtualCharger } from '../../simulator/virtual-charger.ts';
import { chargerAt, clusterEnv, highTemperatureCatalogue, type ClusterEnv } from './support/cluster-env.ts';
import { startNode, type ChildNode } from './support/nodes.ts';

// A worker killed between a fault's ticket and its diagnosis: the ticket would stay open and undiagnosed for
// ever. Another worker takes the whole fault response over within SELF_HEALING_TAKEOVER_S — the safety
// response not done twice, one diagnosis, the ladder once — and only one of the two survivors does.
// The operator's catalogue: HighTemperature takes the charger out of service, asks it for its status (which
// the charger, gone silent, does not answer while the first worker waits), then waits 1 s for a clear.

const TAKEOVER_S = 3;
/** the machine running the suite is shared with benchmarks: timers and process scheduling may lag this much */
const SCHEDULING_SLACK_MS = 2_000;

describe('multi-node: a worker killed while a fault is being diagnosed', { timeout: 180_000 }, () => {
  let c: ClusterEnv;
  let dir: string;
  let gw: ChildNode;
  let workers: ChildNode[];
  let charger: VirtualCharger | undefined;
  const chargerId = `MN-D-${process.pid}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chargemend-response-takeover-'));
    const catalogue = highTemperatureCatalogue(dir, { version: 'response-takeover-test', steps: ['waitForClear'], waitForClearS: 1, outOfService: true });
    c = await clusterEnv({ DIAGNOSIS_CATALOGUE_FILE: catalogue, SELF_HEALING_TAKEOVER_S: String(TAKEOVER_S) });
    let rest: ChildNode[];
    [gw, ...rest] = await Promise.all([startNode('gateway', c.env), ...['a', 'b', 'c'].map((n) => startNode('worker', { ...c.env, NODE_ID: `diag-${n}-${process.pid}` }))]);
    workers = rest;
  });
  afterAll(async () => {
    await charger?.stop();
    await c?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`killed with -9: another worker diagnoses the ticket within SELF_HEALING_TAKEOVER_S (${TAKEOVER_S} s) and finishes its response, once`, async () => {
    onTestFailed(() => console.log(workers.flatMap((w) => w.logs).filter((l) => !l.includes('"level":30') || l.includes(chargerId) || l.includes('took over')).join('\n')));
    charger = await chargerAt(gw.ocppUrl!, chargerId, '1.6', { meterValueSampleIntervalS: 86_400 });
    const ch = charger;
    // the diagnosis asks the charger for its status: from then on the charger answers nothing (socket open)
    let silence: string | undefined;
    ch.on('command', (cmd) => {
      if (cmd.action === 'TriggerMessage' && silence === undefined) silence = ch.injectFault({ kind: 'dead' });
    });
    const asked = awaitEvent(ch, 'command', (cmd) => cmd.action === 'TriggerMessage', 30_000);
    ch.injectFault({ kind: 'status-error', errorCode: 'HighTemperature', connectorId: 1, clearsBy: 'repair', faulted: false });

    const opener = await Promise.any(workers.map((w) => w.logLine(new RegExp(`"chargerId":"${chargerId}".*ticket opened`), 30_000).then(() => w)));
    await asked;
    const ticket = await c.db.prisma.ticket.findFirstOrThrow({ where: { chargerId } });
    // the first worker's response is under way: out of service done, the status check waiting for its answer
    expect(ticket.status).toBe('open');
    expect((ticket.diagnosis as { completedAt?: string }).completedAt).toBeUndefined();
    const firstAsk = await c.db.prisma.command.findFirstOrThrow({ where: { ticketId: ticket.id, kind: 'triggerMessage' } });

    await opener.kill('SIGKILL');
    const killedAt = Date.now();
    ch.clearFault(silence!);
    const survivors = workers.filter((w) => w !== opener);
    const taker = await Promise.any(
      survivors.map((w) => w.logLine(new RegExp(`"ticketId":"${ticket.id}".*took over the response to a fault whose worker stopped`), TAKEOVER_S * 1000 + SCHEDULING_SLACK_MS + 5_000).then(() => w)),
    );
    const timeline = () => c.db.prisma.ticketEvent.findMany({ where: { ticketId: ticket.id }, orderBy: { id: 'asc' } });
    const takenOver = (await timeline()).find((e) => e.type === 'response_taken_over')!;
    expect(takenOver.at.getTime() - killedAt).toBeLessThanOrEqual(TAKEOVER_S * 1000 + SCHEDULING_SLACK_MS);

    // diagnosed, then the ladder (one wait) ran and handed the ticket to dispatch
    await expect.poll(async () => (await c.db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status, { timeout: 30_000 }).toBe('awaiting_dispatch');
    const done = await c.db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    const diagnosis = done.diagnosis as { completedAt?: string; checks: Array<{ name: string; status: string; data?: { commandId?: string } }> };
    expect(diagnosis.completedAt).toBeDefined();
    expect(new Date(diagnosis.completedAt!).getTime()).toBeGreaterThan(killedAt);

    // one ticket; one takeover; the charger taken out of service once; asked for its status once more, by the taker
    expect(await c.db.prisma.ticket.count({ where: { chargerId } })).toBe(1);
    const events = await timeline();
    expect(events.filter((e) => e.type === 'response_taken_over')).toHaveLength(1);
    expect(await c.db.prisma.command.count({ where: { ticketId: ticket.id, kind: 'changeAvailability' } })).toBe(1);
    expect(events.filter((e) => e.actor === 'rule:out-of-service').map((e) => (e.detail as { status: string }).status)).toEqual(['succeeded']);
    const asks = await c.db.prisma.command.findMany({ where: { ticketId: ticket.id, kind: 'triggerMessage' }, orderBy: { requestedAt: 'asc' } });
    expect(asks.map((a) => a.id)).toEqual([firstAsk.id, expect.any(String)]);
    expect(diagnosis.checks.find((x) => x.name === 'status')?.data?.commandId).toBe(asks[1]!.id);
    const ladder = events.filter((e) => e.actor === 'rule:self-healing').map((e) => (e.type === 'status' ? `status:${(e.detail as { to: string }).to}` : e.type));
    expect(ladder).toEqual(['status:remote_action', 'waiting', 'status:awaiting_dispatch']);
    // the other survivor left it alone
    const other = survivors.find((w) => w !== taker)!;
    expect(other.logs.some((l) => l.includes(ticket.id) && l.includes('took over'))).toBe(false);
  });
});
