import { describe, expect, it } from 'vitest';
import { awaitEvent } from '../../simulator/await-event.ts';
import type { ReceivedCall } from '../support/fake-csms.ts';
import { booted, rig, VERSIONS } from './helpers.ts';

type Sampled = { measurand?: string; value: string | number; phase?: string; unit?: string; unitOfMeasure?: { unit: string } };

function samplesOf(call: ReceivedCall): Sampled[] {
  const p = call.params as { meterValue?: Array<{ sampledValue: Sampled[] }>; transactionData?: Array<{ sampledValue: Sampled[] }> };
  return (p.meterValue ?? p.transactionData ?? []).flatMap((m) => m.sampledValue);
}
const energyOf = (call: ReceivedCall) => Number(samplesOf(call).find((s) => s.measurand === 'Energy.Active.Import.Register')!.value);

describe.each(VERSIONS)('OCPP %s charging sessions', (version) => {
  it('runs a session with a rising energy register and plausible readings', async () => {
    const r = await booted(await rig(version, { meterValueSampleIntervalS: 10 }));
    const id = r.charger.id;
    expect(r.charger.startSession(1, 'TAG-1')).toBe(true);
    const started = await awaitEvent(r.charger, 'sessionStarted');
    expect(started.transactionId).toBeTruthy();
    const updates = version === '1.6' ? 'MeterValues' : 'TransactionEvent';
    const isUpdate = (p: Record<string, unknown>) => version === '1.6' || p.eventType === 'Updated';
    const first = await r.csms.awaitCall(id, updates, isUpdate);
    const later = await r.csms.awaitCall(id, updates, (p) => isUpdate(p) && (p.seqNo ?? 0) !== first.params.seqNo && energyOf({ params: p } as ReceivedCall) > energyOf(first), 3_000, first.index + 1);
    expect(energyOf(later)).toBeGreaterThan(energyOf(first));
    const samples = samplesOf(later);
    const voltages = samples.filter((s) => s.measurand === 'Voltage');
    expect(voltages.map((s) => s.phase)).toEqual(['L1-N', 'L2-N', 'L3-N']);
    for (const v of voltages) expect(Number(v.value)).toBeGreaterThan(220);
    expect(samples.filter((s) => s.measurand === 'Current.Import').map((s) => s.phase)).toEqual(['L1', 'L2', 'L3']);
    expect(Number(samples.find((s) => s.measurand === 'Power.Active.Import')!.value)).toBeGreaterThan(10_000);
    if (version === '1.6') {
      expect(samples.find((s) => s.measurand === 'Temperature')).toMatchObject({ unit: 'Celsius' });
      expect(later.params.transactionId).toBe(Number(started.transactionId));
    } else {
      expect(samples.find((s) => s.measurand === 'Temperature')).toBeUndefined(); // not a 2.x measurand
      expect((later.params.transactionInfo as { transactionId: string }).transactionId).toBe(started.transactionId);
    }

    const ended = awaitEvent(r.charger, 'sessionEnded');
    expect(r.charger.stopSession(1, 'Local')).toBe(true);
    expect((await ended).energyWh).toBeGreaterThan(0);
    if (version === '1.6') {
      const start = await r.csms.awaitCall(id, 'StartTransaction');
      const stop = await r.csms.awaitCall(id, 'StopTransaction');
      expect(start.params).toMatchObject({ connectorId: 1, idTag: 'TAG-1' });
      expect(stop.params).toMatchObject({ transactionId: Number(started.transactionId), reason: 'Local' });
      expect(stop.params.meterStop as number).toBeGreaterThan(start.params.meterStart as number);
      await r.csms.awaitCall(id, 'StatusNotification', (p) => p.connectorId === 1 && p.status === 'Finishing');
      await r.csms.awaitCall(id, 'StatusNotification', (p) => p.connectorId === 1 && p.status === 'Available', 3_000, stop.index);
    } else {
      const events = async () => {
        await r.csms.awaitCall(id, 'TransactionEvent', (p) => p.eventType === 'Ended');
        return r.csms.callsOf(id, 'TransactionEvent');
      };
      const all = await events();
      expect(all.map((c) => c.params.seqNo)).toEqual(all.map((_, i) => i));
      expect(all[0]!.params).toMatchObject({ eventType: 'Started', triggerReason: 'Authorized', evse: { id: 1, connectorId: 1 }, idToken: { idToken: 'TAG-1' } });
      expect(all.at(-1)!.params).toMatchObject({ eventType: 'Ended', transactionInfo: { stoppedReason: 'Local' } });
      expect(energyOf(all.at(-1)!)).toBeGreaterThan(energyOf(all[0]!));
      await r.csms.awaitCall(id, 'StatusNotification', (p) => p.connectorStatus === 'Occupied');
      await r.csms.awaitCall(id, 'StatusNotification', (p) => p.connectorStatus === 'Available', 3_000, all.at(-1)!.index);
    }
    expect(r.csms.strictFailures).toEqual([]);
  });

  it('reports SoC and a single DC voltage on a DC charger', async () => {
    const r = await booted(await rig(version, { evses: [{ currentType: 'DC', maxPowerW: 150_000 }], meterValueSampleIntervalS: 10 }));
    r.charger.startSession(1, 'TAG-DC');
    const action = version === '1.6' ? 'MeterValues' : 'TransactionEvent';
    const call = await r.csms.awaitCall(r.charger.id, action, (p) => version === '1.6' || p.eventType === 'Updated');
    const soc = samplesOf(call).find((s) => s.measurand === 'SoC');
    expect(Number(soc!.value)).toBeGreaterThanOrEqual(10);
    expect(samplesOf(call).filter((s) => s.measurand === 'Voltage')).toHaveLength(1);
  });

  it('starts and stops a session on the CSMS\'s request', async () => {
    const r = await booted(await rig(version));
    const id = r.charger.id;
    if (version === '1.6') {
      expect(await r.csms.send(id, 'RemoteStartTransaction', { connectorId: 1, idTag: 'REMOTE' })).toEqual({ status: 'Accepted' });
      const start = await r.csms.awaitCall(id, 'StartTransaction');
      await awaitEvent(r.charger, 'sessionStarted').catch(() => undefined);
      const txId = r.charger.state().connectors[0]!.session!.transactionId;
      expect(await r.csms.send(id, 'RemoteStopTransaction', { transactionId: Number(txId) })).toEqual({ status: 'Accepted' });
      expect((await r.csms.awaitCall(id, 'StopTransaction')).params).toMatchObject({ reason: 'Remote' });
      expect(start.params.idTag).toBe('REMOTE');
    } else {
      const answer = await r.csms.send(id, 'RequestStartTransaction', { evseId: 1, remoteStartId: 7, idToken: { idToken: 'REMOTE', type: 'Central' } });
      expect(answer).toMatchObject({ status: 'Accepted' });
      const started = await r.csms.awaitCall(id, 'TransactionEvent', (p) => p.eventType === 'Started');
      expect(started.params).toMatchObject({ transactionInfo: { transactionId: answer.transactionId, remoteStartId: 7 } });
      expect(await r.csms.send(id, 'RequestStopTransaction', { transactionId: answer.transactionId })).toMatchObject({ status: 'Accepted' });
      expect((await r.csms.awaitCall(id, 'TransactionEvent', (p) => p.eventType === 'Ended')).params).toMatchObject({ triggerReason: 'RemoteStop', transactionInfo: { stoppedReason: 'Remote' } });
    }
  });
});
