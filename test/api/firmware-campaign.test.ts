import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignClock } from '../../core/campaigns/campaign-clock.ts';
import { CampaignRunner } from '../../core/campaigns/campaign-runner.ts';
import { planWaves, waveVerdict } from '../../core/campaigns/wave-plan.ts';
import { CommandError } from '../../core/commands/command-errors.ts';
import type { CommandRecord, IssueCommand } from '../../core/commands/command-service.ts';
import type { Prisma } from '../../core/db/generated/client.ts';
import { createUser } from '../../core/users/create-user.ts';
import type { Role } from '../../core/users/permissions.ts';
import type { VirtualCharger } from '../../simulator/virtual-charger.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { bootedCharger } from '../support/sim.ts';
import { startApi, type ApiHarness } from './support/api-harness.ts';

// Firmware campaigns: the wave logic on a controlled clock (a fake command service, outcomes published
// as command.updated events), then end to end with simulated chargers that really download, install and
// reboot — and chargers that are dead.

describe('wave plan', () => {
  it.each([
    { n: 10, canary: 10, size: 3, waves: [1, 3, 3, 3] },
    { n: 10, canary: 5, size: 4, waves: [1, 4, 4, 1] },
    { n: 100, canary: 5, size: 50, waves: [5, 50, 45] },
    { n: 6, canary: 0, size: 2, waves: [2, 2, 2] },
    { n: 3, canary: 100, size: 2, waves: [3] },
    { n: 1, canary: 5, size: 10, waves: [1] },
  ])('$n chargers, canary $canary %, waves of $size → $waves', ({ n, canary, size, waves }) => {
    const ids = Array.from({ length: n }, (_, i) => `CP-${String(i).padStart(3, '0')}`);
    const plan = planWaves(ids, canary, size);
    expect(plan.map((w) => w.length)).toEqual(waves);
    expect(plan.flat()).toEqual(ids);
  });

  it('halts as soon as the failures alone pass the threshold, completes when every charger has its outcome', () => {
    expect(waveVerdict({ total: 4, succeeded: 0, failed: 1 }, 0.25)).toBe('under-way');
    expect(waveVerdict({ total: 4, succeeded: 0, failed: 2 }, 0.25)).toBe('halt');
    expect(waveVerdict({ total: 4, succeeded: 3, failed: 1 }, 0.25)).toBe('complete');
    expect(waveVerdict({ total: 4, succeeded: 3, failed: 1 }, 0)).toBe('halt');
    expect(waveVerdict({ total: 4, succeeded: 0, failed: 4 }, 1)).toBe('complete');
    expect(waveVerdict({ total: 4, succeeded: 2, failed: 2 }, 0.25, true)).toBe('complete');
  });
});

/** Time that moves only when the test says so. */
class ManualClock implements CampaignClock {
  ms = Date.parse('2026-11-26T10:00:00Z');
  private timers: Array<{ at: number; fn: () => void }> = [];
  now = (): Date => new Date(this.ms);
  after = (ms: number, fn: () => void): (() => void) => {
    const t = { at: this.ms + ms, fn };
    this.timers.push(t);
    return () => {
      this.timers = this.timers.filter((x) => x !== t);
    };
  };
  advance(ms: number): void {
    this.ms += ms;
    const due = this.timers.filter((t) => t.at <= this.ms).sort((a, b) => a.at - b.at);
    this.timers = this.timers.filter((t) => t.at > this.ms);
    for (const t of due) t.fn();
  }
}

describe('campaign runner on a controlled clock', () => {
  let h: ApiHarness;
  let runner: CampaignRunner;
  const clock = new ManualClock();
  const offline = new Set<string>();
  const issued: CommandRecord[] = [];
  const requester = { actor: 'user:00000000-0000-4000-8000-000000000001', actorLabel: 'lead@example.com', actorRole: 'supervisor', via: 'session' as const };
  const image = { id: randomUUID(), url: 'http://cms.test/firmware/x/fw-2.0.bin', version: '2.0', model: null };
  /** one process: the same owner before and after a restart */
  const lease = { owner: 'local', leaseMs: 30_000 };

  const commands = {
    async issue(input: IssueCommand): Promise<CommandRecord> {
      if (offline.has(input.chargerId)) throw new CommandError('COMMAND_CHARGER_OFFLINE');
      const row = await h.db.prisma.command.create({
        data: { chargerId: input.chargerId, kind: input.command.kind, params: input.command as Prisma.InputJsonValue, status: 'accepted', requestedBy: input.requestedBy, sentAt: clock.now() },
      });
      issued.push(row);
      return row;
    },
  };
  const settled = () => runner.idle();
  /** chargers sent the update so far, wave by wave (within a wave they go out concurrently) */
  const sentTo = (from = 0) => issued.slice(from).map((c) => c.chargerId).sort();
  /** the charger reports its outcome: the command's row changes and command.updated is published */
  const finish = async (chargerId: string, status: 'succeeded' | 'failed') => {
    const cmd = issued.find((c) => c.chargerId === chargerId)!;
    await h.db.prisma.command.update({ where: { id: cmd.id }, data: { status, error: status === 'failed' ? 'the charger reported DownloadFailed' : null, completedAt: clock.now() } });
    h.bus.publish({ type: 'command.updated', chargerId, at: clock.now(), commandId: cmd.id, kind: cmd.kind, status, ticketId: undefined, requestedBy: cmd.requestedBy });
    await settled();
  };
  const campaign = (id: string) => h.db.prisma.firmwareCampaign.findUniqueOrThrow({ where: { id } });
  const advance = async (ms: number) => {
    clock.advance(ms);
    await settled();
  };

  beforeAll(async () => {
    h = await startApi();
    const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(2, '0')}`);
    await h.db.prisma.charger.createMany({ data: [...ids('U1', 10).map((id) => ({ id, model: 'U1' })), ...ids('U2', 6).map((id) => ({ id, model: 'U2' }))] });
    runner = new CampaignRunner({ prisma: h.db.prisma, commands, bus: h.bus, clock, now: clock.now, sendConcurrency: 3, lease, log: pino({ level: 'silent' }) });
    await runner.start();
  });
  afterAll(async () => {
    await runner?.stop();
    await h?.close();
  });

  it('sends the canary, waits for it and the pause, rolls out waves, halts on failures and resumes when a person accepts them', async () => {
    const c = await runner.create({ image, filter: { model: 'U1' }, canaryPercent: 10, waveSize: 3, pauseS: 60, maxFailureRate: 0.34, requester });
    await settled();
    expect(c.waves).toBe(4);
    expect(sentTo()).toEqual(['U1-00']);

    await finish('U1-00', 'succeeded');
    expect(await campaign(c.id)).toMatchObject({ status: 'running', currentWave: 0, nextWaveAt: new Date(clock.ms + 60_000) });
    await advance(59_000);
    expect(sentTo()).toEqual(['U1-00']);
    await advance(1_000);
    expect(sentTo(1)).toEqual(['U1-01', 'U1-02', 'U1-03']);

    // 1 of 3 failed: 33 % is within 34 %
    await finish('U1-01', 'failed');
    await finish('U1-02', 'succeeded');
    await finish('U1-03', 'succeeded');
    expect((await campaign(c.id)).status).toBe('running');
    await advance(60_000);
    expect(sentTo(4)).toEqual(['U1-04', 'U1-05', 'U1-06']);

    // 2 of 3 failed: halted at once, without waiting for the third
    await finish('U1-04', 'failed');
    expect((await campaign(c.id)).status).toBe('running');
    await finish('U1-05', 'failed');
    expect(await campaign(c.id)).toMatchObject({ status: 'halted', statusReason: 'wave 2: 2 of 3 chargers failed (66.7 % > 34 %)', nextWaveAt: null });
    await advance(3_600_000);
    expect(sentTo()).toHaveLength(7);
    await finish('U1-06', 'succeeded'); // still recorded
    const items = await h.db.prisma.firmwareCampaignItem.findMany({ where: { campaignId: c.id }, orderBy: { chargerId: 'asc' } });
    expect(items.map((i) => `${i.chargerId}:${i.wave}:${i.status}`)).toEqual([
      'U1-00:0:succeeded', 'U1-01:1:failed', 'U1-02:1:succeeded', 'U1-03:1:succeeded', 'U1-04:2:failed',
      'U1-05:2:failed', 'U1-06:2:succeeded', 'U1-07:3:pending', 'U1-08:3:pending', 'U1-09:3:pending',
    ]);
    expect(items[1]!.error).toBe('the charger reported DownloadFailed');

    await runner.resume(c.id, 'lead@example.com');
    await settled();
    expect(await campaign(c.id)).toMatchObject({ status: 'running', statusReason: 'resumed by lead@example.com', nextWaveAt: new Date(clock.ms + 60_000) });
    await advance(60_000);
    expect(sentTo(7)).toEqual(['U1-07', 'U1-08', 'U1-09']);
    for (const id of ['U1-07', 'U1-08', 'U1-09']) await finish(id, 'succeeded');
    expect(await campaign(c.id)).toMatchObject({ status: 'completed', currentWave: 3, finishedAt: new Date(clock.ms) });

    // one audit entry per command, naming the campaign's creator and the charger
    const audit = await h.db.prisma.auditEntry.findMany({ where: { detail: { path: ['campaignId'], equals: c.id } } });
    expect(audit).toHaveLength(10);
    expect(audit[0]).toMatchObject({ actor: requester.actor, actorLabel: 'lead@example.com', action: 'command.updateFirmware', outcome: 'success' });
  });

  it('fails offline chargers at once, holds the next wave while paused, and leaves the rest pending when cancelled', async () => {
    issued.length = 0;
    offline.add('U2-01');
    const c = await runner.create({ image, filter: { model: 'U2' }, canaryPercent: 0, waveSize: 2, pauseS: 30, maxFailureRate: 0.5, requester });
    await settled();
    expect(sentTo()).toEqual(['U2-00']);
    const offlineItem = await h.db.prisma.firmwareCampaignItem.findFirstOrThrow({ where: { campaignId: c.id, chargerId: 'U2-01' } });
    expect(offlineItem).toMatchObject({ status: 'failed', error: expect.stringMatching(/^COMMAND_CHARGER_OFFLINE/) });

    await finish('U2-00', 'succeeded'); // 1 of 2 failed: 50 % is not above 50 %
    await runner.pause(c.id, 'lead@example.com');
    await expect(runner.pause(c.id, 'lead@example.com')).rejects.toMatchObject({ code: 'CAMPAIGN_INVALID_TRANSITION' });
    await advance(120_000);
    expect(sentTo()).toEqual(['U2-00']);

    await runner.resume(c.id, 'lead@example.com');
    await advance(0); // the pause after the wave is long over
    expect(sentTo(1)).toEqual(['U2-02', 'U2-03']);
    await runner.cancel(c.id, 'lead@example.com');
    await finish('U2-02', 'succeeded');
    await advance(120_000);
    expect(sentTo()).toHaveLength(3);
    const items = await h.db.prisma.firmwareCampaignItem.findMany({ where: { campaignId: c.id }, orderBy: { chargerId: 'asc' } });
    expect(items.map((i) => i.status)).toEqual(['succeeded', 'failed', 'succeeded', 'sent', 'pending', 'pending']);
    expect(await campaign(c.id)).toMatchObject({ status: 'cancelled', statusReason: 'cancelled by lead@example.com' });
    await expect(runner.resume(c.id, 'x')).rejects.toMatchObject({ code: 'CAMPAIGN_INVALID_TRANSITION' });
    await expect(runner.cancel(randomUUID(), 'x')).rejects.toMatchObject({ code: 'CAMPAIGN_NOT_FOUND' });
  });

  it('after a restart, pauses the campaigns that were running and still records the outcomes of updates under way', async () => {
    issued.length = 0;
    offline.clear();
    const c = await runner.create({ image, filter: { model: 'U2' }, canaryPercent: 0, waveSize: 3, pauseS: 10, maxFailureRate: 0.5, requester });
    await settled();
    expect(sentTo()).toEqual(['U2-00', 'U2-01', 'U2-02']);
    await runner.stop(); // the process stops; a new one starts on the same database
    runner = new CampaignRunner({ prisma: h.db.prisma, commands, bus: h.bus, clock, now: clock.now, sendConcurrency: 3, lease, log: pino({ level: 'silent' }) });
    await runner.start();
    expect(await campaign(c.id)).toMatchObject({ status: 'paused', statusReason: expect.stringContaining('restart') });
    for (const id of ['U2-00', 'U2-01', 'U2-02']) await finish(id, 'succeeded');
    await advance(60_000);
    expect(sentTo()).toHaveLength(3);
    await runner.resume(c.id, 'lead@example.com');
    await advance(0);
    expect(sentTo(3)).toEqual(['U2-03', 'U2-04', 'U2-05']);
    await runner.cancel(c.id, 'lead@example.com');
  });

  it('refuses an image built for another model than the filter names, and a filter that selects nothing', async () => {
    await expect(runner.create({ image: { ...image, model: 'U1' }, filter: { online: true }, canaryPercent: 5, waveSize: 1, pauseS: 0, maxFailureRate: 0, requester })).rejects.toMatchObject({ code: 'CAMPAIGN_MODEL_MISMATCH' });
    await expect(runner.create({ image, filter: { model: 'nothing' }, canaryPercent: 5, waveSize: 1, pauseS: 0, maxFailureRate: 0, requester })).rejects.toMatchObject({ code: 'FLEET_NO_CHARGERS' });
  });
});

const PASSWORD = 'correct horse battery staple';

describe('firmware campaigns end to end (simulated chargers)', () => {
  let rt: TestRuntime;
  let n = 0;
  let lead: string;
  const chargers = new Map<string, VirtualCharger>();

  const login = async (role: Role) => {
    const email = `${role}-${++n}@example.com`;
    await createUser(rt.db.prisma, { email, name: `Test ${role}`, role, password: PASSWORD });
    const res = await fetch(`${rt.httpUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
    return ((await res.json()) as { accessToken: string }).accessToken;
  };
  const call = async (method: string, path: string, body?: unknown, token = lead) => {
    const res = await fetch(rt.httpUrl + path, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: (await res.json()) as any };
  };
  const uploadImage = async (version: string, model?: string) => {
    const res = await fetch(`${rt.httpUrl}/api/firmware?version=${version}${model ? `&model=${model}` : ''}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${lead}`, 'content-type': 'application/octet-stream' },
      body: Buffer.from(`CHARGEMEND-FIRMWARE ${version}\n${'x'.repeat(4096)}`),
    });
    return ((await res.json()) as { id: string }).id;
  };
  const fleet = async (prefix: string, model: string, count: number) => {
    for (let i = 0; i < count; i++) {
      const id = `${prefix}-${i}`;
      chargers.set(id, (await bootedCharger(rt, i % 2 ? '1.6' : '2.0.1', { id, model })).charger);
    }
  };
  const until = async (id: string, statuses: string[]) => {
    await expect.poll(async () => (await call('GET', `/api/firmware/campaigns/${id}`)).body.status, { timeout: 30_000, interval: 100 }).toSatisfy((s: string) => statuses.includes(s));
    return (await call('GET', `/api/firmware/campaigns/${id}`)).body;
  };

  beforeAll(async () => {
    rt = await startTestRuntime({ OCPP_UNKNOWN_CHARGERS: 'auto-register', OCPP_COMMAND_TIMEOUT_MS: '3000' });
    lead = await login('supervisor');
  });
  afterAll(async () => {
    await Promise.all([...chargers.values()].map((c) => c.stop()));
    await rt?.close();
  });

  it('installs on the canary first, then wave after wave, and completes', async () => {
    await fleet('CampE', 'CampE', 5);
    const imageId = await uploadImage('4.0.0', 'CampE');
    const mismatch = await call('POST', '/api/firmware/campaigns', { imageId, filter: { online: true } });
    expect({ status: mismatch.status, code: mismatch.body.code }).toEqual({ status: 422, code: 'CAMPAIGN_MODEL_MISMATCH' });
    const engineer = await call('POST', '/api/firmware/campaigns', { imageId, filter: { model: 'CampE' } }, await login('support_engineer'));
    expect(engineer.status).toBe(403);

    const res = await call('POST', '/api/firmware/campaigns', { imageId, filter: { model: 'CampE' }, canaryPercent: 20, waveSize: 2, pauseS: 0, maxFailureRate: 0.5 });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'running', version: '4.0.0', waves: 3, perWave: [{ wave: 0, canary: true }, { wave: 1, canary: false }, { wave: 2, canary: false }] });
    const done = await until(res.body.id, ['completed', 'halted']);
    expect(done).toMatchObject({ status: 'completed', progress: { pending: 0, sent: 0, succeeded: 5, failed: 0 } });

    // each wave began only after the previous one ended
    type Item = { wave: number; sentAt: string; finishedAt: string };
    const waves = [0, 1, 2].map((w) => (done.items as Item[]).filter((i) => i.wave === w));
    expect(waves.map((w) => w.length)).toEqual([1, 2, 2]);
    for (const w of [1, 2]) {
      const previousEnd = Math.max(...waves[w - 1]!.map((i) => Date.parse(i.finishedAt)));
      expect(Math.min(...waves[w]!.map((i) => Date.parse(i.sentAt)))).toBeGreaterThanOrEqual(previousEnd);
    }
    const versions = await rt.db.prisma.charger.findMany({ where: { model: 'CampE' }, select: { firmwareVersion: true } });
    expect(versions.map((v) => v.firmwareVersion)).toEqual(Array(5).fill('4.0.0'));
    expect(await rt.db.prisma.auditEntry.count({ where: { action: 'command.updateFirmware', detail: { path: ['campaignId'], equals: res.body.id } } })).toBe(5);
  });

  it('halts by itself when a wave fails past the threshold, and sends nothing further', async () => {
    await fleet('CampH', 'CampH', 5);
    // the chargers of wave 1 die before the campaign starts
    const dead = ['CampH-1', 'CampH-2'];
    const gone = Promise.all(dead.map((id) => new Promise<void>((resolve) => {
      const off = rt.bus.on('charger.disconnected', (e) => {
        if (e.chargerId === id) {
          off();
          resolve();
        }
      });
    })));
    await Promise.all(dead.map((id) => chargers.get(id)!.stop()));
    for (const id of dead) chargers.delete(id);
    await gone;

    const imageId = await uploadImage('5.0.0');
    const res = await call('POST', '/api/firmware/campaigns', { imageId, filter: { model: 'CampH' }, canaryPercent: 20, waveSize: 2, pauseS: 0, maxFailureRate: 0.5 });
    const halted = await until(res.body.id, ['halted', 'completed']);
    expect(halted).toMatchObject({ status: 'halted', statusReason: 'wave 1: 2 of 2 chargers failed (100 % > 50 %)', currentWave: 1 });
    expect(halted.items.map((i: { chargerId: string; status: string }) => `${i.chargerId}:${i.status}`)).toEqual(['CampH-0:succeeded', 'CampH-1:failed', 'CampH-2:failed', 'CampH-3:pending', 'CampH-4:pending']);
    expect(halted.items[1].error).toMatch(/^COMMAND_CHARGER_OFFLINE/);
    const untouched = await rt.db.prisma.charger.findMany({ where: { id: { in: ['CampH-3', 'CampH-4'] } }, select: { firmwareVersion: true } });
    expect(untouched.map((c) => c.firmwareVersion)).toEqual(['1.0.0', '1.0.0']);
    expect(await rt.db.prisma.command.count({ where: { chargerId: { in: ['CampH-3', 'CampH-4'] } } })).toBe(0);

    const cancelled = await call('POST', `/api/firmware/campaigns/${res.body.id}/cancel`);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', statusReason: expect.stringMatching(/^cancelled by supervisor-/) });
    const again = await call('POST', `/api/firmware/campaigns/${res.body.id}/pause`);
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'CAMPAIGN_INVALID_TRANSITION' });
    const list = (await call('GET', '/api/firmware/campaigns')).body;
    expect(list.items.map((c: { id: string }) => c.id)[0]).toBe(res.body.id);
    expect(list.items[0].progress).toEqual({ pending: 2, sent: 0, succeeded: 1, failed: 2 });
  });
});
