import { describe, expect, it } from 'vitest';
import { toDomainConnector, toDomainFault, toDomainIdentity, toDomainSamples, toOcppConnectorId } from '../../gateway/adapters/v16-mappers.ts';

const received = new Date('2026-11-26T12:00:00Z');

describe('OCPP 1.6 → domain', () => {
  it.each([
    [0, { evseId: 0, connectorId: 0 }],
    [1, { evseId: 1, connectorId: 1 }],
    [2, { evseId: 2, connectorId: 1 }],
  ])('connector %i is %o and maps back', (n, ref) => {
    expect(toDomainConnector(n)).toEqual(ref);
    expect(toOcppConnectorId(ref)).toBe(n);
  });

  it('takes the charge point serial number, falling back to the charge box serial', () => {
    expect(toDomainIdentity({ chargePointVendor: 'V', chargePointModel: 'M', chargeBoxSerialNumber: 'B' }).serialNumber).toBe('B');
    expect(toDomainIdentity({ chargePointVendor: 'V', chargePointModel: 'M', chargePointSerialNumber: 'P', chargeBoxSerialNumber: 'B' }).serialNumber).toBe('P');
  });

  it.each([
    [{ errorCode: 'NoError' }, undefined],
    [{ errorCode: 'NoError', vendorErrorCode: 'X1' }, undefined],
    [{ errorCode: 'GroundFailure', info: 'RCD tripped' }, { source: 'status', code: 'GroundFailure', info: 'RCD tripped' }],
    [
      { errorCode: 'OtherError', vendorId: 'org.chargex.mrec', vendorErrorCode: 'CX002' },
      { source: 'status', code: 'OtherError', vendorId: 'org.chargex.mrec', vendorCode: 'CX002' },
    ],
  ])('status %o is fault %o', (p, fault) => {
    const f = toDomainFault({ connectorId: 1, status: 'Faulted', ...p });
    expect(f === undefined ? undefined : JSON.parse(JSON.stringify(f))).toEqual(fault);
  });

  it.each([
    [{ value: '12.5', measurand: 'Energy.Active.Import.Register', unit: 'kWh' }, { value: 12_500, unit: 'Wh' }],
    [{ value: '7.4', measurand: 'Power.Active.Import', unit: 'kW' }, { value: 7_400, unit: 'W' }],
    [{ value: '1234' }, { value: 1234, unit: 'Wh', measurand: 'Energy.Active.Import.Register' }],
    [{ value: '31.5', measurand: 'Temperature', unit: 'Celsius', location: 'Body' }, { value: 31.5, unit: 'Celsius', location: 'Body' }],
    [{ value: '16', measurand: 'Current.Import', phase: 'L2', unit: 'A' }, { value: 16, phase: 'L2' }],
  ])('sampled value %o becomes %o', (sv, expected) => {
    const [s] = toDomainSamples([{ timestamp: '2026-11-26T11:59:00Z', sampledValue: [sv] }], received);
    expect(s).toMatchObject({ ...expected, ts: new Date('2026-11-26T11:59:00Z') });
  });

  it('skips signed and non-numeric values, and falls back to the receive time for a bad timestamp', () => {
    const samples = toDomainSamples(
      [{ timestamp: 'yesterday', sampledValue: [{ value: 'abc' }, { value: '', measurand: 'Voltage' }, { value: 'xx', format: 'SignedData' }, { value: '230', measurand: 'Voltage' }] }],
      received,
    );
    expect(samples).toEqual([expect.objectContaining({ measurand: 'Voltage', value: 230, ts: received })]);
  });
});
