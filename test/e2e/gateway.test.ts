import { once } from 'node:events';
import type { RPCClient } from 'ocpp-rpc';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OcppSubprotocol } from '../../ocpp/validators.ts';
import { eventually, ocppClient } from '../support/ocpp-client.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

const PASSWORD = 'a-good-password-1234';
const now = () => new Date().toISOString();

const boot: Record<OcppSubprotocol, object> = {
  'ocpp1.6': { chargePointVendor: 'Acme', chargePointModel: 'AC22', chargePointSerialNumber: 'SN-1', firmwareVersion: '1.2.3' },
  'ocpp2.0.1': { reason: 'PowerUp', chargingStation: { vendorName: 'Acme', model: 'AC22', serialNumber: 'SN-1', firmwareVersion: '1.2.3' } },
  'ocpp2.1': { reason: 'PowerUp', chargingStation: { vendorName: 'Acme', model: 'AC22', serialNumber: 'SN-1', firmwareVersion: '1.2.3' } },
};

function statusNotification(protocol: OcppSubprotocol, status: 'Available' | 'Faulted') {
  return protocol === 'ocpp1.6'
    ? { connectorId: 1, errorCode: status === 'Faulted' ? 'GroundFailure' : 'NoError', status, timestamp: now() }
    : { timestamp: now(), connectorStatus: status, evseId: 1, connectorId: 1 };
}

function meterValues(protocol: OcppSubprotocol, wh: number) {
  return protocol === 'ocpp1.6'
    ? {
        connectorId: 1,
        meterValue: [
          {
            timestamp: now(),
            sampledValue: [
              { value: String(wh / 1000), measurand: 'Energy.Active.Import.Register', unit: 'kWh' },
              { value: '230.5', measurand: 'Voltage', phase: 'L1-N', unit: 'V' },
            ],
          },
        ],
      }
    : {
        evseId: 1,
        meterValue: [
          {
            timestamp: now(),
            sampledValue: [
              { value: wh / 1000, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'kWh' } },
              { value: 230.5, measurand: 'Voltage', phase: 'L1-N', unitOfMeasure: { unit: 'V' } },
            ],
          },
        ],
      };
}

describe.each(['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'] as const)('gateway over %s (PostgreSQL)', (protocol) => {
  let rt: TestRuntime;
  const clients: RPCClient[] = [];
  const connect = async (id: string, password?: string) => {
    const c = ocppClient(rt.ocppUrl, id, protocol, password);
    clients.push(c);
    await c.connect();
    return c;
  };

  beforeAll(async () => {
    rt = await startTestRuntime();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close({ force: true })));
  });
  afterAll(async () => {
    await rt.close();
  });

  it('boots, heartbeats, reports status and meter values; state lands in PostgreSQL and telemetry', async () => {
    const id = `CP-${protocol}-1`;
    await rt.addCharger(id, { password: PASSWORD });
    const c = await connect(id, PASSWORD);

    const b = (await c.call('BootNotification', boot[protocol])) as { status: string; interval: number };
    expect(b.status).toBe('Accepted');
    expect(b.interval).toBe(300);
    const hb = (await c.call('Heartbeat', {})) as { currentTime: string };
    expect(Math.abs(Date.parse(hb.currentTime) - Date.now())).toBeLessThan(5_000);
    await c.call('StatusNotification', statusNotification(protocol, 'Available'));
    await c.call('MeterValues', meterValues(protocol, 12_345));

    const charger = await rt.db.prisma.charger.findUniqueOrThrow({ where: { id }, include: { connectors: true, connections: true } });
    expect(charger).toMatchObject({ vendor: 'Acme', model: 'AC22', serialNumber: 'SN-1', firmwareVersion: '1.2.3', online: true });
    expect(charger.ocppVersion).toBe({ 'ocpp1.6': 'v1_6', 'ocpp2.0.1': 'v2_0_1', 'ocpp2.1': 'v2_1' }[protocol]);
    expect(charger.connectors).toEqual([expect.objectContaining({ evseId: 1, connectorId: 1, status: 'Available', errorCode: null })]);
    expect(charger.connections).toEqual([expect.objectContaining({ protocol: `ocpp${protocol.slice(4)}`, disconnectedAt: null })]);

    await rt.telemetry.flush();
    const latest = await rt.telemetry.latest(id);
    expect(latest).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ measurand: 'Energy.Active.Import.Register', value: 12_345, unit: 'Wh', evseId: 1 }),
        expect.objectContaining({ measurand: 'Voltage', value: 230.5, phase: 'L1-N' }),
      ]),
    );
    const history = await rt.telemetry.statusHistory(id, new Date(Date.now() - 60_000), new Date(Date.now() + 60_000));
    expect(history.map((h) => h.status)).toContain('Available');

    await c.close();
    await eventually(async () => !(await rt.db.prisma.charger.findUniqueOrThrow({ where: { id } })).online, 5_000, 'charger offline after close');
    const conn = await rt.db.prisma.chargerConnection.findFirstOrThrow({ where: { chargerId: id } });
    expect(conn.disconnectedAt).not.toBeNull();
  });

  it('writes a status change once, not once per repeat, and raises then clears the fault', async () => {
    const id = `CP-${protocol}-2`;
    await rt.addCharger(id);
    const c = await connect(id);
    await c.call('BootNotification', boot[protocol]);
    const faults: string[] = [];
    const off = rt.bus.onAny((e) => {
      if (e.chargerId === id && (e.type === 'fault.reported' || e.type === 'fault.cleared')) faults.push(`${e.type}:${e.fault.code ?? '*'}`);
    });
    await c.call('StatusNotification', statusNotification(protocol, 'Faulted'));
    const first = await rt.db.prisma.connector.findFirstOrThrow({ where: { chargerId: id } });
    await c.call('StatusNotification', statusNotification(protocol, 'Faulted'));
    const again = await rt.db.prisma.connector.findFirstOrThrow({ where: { chargerId: id } });
    expect(again.updatedAt).toEqual(first.updatedAt);
    await c.call('StatusNotification', statusNotification(protocol, 'Available'));
    off();
    const code = protocol === 'ocpp1.6' ? 'GroundFailure' : 'Faulted';
    // a report without a fault clears every status fault of the connector
    expect(faults).toEqual([`fault.reported:${code}`, 'fault.cleared:*']);
  });

  it('refuses a wrong password at the upgrade with 401 and records nothing', async () => {
    const id = `CP-${protocol}-3`;
    await rt.addCharger(id, { password: PASSWORD });
    const c = ocppClient(rt.ocppUrl, id, protocol, 'not-the-password-000');
    await expect(c.connect()).rejects.toMatchObject({ code: 401 });
    const connections = await rt.db.prisma.chargerConnection.count({ where: { chargerId: id } });
    expect(connections).toBe(0);
    expect((await rt.db.prisma.charger.findUniqueOrThrow({ where: { id } })).online).toBe(false);
  });

  it('answers a schema violation with the version\'s CALLERROR and keeps the connection up', async () => {
    const id = `CP-${protocol}-4`;
    await rt.addCharger(id);
    const raw = ocppClient(rt.ocppUrl, id, protocol, undefined, false);
    clients.push(raw);
    await raw.connect();
    // 1.6 too: the OCPP 1.6J errata v1.0 §5 corrects the 1.6 spec's "Occurence"
    await expect(raw.call('BootNotification', {})).rejects.toMatchObject({ rpcErrorCode: 'OccurrenceConstraintViolation' });
    const wrongType = protocol === 'ocpp1.6' ? { connectorId: 'one', errorCode: 'NoError', status: 'Available' } : { timestamp: now(), connectorStatus: 'Available', evseId: 'one', connectorId: 1 };
    await expect(raw.call('StatusNotification', wrongType)).rejects.toMatchObject({ rpcErrorCode: 'TypeConstraintViolation' });
    await expect(raw.call('NoSuchAction', {})).rejects.toMatchObject({ rpcErrorCode: 'NotImplemented' });
    await expect(raw.call('Heartbeat', {})).resolves.toHaveProperty('currentTime');
  });

  it('answers NotSupported to an action of the version that a central system does not serve', async () => {
    const id = `CP-${protocol}-5`;
    await rt.addCharger(id);
    const c = await connect(id);
    const action = protocol === 'ocpp1.6' ? ['Reset', { type: 'Soft' }] : ['ClearCache', {}];
    await expect(c.call(action[0] as string, action[1])).rejects.toMatchObject({ rpcErrorCode: 'NotSupported' });
  });

  it('lets a second connection with the same id replace the first cleanly', async () => {
    const id = `CP-${protocol}-6`;
    await rt.addCharger(id);
    const first = await connect(id);
    await first.call('BootNotification', boot[protocol]);
    const closed = once(first, 'close');
    const second = await connect(id);
    await closed;
    await expect(second.call('Heartbeat', {})).resolves.toHaveProperty('currentTime');
    await eventually(async () => (await rt.db.prisma.chargerConnection.count({ where: { chargerId: id, disconnectedAt: { not: null } } })) === 1, 5_000, 'old connection closed');
    const charger = await rt.db.prisma.charger.findUniqueOrThrow({ where: { id } });
    expect(charger.online).toBe(true);
    expect(rt.gateway.connections.get(id)?.client).toBeDefined();
  });
});
