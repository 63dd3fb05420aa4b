import { describe, expect, it } from 'vitest';
import { awaitEvent } from '../../simulator/await-event.ts';
import { booted, rig, until, VERSIONS } from './helpers.ts';

describe.each(VERSIONS)('OCPP %s reconnect after the CSMS goes away', (version) => {
  const v16 = version === '1.6';
  const txActions = v16 ? ['StartTransaction', 'MeterValues', 'StopTransaction'] : ['TransactionEvent'];

  it('reconnects with growing, jittered backoff and delivers offline transaction messages in order', async () => {
    const r = await booted(await rig(version, { meterValueSampleIntervalS: 5, reconnect: { initialDelayMs: 20, maxDelayMs: 160, factor: 2, jitter: 0.25 } }));
    const id = r.charger.id;
    r.charger.startSession(1, 'OFFLINE1');
    await awaitEvent(r.charger, 'sessionStarted');
    const delays: number[] = [];
    r.charger.on('reconnecting', (e) => delays.push(e.delayMs));
    const down = awaitEvent(r.charger, 'disconnected');
    await r.csms.stop();
    await down;
    const onlineCalls = r.csms.calls.length;
    // Five failed attempts while the CSMS is away; the session goes on and samples pile up.
    await awaitEvent(r.charger, 'reconnecting', (e) => e.attempt >= 5, 5_000);
    expect(r.charger.state().queuedMessages).toBeGreaterThan(0);
    r.charger.stopSession(1, 'EVDisconnected');
    const queued = r.charger.state().queuedMessages;
    expect(delays[0]).toBeGreaterThanOrEqual(15);
    expect(delays[0]).toBeLessThanOrEqual(25);
    expect(delays[2]).toBeGreaterThanOrEqual(60); // 80 ± 25 %
    expect(Math.max(...delays)).toBeLessThanOrEqual(200); // capped at 160 + 25 %

    const back = awaitEvent(r.charger, 'connected');
    await r.csms.restart();
    await back;
    // The queue drains in order: samples, the end of the session, then the statuses it went through.
    const available = await r.csms.awaitCall(id, 'StatusNotification', (p) => (v16 ? p.status : p.connectorStatus) === 'Available', 3_000, onlineCalls);
    await until(() => r.charger.state().queuedMessages === 0);
    const after = r.csms.calls.slice(onlineCalls).filter((c) => c.identity === id);
    // No new boot: a reconnect is not a reboot.
    expect(after.filter((c) => c.action === 'BootNotification')).toEqual([]);
    const tx = after.filter((c) => txActions.includes(c.action));
    expect(tx.length + after.filter((c) => c.action === 'StatusNotification').length).toBeGreaterThanOrEqual(queued);
    expect(available.index).toBeGreaterThan(tx.at(-1)!.index);
    if (v16) {
      expect(tx.at(-1)!.params).toMatchObject({ reason: 'EVDisconnected' });
      expect(tx.slice(0, -1).every((c) => c.action === 'MeterValues')).toBe(true);
      const finishing = after.find((c) => c.action === 'StatusNotification' && c.params.status === 'Finishing')!;
      expect(finishing.index).toBeGreaterThan(tx.at(-1)!.index);
      expect(finishing.index).toBeLessThan(available.index);
    } else {
      const all = r.csms.callsOf(id, 'TransactionEvent');
      expect(all.map((c) => c.params.seqNo)).toEqual(all.map((_, i) => i));
      // Generated offline → offline: true (a sample in flight when the link died was generated online).
      expect(tx.filter((c) => c.params.offline !== true).length).toBeLessThanOrEqual(1);
      expect(tx.at(-1)!.params).toMatchObject({ eventType: 'Ended', offline: true, transactionInfo: { stoppedReason: 'EVDisconnected' } });
    }
    expect(r.charger.state().queuedMessages).toBe(0);
  });

  it('starts a session while offline and reports it, with its id, once back', async () => {
    const r = await booted(await rig(version, { meterValueSampleIntervalS: 5 }));
    const down = awaitEvent(r.charger, 'disconnected');
    await r.csms.stop();
    await down;
    r.charger.startSession(1, 'OFFLINE2');
    await awaitEvent(r.charger, 'reconnecting', (e) => e.attempt >= 3, 5_000);
    r.charger.stopSession(1);
    const started = awaitEvent(r.charger, 'sessionStarted');
    await r.csms.restart();
    const { transactionId } = await started;
    if (v16) {
      const stop = await r.csms.awaitCall(r.charger.id, 'StopTransaction');
      expect(stop.params.transactionId).toBe(Number(transactionId));
      const mv = r.csms.callsOf(r.charger.id, 'MeterValues').filter((c) => c.params.transactionId !== undefined);
      expect(mv.every((c) => c.params.transactionId === Number(transactionId))).toBe(true);
    } else {
      const ended = await r.csms.awaitCall(r.charger.id, 'TransactionEvent', (p) => p.eventType === 'Ended');
      expect(ended.params).toMatchObject({ offline: true, transactionInfo: { transactionId } });
    }
  });
});
