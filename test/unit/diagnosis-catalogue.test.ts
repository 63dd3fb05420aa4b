import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogueError, loadCatalogue } from '../../core/diagnosis/catalogue.ts';
import type { Fault } from '../../core/domain/charger.ts';

const catalogue = loadCatalogue();
const OCPP16 = [
  'ConnectorLockFailure', 'EVCommunicationError', 'GroundFailure', 'HighTemperature', 'InternalError', 'LocalListConflict', 'NoError',
  'OtherError', 'OverCurrentFailure', 'OverVoltage', 'PowerMeterFailure', 'PowerSwitchFailure', 'ReaderFailure', 'ResetFailure',
  'UnderVoltage', 'WeakSignal',
];

describe('the default diagnosis catalogue', () => {
  it('covers all sixteen 1.6 error codes and the MREC codes CX001–CX026', () => {
    for (const code of OCPP16) expect(catalogue.entry(`ocpp16:${code}`), code).toBeDefined();
    for (let n = 1; n <= 26; n++) expect(catalogue.entry(`mrec:CX${String(n).padStart(3, '0')}`), `CX${n}`).toBeDefined();
  });

  it.each(['GroundFailure', 'OverCurrentFailure', 'PowerSwitchFailure'])('%s is safety-critical: out of service, escalated, never reset', (code) => {
    const e = catalogue.entry(`ocpp16:${code}`)!;
    expect(e).toMatchObject({ severity: 'safety-critical', outOfService: true, escalate: true });
    expect(e.selfHealing.steps).not.toContain('softReset');
  });

  it('follows the issue\'s rules for the notable codes', () => {
    expect(catalogue.entry('ocpp16:EVCommunicationError')).toMatchObject({ opensTicket: 'on-repeat' });
    expect(catalogue.entry('ocpp16:HighTemperature')!.selfHealing.steps).toEqual(['waitForClear']);
    expect(catalogue.entry('ocpp16:ConnectorLockFailure')!.selfHealing.steps).toEqual(['unlockConnector']);
    expect(catalogue.entry('ocpp16:InternalError')!.selfHealing.steps).toEqual(['retrieveLogs', 'softReset', 'hardReset']);
    expect(catalogue.entry('ocpp16:OverVoltage')!.siteCorrelation).toBe(true);
  });

  it.each<[Fault, string]>([
    [{ source: 'status', code: 'GroundFailure' }, 'ocpp16:GroundFailure'],
    [{ source: 'status', code: 'OtherError', vendorId: 'https://chargex.inl.gov', vendorCode: 'CX002' }, 'mrec:CX002'],
    [{ source: 'event', code: 'EVSE/Problem', vendorCode: 'CX017' }, 'mrec:CX017'],
    [{ source: 'event', code: 'EVSE/Problem', vendorCode: 'HighTemperature' }, 'ocpp16:HighTemperature'],
    [{ source: 'event', code: 'ConnectorPlugRetentionLock/Problem' }, 'event:ConnectorPlugRetentionLock/Problem'],
    [{ source: 'event', code: 'Fan/Problem' }, 'event:*/Problem'],
    [{ source: 'event', code: 'Fan/Speed' }, 'fallback:event'],
    [{ source: 'status', code: 'Faulted' }, 'status:Faulted'],
    [{ source: 'security', code: 'TamperDetectionActivated' }, 'security:TamperDetectionActivated'],
    [{ source: 'security', code: 'SomethingNew' }, 'security:*'],
    [{ source: 'synthetic', code: 'Offline' }, 'synthetic:Offline'],
  ])('classifies %o as %s', (fault, key) => {
    expect(catalogue.classify(fault).key).toBe(key);
  });

  it('lets an operator file replace an entry and add vendor codes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalogue-'));
    const file = join(dir, 'ours.json');
    const vendor = { ...catalogue.entry('ocpp16:InternalError')!, key: 'vendor:Acme:E42', title: 'Acme E42', severity: 'low' };
    writeFileSync(file, JSON.stringify({ version: 'site-1', entries: [vendor] }));
    const merged = loadCatalogue(file);
    expect(merged.version).toBe(`${catalogue.version}+site-1`);
    expect(merged.classify({ source: 'status', code: 'OtherError', vendorId: 'Acme', vendorCode: 'E42' }).title).toBe('Acme E42');
  });

  it('refuses an invalid operator file with the path of the problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalogue-'));
    const file = join(dir, 'bad.json');
    const reset = { ...catalogue.entry('ocpp16:GroundFailure')!, selfHealing: { allowed: true, steps: ['hardReset'], waitForClearS: 10, allowDuringTransaction: false } };
    writeFileSync(file, JSON.stringify({ version: 'x', entries: [reset] }));
    expect(() => loadCatalogue(file)).toThrow(CatalogueError);
    expect(() => loadCatalogue(file)).toThrow(/safety-critical entry may not reset/);
  });
});
