import { describe, expect, it } from 'vitest';
import { awaitEvent } from '../../simulator/await-event.ts';
import { booted, rig, VERSIONS } from './helpers.ts';

describe.each(VERSIONS)('OCPP %s commands', (version) => {
  const v16 = version === '1.6';

  it.each(['soft', 'hard'] as const)('%s reset: Accepted, disconnect, reboot delay, boot again', async (kind) => {
    const r = await booted(await rig(version, { rebootDelayMs: 80 }));
    const id = r.charger.id;
    r.charger.startSession(1, 'TAG');
    await awaitEvent(r.charger, 'sessionStarted');
    const rebooting = awaitEvent(r.charger, 'rebooting');
    const disconnected = awaitEvent(r.charger, 'disconnected');
    const rebooted = awaitEvent(r.charger, 'booted');
    const type = v16 ? (kind === 'soft' ? 'Soft' : 'Hard') : kind === 'soft' ? 'OnIdle' : 'Immediate';
    const answer = await r.csms.send(id, 'Reset', { type });
    // 2.x OnIdle during a session is Scheduled until the session ends (B12).
    if (!v16 && kind === 'soft') {
      expect(answer).toEqual({ status: 'Scheduled' });
      r.charger.stopSession(1);
    } else expect(answer).toEqual({ status: 'Accepted' });
    expect((await rebooting).kind).toBe(kind);
    const down = Date.now();
    await disconnected;
    const boot = await rebooted;
    expect(Date.now() - down).toBeGreaterThanOrEqual(60);
    expect(boot.reason).toBe('RemoteReset');
    const boots = r.csms.callsOf(id, 'BootNotification');
    expect(boots).toHaveLength(2);
    if (!v16) expect(boots[1]!.params.reason).toBe('RemoteReset');
    // The session ended with the reset's reason and its stop reached the CSMS.
    if (v16) {
      const stop = await r.csms.awaitCall(id, 'StopTransaction');
      expect(stop.params.reason).toBe(kind === 'soft' ? 'SoftReset' : 'HardReset');
    } else {
      const ended = await r.csms.awaitCall(id, 'TransactionEvent', (p) => p.eventType === 'Ended');
      if (kind === 'hard') expect(ended.params).toMatchObject({ triggerReason: 'ResetCommand', transactionInfo: { stoppedReason: 'ImmediateReset' } });
    }
  });

  it('answers TriggerMessage and sends the requested message', async () => {
    const r = await booted(await rig(version));
    const id = r.charger.id;
    const since = r.csms.mark();
    const ask = (requestedMessage: string) =>
      r.csms.send(id, 'TriggerMessage', v16 ? { requestedMessage, connectorId: 1 } : { requestedMessage, evse: { id: 1, connectorId: 1 } });
    expect(await ask('Heartbeat')).toMatchObject({ status: 'Accepted' });
    await r.csms.awaitCall(id, 'Heartbeat', () => true, 3_000, since);
    expect(await ask('StatusNotification')).toMatchObject({ status: 'Accepted' });
    const status = await r.csms.awaitCall(id, 'StatusNotification', (p) => (v16 ? p.connectorId === 1 : true), 3_000, since);
    expect(status.params).toMatchObject(v16 ? { connectorId: 1 } : { evseId: 1, connectorId: 1 });
    expect(await ask('MeterValues')).toMatchObject({ status: 'Accepted' });
    await r.csms.awaitCall(id, 'MeterValues', () => true, 3_000, since);
    expect(await ask('FirmwareStatusNotification')).toMatchObject({ status: 'Accepted' });
    expect((await r.csms.awaitCall(id, 'FirmwareStatusNotification', () => true, 3_000, since)).params).toMatchObject({ status: 'Idle' });
    if (v16) {
      expect(await ask('DiagnosticsStatusNotification')).toEqual({ status: 'Accepted' });
      expect(await ask('BootNotification')).toEqual({ status: 'Accepted' });
      await r.csms.awaitCall(id, 'BootNotification', () => true, 3_000, since);
    } else {
      expect(await ask('LogStatusNotification')).toMatchObject({ status: 'Accepted' });
      expect(await ask('BootNotification')).toMatchObject({ status: 'Rejected' }); // F06.FR.17
      expect(await ask('SignChargingStationCertificate')).toMatchObject({ status: 'NotImplemented' });
    }
  });

  it('answers ChangeAvailability, UnlockConnector, ClearCache and DataTransfer', async () => {
    const r = await booted(await rig(version));
    const id = r.charger.id;
    const since = r.csms.mark();
    const inoperative = v16 ? { connectorId: 1, type: 'Inoperative' } : { evse: { id: 1, connectorId: 1 }, operationalStatus: 'Inoperative' };
    expect(await r.csms.send(id, 'ChangeAvailability', inoperative)).toMatchObject({ status: 'Accepted' });
    await r.csms.awaitCall(id, 'StatusNotification', (p) => (v16 ? p.status : p.connectorStatus) === 'Unavailable', 3_000, since);
    expect(r.charger.state().connectors[0]!.status).toBe('Unavailable');
    const operative = v16 ? { connectorId: 0, type: 'Operative' } : { operationalStatus: 'Operative' };
    expect(await r.csms.send(id, 'ChangeAvailability', operative)).toMatchObject({ status: 'Accepted' });
    await awaitEvent(r.charger, 'sent', (e) => e.action === 'StatusNotification' && JSON.stringify(e.payload).includes('Available'));
    expect(r.charger.state().connectors[0]!.status).toBe('Available');

    expect(await r.csms.send(id, 'UnlockConnector', v16 ? { connectorId: 1 } : { evseId: 1, connectorId: 1 })).toMatchObject({ status: 'Unlocked' });
    expect(await r.csms.send(id, 'UnlockConnector', v16 ? { connectorId: 9 } : { evseId: 9, connectorId: 1 })).toMatchObject({ status: v16 ? 'NotSupported' : 'UnknownConnector' });
    expect(await r.csms.send(id, 'ClearCache', {})).toMatchObject({ status: 'Accepted' });
    const vendorId = 'com.chargemend.sim';
    expect(await r.csms.send(id, 'DataTransfer', { vendorId, messageId: 'Echo', data: 'hello' })).toEqual({ status: 'Accepted', data: 'hello' });
    expect(await r.csms.send(id, 'DataTransfer', { vendorId, messageId: 'Nope' })).toEqual({ status: 'UnknownMessageId' });
    expect(await r.csms.send(id, 'DataTransfer', { vendorId: 'com.other' })).toEqual({ status: 'UnknownVendorId' });
    expect(r.csms.strictFailures).toEqual([]);
  });

  it('refuses a 2.x UnlockConnector during a transaction, stops it in 1.6', async () => {
    const r = await booted(await rig(version));
    r.charger.startSession(1);
    await awaitEvent(r.charger, 'sessionStarted');
    const answer = await r.csms.send(r.charger.id, 'UnlockConnector', v16 ? { connectorId: 1 } : { evseId: 1, connectorId: 1 });
    if (v16) {
      expect(answer).toEqual({ status: 'Unlocked' });
      expect((await r.csms.awaitCall(r.charger.id, 'StopTransaction')).params.reason).toBe('UnlockCommand');
    } else expect(answer).toEqual({ status: 'OngoingAuthorizedTransaction' });
  });

  it('answers an unknown action with NotImplemented', async () => {
    const r = await booted(await rig(version));
    await expect(r.csms.send(r.charger.id, 'ClearChargingProfile', {})).rejects.toMatchObject({ rpcErrorCode: 'NotImplemented' });
  });
});
