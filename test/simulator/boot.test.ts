import { describe, expect, it } from 'vitest';
import { awaitEvent } from '../../simulator/await-event.ts';
import { booted, rig, VERSIONS } from './helpers.ts';

describe.each(VERSIONS)('OCPP %s boot and heartbeat', (version) => {
  it('boots with its identity, reports every connector, then heartbeats at the interval from the answer', async () => {
    const r = await rig(version, { vendor: 'Acme', model: 'AC22', serialNumber: 'SN-1', firmwareVersion: '1.2.3', evses: [{ connectors: 1 }, { connectors: 1 }] });
    r.csms.boot = () => ({ status: 'Accepted', interval: 1 });
    await booted(r);
    const [boot] = r.csms.callsOf(r.charger.id, 'BootNotification');
    if (version === '1.6') {
      expect(boot!.params).toMatchObject({ chargePointVendor: 'Acme', chargePointModel: 'AC22', chargePointSerialNumber: 'SN-1', firmwareVersion: '1.2.3' });
    } else {
      expect(boot!.params).toMatchObject({ reason: 'PowerUp', chargingStation: { vendorName: 'Acme', model: 'AC22', serialNumber: 'SN-1', firmwareVersion: '1.2.3' } });
    }
    // 1.6 reports connector 0 too; 2.x reports each EVSE's connector.
    const statuses = await Promise.all(
      (version === '1.6' ? [0, 1, 2] : [1, 2]).map((n) =>
        r.csms.awaitCall(r.charger.id, 'StatusNotification', (p) => (version === '1.6' ? p.connectorId === n : p.evseId === n)),
      ),
    );
    for (const s of statuses) expect(s.params[version === '1.6' ? 'status' : 'connectorStatus']).toBe('Available');
    // interval 1 s at timeScale 50 → one heartbeat every 20 ms. Judged over four intervals by their arrival:
    // one late arrival (a busy CI machine) shortens one gap, not the span.
    const first = await r.csms.awaitCall(r.charger.id, 'Heartbeat');
    let last = first;
    for (let i = 0; i < 4; i++) last = await r.csms.awaitCall(r.charger.id, 'Heartbeat', () => true, 2_000, last.index + 1);
    expect(last.at - first.at).toBeGreaterThanOrEqual(4 * 20 * 0.75);
    expect(last.at - first.at).toBeLessThan(4 * 500);
    expect(r.charger.state().heartbeatIntervalS).toBe(1);
    expect(r.csms.strictFailures).toEqual([]);
  });

  it.each(['Pending', 'Rejected'] as const)('retries a %s boot after the interval given', async (status) => {
    const r = await rig(version);
    r.csms.boot = (_id, attempt) => (attempt < 3 ? { status, interval: 2 } : { status: 'Accepted', interval: 60 });
    const refused = awaitEvent(r.charger, 'bootRefused');
    await booted(r);
    expect((await refused).retryInMs).toBe(40); // 2 s at timeScale 50
    const boots = r.csms.callsOf(r.charger.id, 'BootNotification');
    expect(boots).toHaveLength(3);
    expect(boots[1]!.at - boots[0]!.at).toBeGreaterThanOrEqual(35);
    // Nothing but BootNotification while not accepted (B02.FR.01 / 1.6 §4.2).
    const firstAccepted = boots[2]!.index;
    expect(r.csms.callsOf(r.charger.id).filter((c) => c.index < firstAccepted && c.action !== 'BootNotification')).toEqual([]);
  });
});
