import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, ocppClient } from '../support/ocpp-client.ts';
import { hasPostgresBinaries, startPgCluster, type PgCluster } from '../support/pg-cluster.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

// PostgreSQL of this suite's own is stopped (fast shutdown: sessions cut) and started again under a
// running product. The gateway keeps its sockets; what needs no database is still served; what needs it
// gets CALLERROR InternalError (OCPP-J: the charger retries) and leaves nothing half-written; after the
// restart the same calls succeed, once, and telemetry sent meanwhile is stored.

const boot16 = { chargePointVendor: 'Acme', chargePointModel: 'AC22' };
const boot2 = { reason: 'PowerUp', chargingStation: { vendorName: 'Acme', model: 'DC50' } };

describe('PostgreSQL restart', () => {
  let pg: PgCluster;
  let rt: TestRuntime;
  let c16: RPCClient;
  let c2: RPCClient;

  beforeAll(async () => {
    if (!hasPostgresBinaries()) throw new Error('PostgreSQL server programs not found: apt-get install -y postgresql (this test runs a cluster of its own)');
    pg = await startPgCluster();
    rt = await startTestRuntime({ DATABASE_URL: pg.url() }, { embedded: true });
    await rt.addCharger('PG-16');
    await rt.addCharger('PG-2');
    await rt.addCharger('PG-LATE');
    c16 = ocppClient(rt.ocppUrl, 'PG-16', 'ocpp1.6');
    c2 = ocppClient(rt.ocppUrl, 'PG-2', 'ocpp2.0.1');
    await Promise.all([c16.connect(), c2.connect()]);
    await c16.call('BootNotification', boot16);
    await c2.call('BootNotification', boot2);
  });
  afterAll(async () => {
    await c16?.close({ force: true });
    await c2?.close({ force: true });
    await rt?.close();
    await pg?.remove();
  });

  it('keeps sockets and serves, refuses or defers each kind of call while the database is down, then recovers', { timeout: 90_000 }, async () => {
    const meterAt = new Date();
    await pg.stop();

    // sockets stay
    expect(rt.gateway.connections.size).toBe(2);
    // no database needed: answered
    await expect(c16.call('Heartbeat', {})).resolves.toMatchObject({ currentTime: expect.any(String) });
    await expect(c2.call('Heartbeat', {})).resolves.toMatchObject({ currentTime: expect.any(String) });
    // telemetry is taken and kept (the SQL store waits for its database)
    await expect(
      c16.call('MeterValues', { connectorId: 1, meterValue: [{ timestamp: meterAt.toISOString(), sampledValue: [{ value: '1234.5', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] }] }),
    ).resolves.toEqual({});
    // the database is needed: InternalError, and the charger retries later
    await expect(c16.call('BootNotification', boot16)).rejects.toMatchObject({ rpcErrorCode: 'InternalError' });
    await expect(c16.call('StartTransaction', { connectorId: 1, idTag: 'TAG-1', meterStart: 1000, timestamp: new Date().toISOString() })).rejects.toMatchObject({ rpcErrorCode: 'InternalError' });
    await expect(c2.call('StatusNotification', { timestamp: new Date().toISOString(), connectorStatus: 'Faulted', evseId: 1, connectorId: 1 })).rejects.toMatchObject({ rpcErrorCode: 'InternalError' });
    // a security event is answered without a write: the fault it reports waits for the database, not lost
    await expect(c16.call('SecurityEventNotification', { type: 'TamperDetectionActivated', timestamp: new Date().toISOString() })).resolves.toEqual({});
    // a new connection cannot be admitted without the database: 503, retry later
    await expect(ocppClient(rt.ocppUrl, 'PG-LATE', 'ocpp1.6').connect()).rejects.toMatchObject({ code: 503 });
    expect(rt.gateway.connections.size).toBe(2);

    await pg.start();

    // the chargers' retries now succeed (the first may still meet a connection the restart broke)
    const started = await eventually(
      () => c16.call('StartTransaction', { connectorId: 1, idTag: 'TAG-1', meterStart: 1000, timestamp: new Date().toISOString() }) as Promise<{ transactionId: number }>,
      15_000,
      'StartTransaction to succeed again',
    );
    expect(started.transactionId).toEqual(expect.any(Number));
    await expect(c16.call('BootNotification', boot16)).resolves.toMatchObject({ status: 'Accepted' });
    await expect(c2.call('StatusNotification', { timestamp: new Date().toISOString(), connectorStatus: 'Faulted', evseId: 1, connectorId: 1 })).resolves.toEqual({});
    const late = ocppClient(rt.ocppUrl, 'PG-LATE', 'ocpp1.6');
    await late.connect();
    await late.close();

    // the fault reported during the outage has its ticket, once
    await eventually(
      async () => (await rt.db.prisma.ticket.count({ where: { chargerId: 'PG-16', faultClass: 'security:TamperDetectionActivated' } })) === 1,
      45_000,
      'the ticket of the fault reported while the database was down',
    );
    // nothing half-written: the refused StartTransaction left no row, the retried one exactly one
    expect(await rt.db.prisma.transaction.count({ where: { chargerId: 'PG-16' } })).toBe(1);
    // the meter value sent during the outage is stored
    await eventually(async () => {
      await rt.telemetry.flush();
      return true;
    }, 10_000, 'telemetry to reach the database');
    const latest = await rt.telemetry.latest('PG-16', ['Energy.Active.Import.Register']);
    expect(latest).toEqual([expect.objectContaining({ value: 1234.5 })]);
    expect(rt.gateway.connections.size).toBe(2);
  });
});
