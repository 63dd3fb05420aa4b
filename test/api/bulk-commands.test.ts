import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BulkCommandRunner } from '../../core/bulk/bulk-command-runner.ts';
import { createUser } from '../../core/users/create-user.ts';
import type { Role } from '../../core/users/permissions.ts';
import type { VirtualCharger } from '../../simulator/virtual-charger.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { bootedCharger } from '../support/sim.ts';
import { SseClient } from './support/sse-client.ts';

// One command to a filtered set of simulated chargers: the concurrency limit holds, every charger gets its
// own result (accepted, failed, offline), one failure stops nothing, each command is audited and its
// progress reaches the live feed.

const PASSWORD = 'correct horse battery staple';
const FINAL = new Set(['succeeded', 'rejected', 'failed', 'timed_out', 'expired']);

interface Job {
  id: string;
  status: string;
  total: number;
  progress: Record<string, number>;
  items: Array<{ chargerId: string; status: string; commandId: string | null; commandStatus: string | null; error: string | null }>;
}

describe('bulk commands', () => {
  let rt: TestRuntime;
  let n = 0;
  let supervisor: string;
  const chargers: VirtualCharger[] = [];
  const model = `BulkA${process.pid % 10_000}`;

  const login = async (role: Role) => {
    const email = `${role}-${++n}@example.com`;
    await createUser(rt.db.prisma, { email, name: `Test ${role}`, role, password: PASSWORD });
    const res = await fetch(`${rt.httpUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
    return ((await res.json()) as { accessToken: string }).accessToken;
  };
  const call = async (method: string, path: string, body?: unknown, token = supervisor) => {
    const res = await fetch(rt.httpUrl + path, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: (await res.json()) as Job & { code?: string } };
  };
  const finished = async (jobId: string): Promise<Job> => {
    await expect.poll(async () => (await call('GET', `/api/commands/bulk/${jobId}`)).body.status, { timeout: 15_000, interval: 50 }).toBe('completed');
    return (await call('GET', `/api/commands/bulk/${jobId}`)).body;
  };

  beforeAll(async () => {
    rt = await startTestRuntime({ OCPP_UNKNOWN_CHARGERS: 'auto-register', OCPP_COMMAND_TIMEOUT_MS: '3000' });
    supervisor = await login('supervisor');
    const versions = ['1.6', '2.0.1', '2.1', '2.0.1', '1.6'] as const;
    for (const [i, v] of versions.entries()) {
      // the last one answers DataTransfer for another vendor: it rejects ours
      const c = (await bootedCharger(rt, v, { id: `${model}-${i}`, model, ...(i === 4 ? { dataTransferVendorId: 'com.other' } : {}) })).charger;
      chargers.push(c);
    }
    chargers.push((await bootedCharger(rt, '2.0.1', { id: `${model}-other`, model: 'OtherModel' })).charger);
    await rt.addCharger(`${model}-offline`);
    await rt.db.prisma.charger.update({ where: { id: `${model}-offline` }, data: { model } });
  });
  afterAll(async () => {
    await Promise.all(chargers.map((c) => c.stop()));
    await rt?.close();
  });

  it('sends to every charger the filter selects, at most `concurrency` at once, with a result per charger', async () => {
    const admin = await login('admin');
    const live = await new SseClient(`${rt.httpUrl}/api/live`, { authorization: `Bearer ${admin}` }).open();
    expect((await live.next()).event).toBe('ready');

    let inFlight = 0;
    let maxInFlight = 0;
    const open = new Set<string>();
    const off = rt.bus.on('command.updated', (e) => {
      if (e.status === 'sent' && !open.has(e.commandId)) open.add(e.commandId);
      else if (e.status !== 'sent') open.delete(e.commandId);
      inFlight = open.size;
      maxInFlight = Math.max(maxInFlight, inFlight);
    });
    const res = await call('POST', '/api/commands/bulk', { filter: { model }, command: { kind: 'dataTransfer', vendorId: 'com.chargemend.sim', messageId: 'GetState' }, concurrency: 2 });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'running', total: 6 });
    expect(res.body.items.map((i) => i.chargerId)).toEqual([0, 1, 2, 3, 4].map((i) => `${model}-${i}`).concat(`${model}-offline`));

    const job = await finished(res.body.id);
    off();
    expect(maxInFlight).toBeGreaterThan(0);
    expect(maxInFlight).toBeLessThanOrEqual(2);
    expect(job.progress).toEqual({ pending: 0, sent: 0, accepted: 4, failed: 1, offline: 1 });
    const byCharger = Object.fromEntries(job.items.map((i) => [i.chargerId, i]));
    for (const i of [0, 1, 2, 3]) expect(byCharger[`${model}-${i}`]).toMatchObject({ status: 'accepted', commandStatus: 'succeeded', commandId: expect.any(String) });
    expect(byCharger[`${model}-4`]).toMatchObject({ status: 'failed', commandStatus: 'rejected', error: expect.stringContaining('UnknownVendorId') });
    expect(byCharger[`${model}-offline`]).toMatchObject({ status: 'offline', commandId: null, error: expect.stringContaining('not connected') });

    // one audit entry per command (the offline one as a failure), naming the supervisor and the charger
    const audit = await rt.db.prisma.auditEntry.findMany({ where: { action: 'command.dataTransfer', detail: { path: ['bulkJobId'], equals: job.id } } });
    expect(audit.map((a) => `${a.target} ${a.outcome} ${a.actorRole}`).sort()).toEqual(
      [0, 1, 2, 3, 4].map((i) => `charger:${model}-${i} success supervisor`).concat(`charger:${model}-offline failure supervisor`).sort(),
    );

    // the live feed carried each bulk command to its final status
    const commandIds = new Set(job.items.flatMap((i) => (i.commandId ? [i.commandId] : [])));
    const seenFinal = new Set<string>();
    while (seenFinal.size < commandIds.size) {
      const e = await live.next();
      const d = e.data as { commandId?: string; status?: string };
      if (e.event === 'command.updated' && d.commandId && commandIds.has(d.commandId) && FINAL.has(d.status ?? '')) seenFinal.add(d.commandId);
    }
    live.close();
  });

  it('takes ids and combined criteria, and lists jobs newest first', async () => {
    const res = await call('POST', '/api/commands/bulk', { filter: { ids: [`${model}-1`, `${model}-2`, `${model}-offline`], online: true }, command: { kind: 'clearCache' } });
    expect(res.body.total).toBe(2);
    const job = await finished(res.body.id);
    expect(job.items.map((i) => `${i.chargerId}:${i.status}`)).toEqual([`${model}-1:accepted`, `${model}-2:accepted`]);
    const list = (await call('GET', '/api/commands/bulk?limit=1')).body as unknown as { items: Job[]; nextCursor: string };
    expect(list.items.map((j) => j.id)).toEqual([job.id]);
    expect(list.items[0]).not.toHaveProperty('items');
    const next = (await call('GET', `/api/commands/bulk?limit=1&cursor=${list.nextCursor}`)).body as unknown as { items: Job[] };
    expect(next.items).toHaveLength(1);
  });

  it('marks a job the last process left running as interrupted, and the chargers it had not reached as failed', async () => {
    const job = await rt.db.prisma.bulkCommandJob.create({
      data: {
        command: { kind: 'clearCache' },
        filter: { model },
        concurrency: 1,
        requestedBy: 'user:x',
        requester: { via: 'session' },
        total: 3,
        // held by this process before its restart: its lease has not even run out
        ownerNode: 'local',
        leaseExpiresAt: new Date(Date.now() + 60_000),
        items: { create: [{ chargerId: `${model}-0`, status: 'accepted' }, { chargerId: `${model}-1`, status: 'sent' }, { chargerId: `${model}-2` }] },
      },
    });
    // the process starting again (one process: the same owner id)
    const runner = new BulkCommandRunner({ prisma: rt.db.prisma, commands: rt.commands, now: () => new Date(), lease: { owner: 'local', leaseMs: 30_000 }, log: pino({ level: 'silent' }) });
    expect(await runner.recover()).toBe(1);
    await runner.stop();
    const after = (await call('GET', `/api/commands/bulk/${job.id}`)).body;
    expect(after).toMatchObject({ status: 'interrupted', finishedAt: expect.any(String), progress: { pending: 0, sent: 0, accepted: 1, failed: 2, offline: 0 } });
    expect(after.items[1]!.error).toMatch(/^interrupted/);
  });

  it('refuses an empty or unmatched filter, a concurrency out of bounds, and roles without commands:bulk', async () => {
    const send = (body: unknown, token?: string) => call('POST', '/api/commands/bulk', body, token);
    const command = { kind: 'clearCache' };
    expect((await send({ filter: {}, command })).body).toMatchObject({ code: 'API_VALIDATION_FAILED' });
    expect((await send({ filter: { model, colour: 'red' }, command })).body).toMatchObject({ code: 'API_VALIDATION_FAILED' });
    expect((await send({ filter: { model }, command, concurrency: 51 })).body).toMatchObject({ code: 'API_VALIDATION_FAILED', errors: [{ path: 'body.concurrency' }] });
    const none = await send({ filter: { model: 'NoSuchModel' }, command });
    expect({ status: none.status, code: none.body.code }).toEqual({ status: 422, code: 'FLEET_NO_CHARGERS' });
    const engineer = await send({ filter: { model }, command }, await login('support_engineer'));
    expect({ status: engineer.status, code: engineer.body.code }).toEqual({ status: 403, code: 'AUTH_FORBIDDEN' });
    expect((await call('GET', '/api/commands/bulk/00000000-0000-4000-8000-000000000000')).body.code).toBe('BULK_JOB_NOT_FOUND');
  });
});
