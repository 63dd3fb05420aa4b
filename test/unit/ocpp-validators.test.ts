import { describe, expect, it } from 'vitest';
import { ocpp21Schemas, rekeyOcpp21SchemaId, strictModeValidators } from '../../ocpp/validators.ts';

const v21 = strictModeValidators.find((v) => v.subprotocol === 'ocpp2.1')!;

describe('OCPP 2.1 strict-mode validator (ocpp-rpc 2.2.1 keys its 2.1 schemas differently)', () => {
  it.each([
    ['urn:BootNotificationRequest', 'urn:BootNotification.req'],
    ['urn:BootNotificationResponse', 'urn:BootNotification.conf'],
    ['urn:NotifyEventRequest', 'urn:NotifyEvent.req'],
    ['urn:SomethingElse', 'urn:SomethingElse'],
  ])('re-keys %s as %s', (from, to) => {
    expect(rekeyOcpp21SchemaId(from)).toBe(to);
  });

  it('keeps every 2.1 schema, each under a distinct id', () => {
    const ids = ocpp21Schemas().map((s) => s.$id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('urn:TransactionEvent.req');
  });

  it('accepts a valid BootNotification and reports a missing field as a typed RPC error', () => {
    expect(
      v21.validate('urn:BootNotification.req', {
        reason: 'PowerUp',
        chargingStation: { model: 'M', vendorName: 'V' },
      }),
    ).toBe(true);
    expect(() => v21.validate('urn:BootNotification.req', { reason: 'PowerUp' })).toThrowError(
      expect.objectContaining({ rpcErrorCode: 'OccurrenceConstraintViolation' }) as Error,
    );
  });
});

describe('CALLERROR spelling per version', () => {
  it('uses the 1.6 spec spelling for 1.6 and the 2.x spelling for 2.0.1', () => {
    const v16 = strictModeValidators.find((v) => v.subprotocol === 'ocpp1.6')!;
    const v201 = strictModeValidators.find((v) => v.subprotocol === 'ocpp2.0.1')!;
    expect(() => v16.validate('urn:BootNotification.req', {})).toThrowError(
      expect.objectContaining({ rpcErrorCode: 'OccurenceConstraintViolation' }) as Error,
    );
    expect(() => v201.validate('urn:BootNotification.req', {})).toThrowError(
      expect.objectContaining({ rpcErrorCode: 'OccurrenceConstraintViolation' }) as Error,
    );
  });
});

describe('OCPP 1.6 security extension', () => {
  const v16 = strictModeValidators.find((v) => v.subprotocol === 'ocpp1.6')!;
  it('validates SecurityEventNotification, SignedFirmwareStatusNotification and LogStatusNotification', () => {
    expect(v16.validate('urn:SecurityEventNotification.req', { type: 'TamperDetectionActivated', timestamp: '2026-11-26T10:00:00Z' })).toBe(true);
    expect(v16.validate('urn:SignedFirmwareStatusNotification.req', { status: 'Installed', requestId: 3 })).toBe(true);
    expect(v16.validate('urn:LogStatusNotification.req', { status: 'Uploaded' })).toBe(true);
    expect(() => v16.validate('urn:LogStatusNotification.req', { status: 'Done' })).toThrow();
  });
});
