import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { awaitEvent } from '../../simulator/await-event.ts';
import type { OcppVersion } from '../../simulator/config.ts';
import type { VirtualCharger } from '../../simulator/virtual-charger.ts';
import { createTestDatabase, type TestDatabase } from '../support/pg.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { bootedCharger } from '../support/sim.ts';

// The simulator against the real gateway: what a charger tells us lands where it should.
describe.each(['1.6', '2.0.1', '2.1'] as OcppVersion[])('simulated charger ⇄ gateway over OCPP %s', (version) => {
  let rt: TestRuntime;
  const chargers: VirtualCharger[] = [];
  beforeAll(async () => {
    rt = await startTestRuntime({ OCPP_UNKNOWN_CHARGERS: 'auto-register' });
  });
  afterEach(async () => {
    await Promise.all(chargers.splice(0).map((c) => c.stop()));
  });
  afterAll(() => rt.close());

  it('a charging session becomes a transaction with its energy, and meter values reach telemetry', async () => {
    const { charger: c } = await bootedCharger(rt, version, { meterValueSampleIntervalS: 10 });
    chargers.push(c);
    c.startSession(1, 'TAG-42');
    await awaitEvent(c, 'sessionStarted');
    await awaitEvent(c, 'sent', (s) => s.action === (version === '1.6' ? 'MeterValues' : 'TransactionEvent'));
    const ending = awaitEvent(c, 'sessionEnded');
    c.stopSession(1);
    const ended = await ending;
    await expect.poll(async () => (await rt.db.prisma.transaction.findFirst({ where: { chargerId: c.id } }))?.stoppedAt ?? null, { timeout: 10_000 }).not.toBeNull();
    const tx = await rt.db.prisma.transaction.findFirstOrThrow({ where: { chargerId: c.id } });
    expect(tx).toMatchObject({ evseId: 1, idToken: 'TAG-42' });
    expect(tx.meterStopWh! - tx.meterStartWh!).toBeCloseTo(ended.energyWh, 0);
    await rt.telemetry.flush();
    const latest = await rt.telemetry.latest(c.id, ['Energy.Active.Import.Register']);
    expect(latest[0]?.value).toBeGreaterThan(0);
  });

  it('DataTransfer to the charger: its vendor answers, others are unknown', async () => {
    const { charger: c } = await bootedCharger(rt, version);
    chargers.push(c);
    const ok = await rt.commands.issue({ chargerId: c.id, command: { kind: 'dataTransfer', vendorId: 'com.chargemend.sim', messageId: 'Echo', data: 'x' }, requestedBy: 'user:test' });
    expect(ok).toMatchObject({ status: 'succeeded', result: { status: 'Accepted', data: 'x' } });
    const other = await rt.commands.issue({ chargerId: c.id, command: { kind: 'dataTransfer', vendorId: 'org.other' }, requestedBy: 'user:test' });
    expect(other).toMatchObject({ status: 'rejected', error: 'the charger answered UnknownVendorId' });
  });

  it('every fault in the ground-truth log is a fault record with the same code', async () => {
    const { charger: c, truth } = await bootedCharger(rt, version);
    chargers.push(c);
    for (const errorCode of ['GroundFailure', 'ReaderFailure', 'HighTemperature'] as const) {
      c.injectFault({ kind: 'status-error', errorCode, connectorId: 1, clearsBy: 'repair' });
    }
    const injected = truth.records.filter((r) => r.event === 'injected').map((r) => (r.detail as { errorCode: string }).errorCode);
    expect(injected).toEqual(['GroundFailure', 'ReaderFailure', 'HighTemperature']);
    await expect
      .poll(async () => new Set((await rt.db.prisma.fault.findMany({ where: { chargerId: c.id } })).map((f) => f.faultClass)), { timeout: 10_000 })
      .toEqual(new Set(injected.map((code) => `ocpp16:${code}`).concat(version === '1.6' ? [] : ['status:Faulted'])));
    // 1.6 shows one error code at a time: a newer code does not clear the earlier faults
    if (version === '1.6') expect(await rt.db.prisma.fault.count({ where: { chargerId: c.id, clearedAt: { not: null } } })).toBe(0);
  });
});

describe('simulated chargers reconnect after the gateway restarts', () => {
  let db: TestDatabase;
  const chargers: VirtualCharger[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await Promise.all(chargers.map((c) => c.stop()));
    await db.drop();
  });

  it('they come back online on the new process without a reboot', async () => {
    const env = { OCPP_UNKNOWN_CHARGERS: 'auto-register', DATABASE_URL: db.url };
    const first = await startTestRuntime(env, { embedded: true });
    const port = String(new URL(first.ocppUrl).port);
    for (const v of ['1.6', '2.0.1', '2.1'] as const) chargers.push((await bootedCharger(first, v)).charger);
    const reconnected = chargers.map((c) => awaitEvent(c, 'connected', () => true, 20_000));
    let boots = 0;
    for (const c of chargers) c.on('booted', () => boots++);
    await first.close();
    const second = await startTestRuntime({ ...env, OCPP_PORT: port }, { embedded: true });
    try {
      await Promise.all(reconnected);
      await expect.poll(async () => (await second.db.prisma.charger.count({ where: { online: true } })), { timeout: 10_000 }).toBe(3);
      // a reconnect is not a reboot: no second BootNotification
      expect(boots).toBe(0);
    } finally {
      await second.close();
    }
  });
});
