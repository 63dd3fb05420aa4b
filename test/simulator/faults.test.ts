import { describe, expect, it } from 'vitest';
import { awaitEvent } from '../../simulator/await-event.ts';
import type { ReceivedCall } from '../support/fake-csms.ts';
import { booted, rig, VERSIONS } from './helpers.ts';

type EventData = { component: { name: string; evse?: { id: number } }; variable: { name: string }; actualValue: string; techCode?: string; techInfo?: string; cleared?: boolean; trigger: string };
const eventsOf = (c: ReceivedCall) => c.params.eventData as EventData[];

describe.each(VERSIONS)('OCPP %s fault injection', (version) => {
  const v16 = version === '1.6';
  const statusOf = (p: Record<string, unknown>) => (v16 ? p.status : p.connectorStatus);

  it('reports a status error (ChargeX CX002) and its clearing, and logs both to the ground truth', async () => {
    const r = await booted(await rig(version));
    const id = r.charger.id;
    const faultId = r.charger.injectFault({ kind: 'status-error', errorCode: 'GroundFailure', vendorId: 'org.chargex.mrec', vendorErrorCode: 'CX002', info: 'RCD 30mA tripped', connectorId: 1, clearsBy: 'repair' });
    if (v16) {
      const sn = await r.csms.awaitCall(id, 'StatusNotification', (p) => p.errorCode === 'GroundFailure');
      expect(sn.params).toMatchObject({ connectorId: 1, status: 'Faulted', vendorId: 'org.chargex.mrec', vendorErrorCode: 'CX002', info: 'RCD 30mA tripped' });
    } else {
      const ev = await r.csms.awaitCall(id, 'NotifyEvent');
      expect(eventsOf(ev)[0]).toMatchObject({ component: { name: 'RCD', evse: { id: 1, connectorId: 1 } }, variable: { name: 'Problem' }, actualValue: 'true', techCode: 'CX002', techInfo: 'RCD 30mA tripped', trigger: 'Alerting' });
      await r.csms.awaitCall(id, 'StatusNotification', (p) => p.connectorStatus === 'Faulted' && p.evseId === 1);
    }
    expect(r.charger.state().connectors[0]!.status).toBe('Faulted');
    expect(r.truth.records[0]).toMatchObject({ chargerId: id, ocppVersion: version, faultId, kind: 'status-error', event: 'injected', expectedSeverity: 'safety-critical', clearsBy: 'repair', clearableBy: null, detail: { errorCode: 'GroundFailure', vendorErrorCode: 'CX002', connectorId: 1 } });

    const since = r.csms.mark();
    expect(r.charger.clearFault(faultId)).toBe(true);
    if (v16) {
      await r.csms.awaitCall(id, 'StatusNotification', (p) => p.connectorId === 1 && p.errorCode === 'NoError' && p.status === 'Available', 3_000, since);
    } else {
      const cleared = await r.csms.awaitCall(id, 'NotifyEvent', (p) => eventsOf({ params: p } as ReceivedCall)[0]!.cleared === true, 3_000, since);
      expect(eventsOf(cleared)[0]).toMatchObject({ component: { name: 'RCD' }, actualValue: 'false', techCode: 'CX002' });
      await r.csms.awaitCall(id, 'StatusNotification', (p) => p.connectorStatus === 'Available', 3_000, since);
    }
    expect(r.truth.records[1]).toMatchObject({ faultId, event: 'cleared', clearedBy: 'repair' });
  });

  it('clears a self-clearing fault after its time, with a warning-only error keeping the status', async () => {
    const r = await booted(await rig(version));
    const cleared = awaitEvent(r.charger, 'fault', (rec) => rec.event === 'cleared');
    r.charger.injectFault({ kind: 'status-error', errorCode: 'EVCommunicationError', connectorId: 1, clearsBy: 'self', clearAfterMs: 60 });
    expect(r.charger.state().connectors[0]!.status).toBe('Available');
    expect((await cleared).clearedBy).toBe('self');
    expect(r.truth.records[0]).toMatchObject({ expectedSeverity: 'transient', clearableBy: null });
    if (v16) await r.csms.awaitCall(r.charger.id, 'StatusNotification', (p) => p.errorCode === 'EVCommunicationError' && p.status === 'Available');
  });

  it('clears soft-reset faults on a soft reset, hard-reset ones only on a hard reset, repair ones never', async () => {
    const r = await booted(await rig(version));
    const soft = r.charger.injectFault({ kind: 'status-error', errorCode: 'InternalError', connectorId: 1, clearsBy: 'soft-reset' });
    const hard = r.charger.injectFault({ kind: 'status-error', errorCode: 'OverCurrentFailure', connectorId: 0, clearsBy: 'hard-reset' });
    const repair = r.charger.injectFault({ kind: 'event', component: 'PowerContactor', techCode: 'WELD', techInfo: 'contactor welded', faulted: true, connectorId: 1, clearsBy: 'repair' });
    const reboot = async (kind: 'Soft' | 'Hard') => {
      const rebooted = awaitEvent(r.charger, 'booted');
      await r.csms.send(r.charger.id, 'Reset', { type: v16 ? kind : kind === 'Soft' ? 'OnIdle' : 'Immediate' });
      await rebooted;
    };
    await reboot('Soft');
    expect(r.charger.state().faults.map((f) => f.faultId).sort()).toEqual([hard, repair].sort());
    const since = r.csms.mark();
    await reboot('Hard');
    expect(r.charger.state().faults.map((f) => f.faultId)).toEqual([repair]);
    expect(r.truth.records.filter((x) => x.event === 'cleared').map((x) => [x.faultId, x.clearedBy])).toEqual([[soft, 'soft-reset'], [hard, 'hard-reset']]);
    // The repair fault is reported again after the reboot.
    if (v16) await r.csms.awaitCall(r.charger.id, 'StatusNotification', (p) => p.connectorId === 1 && p.errorCode === 'OtherError' && p.vendorErrorCode === 'WELD' && p.status === 'Faulted', 3_000, since);
    else await r.csms.awaitCall(r.charger.id, 'NotifyEvent', (p) => eventsOf({ params: p } as ReceivedCall)[0]!.component.name === 'PowerContactor' && eventsOf({ params: p } as ReceivedCall)[0]!.actualValue === 'true', 3_000, since);
  });

  it('sends a SecurityEventNotification', async () => {
    const r = await booted(await rig(version));
    r.charger.injectFault({ kind: 'security', type: 'TamperDetectionActivated', techInfo: 'cabinet door opened' });
    const sec = await r.csms.awaitCall(r.charger.id, 'SecurityEventNotification');
    expect(sec.params).toMatchObject({ type: 'TamperDetectionActivated', techInfo: 'cabinet door opened' });
    expect(r.truth.records[0]).toMatchObject({ kind: 'security', expectedSeverity: 'high' });
  });

  it('drifts the temperature up until the charger reports overheating', async () => {
    const r = await booted(await rig(version, { meterValueSampleIntervalS: 10 }));
    r.charger.startSession(1);
    const fault = r.charger.injectFault({ kind: 'temperature-drift', connectorId: 1, ratePerMinC: 240, thresholdC: 70 });
    if (v16) {
      await r.csms.awaitCall(r.charger.id, 'StatusNotification', (p) => p.errorCode === 'HighTemperature' && p.status === 'Charging');
      const mv = r.csms.callsOf(r.charger.id, 'MeterValues').map((c) => Number((c.params.meterValue as Array<{ sampledValue: Array<{ measurand: string; value: string }> }>)[0]!.sampledValue.find((s) => s.measurand === 'Temperature')!.value));
      expect(mv.at(-1)!).toBeGreaterThan(mv[0]!);
    } else {
      await r.csms.awaitCall(r.charger.id, 'NotifyEvent', (p) => eventsOf({ params: p } as ReceivedCall).some((e) => e.variable.name === 'Temperature' && e.trigger === 'Delta'));
      await r.csms.awaitCall(r.charger.id, 'NotifyEvent', (p) => eventsOf({ params: p } as ReceivedCall).some((e) => e.component.name === 'TemperatureSensor' && e.variable.name === 'Problem' && e.techCode === 'HighTemperature'));
    }
    const since = r.csms.mark();
    r.charger.clearFault(fault);
    if (v16) await r.csms.awaitCall(r.charger.id, 'StatusNotification', (p) => p.errorCode === 'NoError', 3_000, since);
    else await r.csms.awaitCall(r.charger.id, 'NotifyEvent', (p) => eventsOf({ params: p } as ReceivedCall).some((e) => e.cleared === true), 3_000, since);
  });

  it('flaps its connection without rebooting', async () => {
    const r = await booted(await rig(version));
    r.charger.injectFault({ kind: 'flapping', upMs: 60, downMs: 30 });
    for (let i = 0; i < 3; i++) await awaitEvent(r.charger, 'connected');
    expect(r.csms.connections.filter((c) => c.identity === r.charger.id).length).toBeGreaterThanOrEqual(4);
    expect(r.csms.callsOf(r.charger.id, 'BootNotification')).toHaveLength(1);
    expect(r.truth.records[0]).toMatchObject({ kind: 'flapping', expectedSeverity: 'transient' });
  });

  it('keeps a stuck connector occupied until an unlock frees it (or fails to)', async () => {
    const r = await booted(await rig(version, { evses: [{ connectors: 1 }, { connectors: 1 }] }));
    const unlock = (n: number) => r.csms.send(r.charger.id, 'UnlockConnector', v16 ? { connectorId: n } : { evseId: n, connectorId: 1 });
    r.charger.injectFault({ kind: 'stuck-connector', connectorId: 1, clearsBy: 'unlock' });
    r.charger.injectFault({ kind: 'stuck-connector', connectorId: 2, clearsBy: 'repair' });
    await r.csms.awaitCall(r.charger.id, 'StatusNotification', (p) => (v16 ? p.connectorId === 2 : p.evseId === 2) && statusOf(p) === (v16 ? 'Finishing' : 'Occupied'));
    expect(r.charger.startSession(2)).toBe(false);
    expect(await unlock(2)).toEqual({ status: 'UnlockFailed' });
    const since = r.csms.mark();
    expect(await unlock(1)).toEqual({ status: 'Unlocked' });
    await r.csms.awaitCall(r.charger.id, 'StatusNotification', (p) => (v16 ? p.connectorId === 1 : p.evseId === 1) && statusOf(p) === 'Available', 3_000, since);
    expect(r.truth.records.filter((x) => x.event === 'cleared')).toMatchObject([{ clearedBy: 'unlock', clearableBy: 'unlock' }]);
  });

  it('plays dead: connected, silent, answers nothing, until cleared', async () => {
    const r = await booted(await rig(version, { heartbeatIntervalS: 1 }));
    r.csms.boot = () => ({ status: 'Accepted', interval: 1 });
    const fault = r.charger.injectFault({ kind: 'dead' });
    await expect(r.csms.send(r.charger.id, 'ClearCache', {}, 300)).rejects.toThrow(/timeout/i);
    const during = r.csms.mark();
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    expect(r.csms.clients.has(r.charger.id)).toBe(true);
    expect(r.csms.callsOf(r.charger.id, 'Heartbeat').filter((c) => c.index >= during)).toEqual([]);
    r.charger.clearFault(fault, 'self');
    await expect(r.csms.send(r.charger.id, 'ClearCache', {})).resolves.toMatchObject({ status: 'Accepted' });
  });
});
