import { describe, expect, it } from 'vitest';
import { awaitEvent } from '../../simulator/await-event.ts';
import { booted, rig } from './helpers.ts';

describe('OCPP 1.6 configuration key store', () => {
  it('reads all keys, some read-only, and reports unknown keys', async () => {
    const r = await booted(await rig('1.6'));
    const all = (await r.csms.send(r.charger.id, 'GetConfiguration', {})) as { configurationKey: Array<{ key: string; readonly: boolean; value: string }> };
    const byKey = new Map(all.configurationKey.map((k) => [k.key, k]));
    expect(byKey.get('HeartbeatInterval')).toMatchObject({ readonly: false, value: '300' });
    expect(byKey.get('NumberOfConnectors')).toEqual({ key: 'NumberOfConnectors', readonly: true, value: '1' });
    expect(byKey.has('AuthorizationKey')).toBe(false); // write-only
    const some = await r.csms.send(r.charger.id, 'GetConfiguration', { key: ['MeterValueSampleInterval', 'NoSuchKey'] });
    expect(some).toEqual({ configurationKey: [{ key: 'MeterValueSampleInterval', readonly: false, value: '10' }], unknownKey: ['NoSuchKey'] });
  });

  it('changes keys: Accepted, Rejected for read-only or invalid, NotSupported for unknown', async () => {
    const r = await booted(await rig('1.6'));
    const change = (key: string, value: string) => r.csms.send(r.charger.id, 'ChangeConfiguration', { key, value });
    expect(await change('HeartbeatInterval', '2')).toEqual({ status: 'Accepted' });
    expect(await change('NumberOfConnectors', '4')).toEqual({ status: 'Rejected' });
    expect(await change('HeartbeatInterval', 'soon')).toEqual({ status: 'Rejected' });
    expect(await change('NoSuchKey', '1')).toEqual({ status: 'NotSupported' });
    expect(await change('WebSocketPingInterval', '0')).toEqual({ status: 'RebootRequired' });
    expect(r.charger.state().config.heartbeatInterval).toBe('2');
  });

  it('reconnects with a new AuthorizationKey (security profile 1)', async () => {
    const r = await booted(await rig('1.6', { security: { profile: 1, password: 'first-password' } }, { password: 'first-password' }));
    const before = r.csms.connections.length;
    const reconnected = awaitEvent(r.charger, 'connected');
    r.csms.password = 'second-password';
    expect(await r.csms.send(r.charger.id, 'ChangeConfiguration', { key: 'AuthorizationKey', value: 'second-password' })).toEqual({ status: 'Accepted' });
    await reconnected;
    expect(r.csms.connections.slice(before).filter((c) => c.identity === r.charger.id)).toHaveLength(1);
  });
});

describe.each(['2.0.1', '2.1'] as const)('OCPP %s device model', (version) => {
  it('gets variables with the right attributeStatus', async () => {
    const r = await booted(await rig(version, { model: 'DM-1' }));
    const answer = (await r.csms.send(r.charger.id, 'GetVariables', {
      getVariableData: [
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } },
        { component: { name: 'ChargingStation' }, variable: { name: 'Model' } },
        { component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' } },
        { component: { name: 'NoSuchCtrlr' }, variable: { name: 'X' } },
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'NoSuchVariable' } },
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeType: 'MaxSet' },
        { component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'AvailabilityState' } },
      ],
    })) as { getVariableResult: Array<{ attributeStatus: string; attributeValue?: string }> };
    expect(answer.getVariableResult.map((x) => [x.attributeStatus, x.attributeValue])).toEqual([
      ['Accepted', '300'], ['Accepted', 'DM-1'], ['Rejected', undefined], ['UnknownComponent', undefined],
      ['UnknownVariable', undefined], ['NotSupportedAttributeType', undefined], ['Accepted', 'Available'],
    ]);
  });

  it('sets variables and applies them', async () => {
    const r = await booted(await rig(version));
    const answer = (await r.csms.send(r.charger.id, 'SetVariables', {
      setVariableData: [
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: '1' },
        { component: { name: 'SampledDataCtrlr' }, variable: { name: 'TxUpdatedInterval' }, attributeValue: '5' },
        { component: { name: 'ChargingStation' }, variable: { name: 'Model' }, attributeValue: 'X' },
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: '-4' },
        { component: { name: 'Nope' }, variable: { name: 'HeartbeatInterval' }, attributeValue: '1' },
      ],
    })) as { setVariableResult: Array<{ attributeStatus: string }> };
    expect(answer.setVariableResult.map((x) => x.attributeStatus)).toEqual(['Accepted', 'Accepted', 'Rejected', 'Rejected', 'UnknownComponent']);
    expect(r.charger.state().config).toMatchObject({ heartbeatInterval: '1', meterValueSampleInterval: '5' });
    // the new interval applies from the next heartbeat on (1 s = 20 ms here)
    const a = await r.csms.awaitCall(r.charger.id, 'Heartbeat', () => true, 10_000);
    const b = await r.csms.awaitCall(r.charger.id, 'Heartbeat', () => true, 2_000, a.index + 1);
    expect(b.at - a.at).toBeLessThan(500);
  });

  it.each(['FullInventory', 'ConfigurationInventory', 'SummaryInventory'])('answers GetBaseReport %s with NotifyReport parts', async (reportBase) => {
    const r = await booted(await rig(version));
    expect(await r.csms.send(r.charger.id, 'GetBaseReport', { requestId: 42, reportBase })).toEqual({ status: 'Accepted' });
    const last = await r.csms.awaitCall(r.charger.id, 'NotifyReport', (p) => !p.tbc);
    const parts = r.csms.callsOf(r.charger.id, 'NotifyReport');
    expect(parts.map((p) => p.params.seqNo)).toEqual(parts.map((_, i) => i));
    expect(parts.every((p) => p.params.requestId === 42)).toBe(true);
    expect(last.params.seqNo).toBe(parts.length - 1);
    const data = parts.flatMap((p) => p.params.reportData as Array<{ component: { name: string }; variable: { name: string }; variableAttribute: Array<{ value?: string; mutability: string }> }>);
    const names = data.map((d) => `${d.component.name}.${d.variable.name}`);
    if (reportBase === 'FullInventory') {
      expect(parts.length).toBeGreaterThan(1);
      expect(names).toEqual(expect.arrayContaining(['OCPPCommCtrlr.HeartbeatInterval', 'ChargingStation.Model', 'EVSE.AvailabilityState', 'Connector.ConnectorType']));
      expect(data.find((d) => d.variable.name === 'BasicAuthPassword')!.variableAttribute[0]).toEqual({ type: 'Actual', mutability: 'WriteOnly', persistent: true, constant: false });
    } else if (reportBase === 'ConfigurationInventory') {
      expect(data.every((d) => d.variableAttribute[0]!.mutability !== 'ReadOnly')).toBe(true);
    } else {
      expect(names.every((n) => n.endsWith('.AvailabilityState'))).toBe(true);
    }
    expect(r.csms.strictFailures).toEqual([]);
  });
});
