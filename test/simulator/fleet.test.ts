import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { awaitEvent } from '../../simulator/await-event.ts';
import type { GroundTruthRecord } from '../../simulator/faults/ground-truth-log.ts';
import { startFleet, type Fleet } from '../../simulator/fleet/fleet.ts';
import { allocate, parseMix } from '../../simulator/fleet/mix.ts';
import { loadScenario } from '../../simulator/fleet/scenario.ts';
import { FakeCsms } from '../support/fake-csms.ts';

const dir = mkdtempSync(join(tmpdir(), 'sim-fleet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const open: Array<{ fleet?: Fleet; csms?: FakeCsms }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.fleet?.stop();
    await o.csms?.stop();
  }
});

const fast = { timeScale: 50, template: { rebootDelayMs: 30, webSocketPingIntervalS: 0, reconnect: { initialDelayMs: 20, maxDelayMs: 200, factor: 2, jitter: 0.3 } }, sessions: { perChargerPerHour: 0, durationS: [1, 2] as [number, number] } };

describe('fleet mix', () => {
  it.each([
    ['1.6:60,2.0.1:30,2.1:10', 10, [['1.6', 6], ['2.0.1', 3], ['2.1', 1]]],
    ['1.6:1,2.1:1', 3, [['1.6', 2], ['2.1', 1]]],
  ] as const)('allocates %s over %i chargers', (spec, count, expected) => {
    expect(allocate(count, parseMix(spec))).toEqual(expected);
  });
  it.each(['1.6:abc', '1.5:10', '', '1.6:0'])('refuses %j', (spec) => {
    expect(() => parseMix(spec)).toThrow(/invalid --mix/);
  });
});

describe('fleet', () => {
  it('boots a mixed fleet, answers the API, and writes a ground truth that matches what was sent', async () => {
    const csms = await FakeCsms.start();
    const truthPath = join(dir, 'truth.jsonl');
    const fleet = startFleet({ url: csms.url, count: 6, mix: { '1.6': 1, '2.0.1': 1, '2.1': 1 }, idPrefix: 'FLT', scenario: fast, groundTruthPath: truthPath });
    open.push({ fleet, csms });
    await fleet.awaitBooted();
    expect(new Set(csms.connections.map((c) => c.protocol))).toEqual(new Set(['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1']));
    const ids = fleet.chargers.map((c) => c.id);
    expect(ids).toEqual(['FLT16-1', 'FLT16-2', 'FLT201-3', 'FLT201-4', 'FLT21-5', 'FLT21-6']);

    const c16 = fleet.charger('FLT16-1');
    const c21 = fleet.charger('FLT21-5');
    const reset = c16.awaitCommand('ClearCache');
    await csms.send('FLT16-1', 'ClearCache', {});
    expect(await reset).toEqual({});
    const f1 = fleet.injectFault('FLT16-1', { kind: 'status-error', errorCode: 'PowerSwitchFailure', vendorErrorCode: 'RLY-7', connectorId: 1, clearsBy: 'repair' });
    const f2 = fleet.injectFault('FLT21-5', { kind: 'event', component: 'AcDcConverter', techCode: 'PSU3', techInfo: 'module 3 fault', faulted: true, connectorId: 1 });
    await csms.awaitCall('FLT16-1', 'StatusNotification', (p) => p.errorCode === 'PowerSwitchFailure');
    await csms.awaitCall('FLT21-5', 'NotifyEvent');
    c21.clearFault(f2, 'soft-reset');
    await csms.awaitCall('FLT21-5', 'NotifyEvent', (p) => (p.eventData as Array<{ cleared?: boolean }>)[0]!.cleared === true);
    expect(fleet.summary()).toMatchObject({ chargers: 6, connected: 6, booted: 6, faultsInjected: 2, faultsCleared: 1, byVersion: { '1.6': 2, '2.0.1': 2, '2.1': 2 } });
    expect(c16.state().faults).toMatchObject([{ faultId: f1, kind: 'status-error', expectedSeverity: 'safety-critical' }]);
    await fleet.stop();

    const lines = readFileSync(truthPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as GroundTruthRecord);
    expect(lines.map((l) => [l.faultId, l.event])).toEqual([[f1, 'injected'], [f2, 'injected'], [f2, 'cleared']]);
    // every injected fault's detail is what the CSMS received
    const sn = csms.callsOf('FLT16-1', 'StatusNotification').find((c) => c.params.errorCode === 'PowerSwitchFailure')!;
    expect(sn.params).toMatchObject({ connectorId: lines[0]!.detail.connectorId, errorCode: lines[0]!.detail.errorCode, vendorErrorCode: lines[0]!.detail.vendorErrorCode });
    const ev = (csms.callsOf('FLT21-5', 'NotifyEvent')[0]!.params.eventData as Array<{ component: { name: string }; techCode: string }>)[0]!;
    expect([ev.component.name, ev.techCode]).toEqual([lines[1]!.detail.component, lines[1]!.detail.techCode]);
    expect(lines[1]).toMatchObject({ ocppVersion: '2.1', expectedSeverity: 'high', clearsBy: 'soft-reset', clearableBy: 'soft-reset' });
  });

  it('plays a YAML scenario: ramp-up, fault arrivals, sessions and a reconnect storm', async () => {
    const csms = await FakeCsms.start();
    const path = join(dir, 'scenario.yaml');
    writeFileSync(path, [
      'name: busy',
      'timeScale: 50',
      'template: { rebootDelayMs: 30, webSocketPingIntervalS: 0, reconnect: { initialDelayMs: 20, maxDelayMs: 100, factor: 2, jitter: 0.3 } }',
      'rampUpS: 0.2',
      'faultsPerHour: { status-error: 36000, security: 18000 }',
      'clearsBy: { self: 1 }',
      'selfClearS: [0.05, 0.1]',
      'sessions: { perChargerPerHour: 3600, durationS: [0.1, 0.2] }',
      'storms: [{ atS: 0.6, downS: 0.1 }]',
    ].join('\n'));
    const scenario = await loadScenario(path);
    const fleet = startFleet({ url: csms.url, count: 8, mix: { '1.6': 1, '2.0.1': 1 }, scenario });
    open.push({ fleet, csms });
    await fleet.awaitBooted();
    const firstConnections = csms.connections.map((c) => c.at);
    expect(Math.max(...firstConnections) - Math.min(...firstConnections)).toBeGreaterThanOrEqual(100);
    await awaitEvent(fleet, 'fault', (r) => r.event === 'cleared' && r.clearedBy === 'self', 5_000);
    // the storm: every charger drops and comes back without rebooting
    await new Promise<void>((resolve) => {
      const check = () => (csms.connections.length >= 16 ? resolve() : setTimeout(check, 20));
      check();
    });
    const s = fleet.summary();
    expect(s.faultsInjected).toBeGreaterThan(0);
    expect(s.sessionsStarted).toBeGreaterThan(0);
    expect(csms.calls.filter((c) => c.action === 'BootNotification')).toHaveLength(8);
  });

  it('rejects an invalid scenario with the field at fault', async () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify({ faultsPerHour: { 'status-error': -1 } }));
    await expect(loadScenario(path)).rejects.toThrow(/invalid scenario .*faultsPerHour\.status-error/);
  });
});
