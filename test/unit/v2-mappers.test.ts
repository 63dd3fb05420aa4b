import { describe, expect, it } from 'vitest';
import { toDomainEvent, toDomainSamples, toDomainStatusFault, type EventData2 } from '../../gateway/adapters/v2-mappers.ts';

const received = new Date('2026-11-26T12:00:00Z');
const event = (e: Partial<EventData2>): EventData2 => ({
  eventId: 1,
  timestamp: '2026-11-26T11:00:00Z',
  trigger: 'Delta',
  actualValue: 'true',
  component: { name: 'ConnectorPlugRetentionLock', evse: { id: 1, connectorId: 1 } },
  variable: { name: 'Problem' },
  ...e,
});

describe('OCPP 2.x → domain', () => {
  it('Faulted status is a fault; other statuses are not', () => {
    expect(toDomainStatusFault({ timestamp: '', connectorStatus: 'Faulted', evseId: 1, connectorId: 1 })).toEqual({ source: 'status', code: 'Faulted' });
    expect(toDomainStatusFault({ timestamp: '', connectorStatus: 'Occupied', evseId: 1, connectorId: 1 })).toBeUndefined();
  });

  it.each([
    [{}, 'fault'],
    [{ actualValue: 'false' }, 'cleared'],
    [{ cleared: true }, 'cleared'],
    [{ variable: { name: 'Temperature' }, actualValue: '71.5', trigger: 'Alerting' }, 'reading'],
    [{ variable: { name: 'Temperature' }, actualValue: '40', trigger: 'Periodic' }, 'reading'],
    [{ variable: { name: 'AvailabilityState' }, actualValue: 'Available' }, 'other'],
    [{ variable: { name: 'Tripped' }, actualValue: 'Yes', trigger: 'Alerting', techCode: 'RCD' }, 'fault'],
  ])('NotifyEvent %o means %s', (e, kind) => {
    expect(toDomainEvent(event(e), received).kind).toBe(kind);
  });

  it('keys a Problem by component/variable with the techCode as vendor code', () => {
    const m = toDomainEvent(event({ techCode: 'E-42', techInfo: 'lock motor stalled' }), received);
    expect(m).toEqual({
      kind: 'fault',
      connector: { evseId: 1, connectorId: 1 },
      fault: { source: 'event', code: 'ConnectorPlugRetentionLock/Problem', vendorCode: 'E-42', info: 'lock motor stalled' },
      at: new Date('2026-11-26T11:00:00Z'),
    });
  });

  it('a component without an EVSE concerns the whole charger', () => {
    const m = toDomainEvent(event({ component: { name: 'ChargingStation' } }), received);
    expect(m.kind === 'fault' && m.connector).toEqual({ evseId: 0, connectorId: 0 });
  });

  it.each([
    [{ value: 12.5, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'kWh' } }, { value: 12_500, unit: 'Wh' }],
    [{ value: 125, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh', multiplier: 2 } }, { value: 12_500, unit: 'Wh' }],
    [{ value: 11 }, { value: 11, unit: 'Wh', measurand: 'Energy.Active.Import.Register' }],
    [{ value: 80, measurand: 'SoC', unitOfMeasure: { unit: 'Percent' } }, { value: 80, unit: 'Percent' }],
  ])('sampled value %o becomes %o', (sv, expected) => {
    const [s] = toDomainSamples([{ timestamp: '2026-11-26T11:59:00Z', sampledValue: [sv] }], received);
    expect(s).toMatchObject(expected);
  });
});
