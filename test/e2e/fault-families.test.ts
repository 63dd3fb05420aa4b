import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { awaitEvent } from '../../simulator/await-event.ts';
import type { VirtualCharger } from '../../simulator/virtual-charger.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { bootedCharger, fastCatalogueFile, ticketOf } from '../support/sim.ts';

// Each fault family the simulator can inject yields the right ticket, across the OCPP versions.
describe('fault families', () => {
  let rt: TestRuntime;
  const chargers: VirtualCharger[] = [];
  const charger = async (version: '1.6' | '2.0.1' | '2.1', o = {}) => {
    const c = (await bootedCharger(rt, version, o)).charger;
    chargers.push(c);
    return c;
  };

  beforeAll(async () => {
    rt = await startTestRuntime({
      OCPP_UNKNOWN_CHARGERS: 'auto-register',
      DIAGNOSIS_CATALOGUE_FILE: fastCatalogueFile(3),
      OCPP_HEARTBEAT_INTERVAL_S: '1',
      OCPP_OFFLINE_AFTER_HEARTBEATS: '2',
      FAULT_STUCK_AFTER_S: '1',
      FAULT_FLAPPING_CONNECTS: '3',
      FAULT_FLAPPING_WINDOW_S: '60',
    });
  });
  afterEach(async () => {
    await Promise.all(chargers.splice(0).map((c) => c.stop()));
  });
  afterAll(async () => {
    await rt.responses.idle();
    await rt.close();
  });

  it('a tamper security event (2.0.1): high, out of service, escalated', async () => {
    const c = await charger('2.0.1');
    const inoperative = c.awaitCommand('ChangeAvailability', { timeoutMs: 10_000 });
    c.injectFault({ kind: 'security', type: 'TamperDetectionActivated', techInfo: 'cabinet door opened' });
    const t = await ticketOf(rt, c.id, (x) => x.status === 'escalated');
    expect(t).toMatchObject({ faultClass: 'security:TamperDetectionActivated', severity: 'high', evseId: 0 });
    expect(await inoperative).toMatchObject({ operationalStatus: 'Inoperative' });
  });

  it('an informational security event (1.6) is recorded but opens no ticket', async () => {
    const c = await charger('1.6');
    c.injectFault({ kind: 'security', type: 'SettingSystemTime' });
    await expect.poll(() => rt.db.prisma.fault.count({ where: { chargerId: c.id, faultClass: 'security:SettingSystemTime' } })).toBe(1);
    await rt.settled();
    expect(await rt.db.prisma.ticket.count({ where: { chargerId: c.id } })).toBe(0);
  });

  it('temperature drift (1.6): readings reach telemetry, then a HighTemperature ticket that waits for a clear', async () => {
    const c = await charger('1.6');
    c.startSession(1, 'TAG');
    await awaitEvent(c, 'sessionStarted');
    c.injectFault({ kind: 'temperature-drift', connectorId: 1, ratePerMinC: 600, thresholdC: 60 });
    const t = await ticketOf(rt, c.id, () => true, 15_000);
    expect(t).toMatchObject({ faultClass: 'ocpp16:HighTemperature', severity: 'high' });
    const waiting = await ticketOf(rt, c.id, (x) => x.status === 'remote_action');
    expect(waiting.id).toBe(t.id);
    await rt.telemetry.flush();
    const temps = await rt.telemetry.latest(c.id, ['Temperature']);
    expect(temps[0]?.value).toBeGreaterThan(40);
  });

  it('a 2.1 NotifyEvent problem on an unknown component: the catch-all class, with techCode and techInfo kept', async () => {
    const c = await charger('2.1');
    c.injectFault({ kind: 'event', component: 'CoolingFan', techCode: 'FAN-07', techInfo: 'fan stalled', connectorId: 0, clearsBy: 'repair' });
    const t = await ticketOf(rt, c.id);
    expect(t.faultClass).toBe('event:*/Problem');
    const fault = await rt.db.prisma.fault.findFirstOrThrow({ where: { chargerId: c.id, source: 'event' } });
    expect(fault).toMatchObject({ code: 'CoolingFan/Problem', vendorCode: 'FAN-07', info: 'fan stalled' });
  });

  it('a flapping connection (2.1) raises the synthetic Flapping fault', async () => {
    const c = await charger('2.1');
    c.injectFault({ kind: 'flapping', upMs: 150, downMs: 50 });
    const t = await ticketOf(rt, c.id, (x) => x.faultClass === 'synthetic:Flapping', 15_000);
    expect(t).toMatchObject({ severity: 'medium', evseId: 0 });
  });

  it('a stuck connector (1.6) raises StuckConnector; UnlockConnector frees it and the ticket resolves remotely', async () => {
    const c = await charger('1.6');
    c.injectFault({ kind: 'stuck-connector', connectorId: 1, clearsBy: 'unlock' });
    const t = await ticketOf(rt, c.id, (x) => x.faultClass === 'synthetic:StuckConnector', 15_000);
    const resolved = await ticketOf(rt, c.id, (x) => x.id === t.id && x.status === 'resolved_remotely', 15_000);
    expect(resolved.resolution).toBe('cleared after automatic unlockConnector');
  });

  it('a dead charger (2.0.1: connected, silent) goes offline and gets an Offline ticket', async () => {
    const c = await charger('2.0.1');
    c.injectFault({ kind: 'dead' });
    const t = await ticketOf(rt, c.id, (x) => x.faultClass === 'synthetic:Offline' && x.status === 'awaiting_dispatch', 15_000);
    expect(t.severity).toBe('high');
    expect((await rt.db.prisma.charger.findUniqueOrThrow({ where: { id: c.id } })).online).toBe(false);
  });
});
