import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { awaitEvent } from '../../simulator/await-event.ts';
import type { OcppVersion } from '../../simulator/config.ts';
import type { VirtualCharger } from '../../simulator/virtual-charger.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { bootedCharger, fastCatalogueFile, ticketOf } from '../support/sim.ts';

const timeline = async (rt: TestRuntime, ticketId: string) =>
  (await rt.db.prisma.ticketEvent.findMany({ where: { ticketId }, orderBy: { id: 'asc' } })).map((e) => ({ type: e.type, actor: e.actor, detail: e.detail as Record<string, unknown> }));

describe.each(['1.6', '2.0.1', '2.1'] as OcppVersion[])('from fault to diagnosed ticket over OCPP %s', (version) => {
  const v16 = version === '1.6';
  let rt: TestRuntime;
  const chargers: VirtualCharger[] = [];
  const charger = async (o = {}) => {
    const c = await bootedCharger(rt, version, o);
    chargers.push(c.charger);
    return c;
  };

  beforeAll(async () => {
    rt = await startTestRuntime({ OCPP_UNKNOWN_CHARGERS: 'auto-register', DIAGNOSIS_CATALOGUE_FILE: fastCatalogueFile(3) });
  });
  afterEach(async () => {
    await Promise.all(chargers.splice(0).map((c) => c.stop()));
  });
  afterAll(async () => {
    await rt.responses.idle();
    await rt.close();
  });

  it('a safety-critical fault: ticket within 2 s, out of service, escalated, never reset; the checks really asked the charger', async () => {
    const { charger: c } = await charger();
    const inoperative = c.awaitCommand('ChangeAvailability', { timeoutMs: 10_000 });
    const injectedAt = Date.now();
    c.injectFault({ kind: 'status-error', errorCode: 'GroundFailure', connectorId: 1, clearsBy: 'repair' });
    const opened = await ticketOf(rt, c.id);
    expect(Date.now() - injectedAt).toBeLessThan(2_000);
    expect(opened).toMatchObject({ type: 'repair', severity: 'safety_critical', occurrences: 1 });
    expect(opened.faultClass).toBe(v16 ? 'ocpp16:GroundFailure' : 'ocpp16:GroundFailure');

    const availability = (await inoperative) as Record<string, unknown>;
    expect(availability).toMatchObject(v16 ? { type: 'Inoperative', connectorId: 0 } : { operationalStatus: 'Inoperative' });
    const done = await ticketOf(rt, c.id, (t) => (t.diagnosis as { completedAt?: string } | null)?.completedAt !== undefined);
    expect(done.status).toBe('escalated');
    expect(done.escalated).toBe(true);
    const diagnosis = done.diagnosis as { checks: Array<{ name: string; status: string }>; severity: string; parts: string[] };
    expect(diagnosis.severity).toBe('safety-critical');
    expect(diagnosis.parts).toContain('RCD / ground-fault module');
    expect(diagnosis.checks.map((x) => x.name)).toEqual(expect.arrayContaining(['status', 'meterValues', 'telemetry', 'connectionHistory', 'firmware', 'faultHistory']));
    expect(diagnosis.checks.find((x) => x.name === 'status')!.status).not.toBe('skipped');
    const triggers = await rt.db.prisma.command.findMany({ where: { chargerId: c.id, kind: 'triggerMessage' } });
    expect(triggers.map((t) => (t.params as { message: string }).message).sort()).toEqual(['MeterValues', 'StatusNotification']);
    expect(triggers.every((t) => t.status === 'succeeded' && t.ticketId === done.id)).toBe(true);
    expect(await rt.db.prisma.command.count({ where: { chargerId: c.id, kind: 'reset' } })).toBe(0);
  });

  it('InternalError: logs pulled, then a soft reset clears it; resolved remotely with the evidence', async () => {
    const { charger: c } = await charger();
    const reset = c.awaitCommand('Reset', { timeoutMs: 15_000 });
    c.injectFault({ kind: 'status-error', errorCode: 'InternalError', connectorId: 1, clearsBy: 'soft-reset' });
    expect(await reset).toEqual({ type: v16 ? 'Soft' : 'OnIdle' });
    const resolved = await ticketOf(rt, c.id, (t) => t.status === 'resolved_remotely', 15_000);
    expect(resolved.resolution).toBe('cleared after automatic reset');
    const steps = (await timeline(rt, resolved.id)).filter((e) => e.type === 'auto_action').map((e) => [e.detail.step, e.detail.status]);
    expect(steps).toEqual([
      ['retrieveLogs', 'succeeded'],
      ['softReset', 'succeeded'],
    ]);
    const upload = await rt.db.prisma.uploadSlot.findFirstOrThrow({ where: { chargerId: c.id } });
    expect(upload).toMatchObject({ ticketId: resolved.id });
    expect(upload.sizeBytes).toBeGreaterThan(0);
    const evidence = (await timeline(rt, resolved.id)).find((e) => e.detail.to === 'resolved_remotely')!.detail.evidence as { lastAutomaticAction: { kind: string } };
    expect(evidence.lastAutomaticAction.kind).toBe('reset');
  });

  it('guardrails: no second automatic reset within the window, none during a charging session', async () => {
    const { charger: c } = await charger();
    c.injectFault({ kind: 'status-error', errorCode: 'InternalError', connectorId: 1, clearsBy: 'soft-reset' });
    await ticketOf(rt, c.id, (t) => t.status === 'resolved_remotely', 15_000);
    // same fault again: the soft reset ran within the window, so it is skipped; the hard reset may run
    c.startSession(1, 'TAG-1');
    await awaitEvent(c, 'sessionStarted');
    c.injectFault({ kind: 'status-error', errorCode: 'InternalError', connectorId: 1, clearsBy: 'repair' });
    const waiting = await ticketOf(rt, c.id, (t) => t.status === 'awaiting_dispatch', 20_000);
    const skipped = (await timeline(rt, waiting.id)).filter((e) => e.type === 'action_skipped').map((e) => [e.detail.step, e.detail.reason]);
    expect(skipped).toEqual([
      ['softReset', expect.stringContaining('already ran')],
      ['hardReset', 'a charging session is running on the charger'],
    ]);
    expect(waiting.reopenCount).toBe(1);
    expect(await rt.db.prisma.command.count({ where: { chargerId: c.id, kind: 'reset' } })).toBe(1);
  });

  it('a person who takes the ticket out of remote action stops its ladder: no automatic reset after that', async () => {
    const { charger: c } = await charger();
    const softReset = c.awaitCommand('Reset', { timeoutMs: 15_000 });
    c.injectFault({ kind: 'status-error', errorCode: 'InternalError', connectorId: 1, clearsBy: 'repair' });
    await softReset;
    const laddering = await ticketOf(rt, c.id, (t) => t.status === 'remote_action');
    // the support engineer sends someone instead of waiting for the ladder's hard reset
    expect(await rt.tickets.transition(laddering.id, ['remote_action'], 'awaiting_dispatch', 'user:support', { reason: 'sending an engineer' })).not.toBeNull();
    await rt.responses.idle();
    expect(await rt.db.prisma.command.count({ where: { chargerId: c.id, kind: 'reset' } })).toBe(1);
    const events = await timeline(rt, laddering.id);
    expect(events.filter((e) => e.type === 'remediation_stopped')).toEqual([
      { type: 'remediation_stopped', actor: 'rule:self-healing', detail: { reason: 'the ticket left remote action (now awaiting_dispatch)' } },
    ]);
    expect((await rt.db.prisma.ticket.findUniqueOrThrow({ where: { id: laddering.id } })).status).toBe('awaiting_dispatch');
  });

  it('a fault that clears by itself resolves the ticket remotely', async () => {
    const { charger: c } = await charger();
    c.injectFault({ kind: 'status-error', errorCode: 'UnderVoltage', connectorId: 1, clearsBy: 'self', clearAfterMs: 500 });
    const resolved = await ticketOf(rt, c.id, (t) => t.status === 'resolved_remotely', 15_000);
    expect(resolved.resolution).toBe('cleared by itself');
    expect(await rt.db.prisma.ticket.count({ where: { chargerId: c.id } })).toBe(1);
  });

  it('a safety-critical fault that clears stays open for inspection; its recurrence is an occurrence, not a second ticket', async () => {
    const { charger: c } = await charger();
    const id = c.injectFault({ kind: 'status-error', errorCode: 'PowerSwitchFailure', connectorId: 1, clearsBy: 'repair' });
    // 2.x reports a fault twice (StatusNotification Faulted and NotifyEvent): both land on one ticket
    const first = await ticketOf(rt, c.id, (t) => t.status === 'escalated');
    await rt.settled();
    const before = (await rt.db.prisma.ticket.findUniqueOrThrow({ where: { id: first.id } })).occurrences;
    const cleared = awaitEvent(c, 'fault', (r) => r.event === 'cleared');
    expect(c.clearFault(id, 'repair')).toBe(true);
    await cleared;
    c.injectFault({ kind: 'status-error', errorCode: 'PowerSwitchFailure', connectorId: 1, clearsBy: 'repair' });
    const again = await ticketOf(rt, c.id, (t) => t.occurrences > before);
    expect(again.id).toBe(first.id);
    expect(again.status).toBe('escalated');
    expect(await rt.db.prisma.ticket.count({ where: { chargerId: c.id } })).toBe(1);
    expect((await timeline(rt, first.id)).map((e) => e.type)).toEqual(expect.arrayContaining(['created', 'fault_cleared', 'occurrence']));
  });

  it('ConnectorLockFailure: UnlockConnector clears it', async () => {
    const { charger: c } = await charger();
    const unlock = c.awaitCommand('UnlockConnector', { timeoutMs: 15_000 });
    c.injectFault({ kind: 'status-error', errorCode: 'ConnectorLockFailure', connectorId: 1, clearsBy: 'unlock' });
    expect(await unlock).toEqual(v16 ? { connectorId: 1 } : { evseId: 1, connectorId: 1 });
    const t = await ticketOf(rt, c.id, (x) => x.status === 'resolved_remotely', 15_000);
    expect(t.resolution).toBe('cleared after automatic unlockConnector');
  });

  it('EVCommunicationError is no ticket until it repeats', async () => {
    const { charger: c } = await charger();
    for (let i = 0; i < 2; i++) {
      c.injectFault({ kind: 'status-error', errorCode: 'EVCommunicationError', connectorId: 1, clearsBy: 'self', clearAfterMs: 50 });
      await awaitEvent(c, 'fault', (r) => r.event === 'cleared');
    }
    await rt.settled();
    expect(await rt.db.prisma.ticket.count({ where: { chargerId: c.id } })).toBe(0);
    expect(await rt.db.prisma.fault.count({ where: { chargerId: c.id } })).toBeGreaterThanOrEqual(2);
    c.injectFault({ kind: 'status-error', errorCode: 'EVCommunicationError', connectorId: 1, clearsBy: 'self', clearAfterMs: 50 });
    const t = await ticketOf(rt, c.id);
    expect(t.faultClass).toBe('ocpp16:EVCommunicationError');
  });
});
