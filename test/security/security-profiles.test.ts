import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/ocpp-client.ts';
import { createTestPki, hasOpenssl, type KeyPair, type TestPki } from '../support/certs.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { attempt, call, closeAttempt } from './charger-auth.ts';

// Charger authentication with real certificates made in the test (our own CA): Security Profile 2
// (wss + HTTP Basic password), 3 (mutual TLS, CN = charger id), refusals, the throttle on failed logins,
// and that a connection only ever speaks for the id in its URL.

const PASSWORD = 'a-long-charger-secret-1';
const boot = { reason: 'PowerUp', chargingStation: { vendorName: 'Acme', model: 'DC50', serialNumber: 'SP3-B' } };

describe('Security Profiles 2 and 3', () => {
  let pki: TestPki;
  let rt: TestRuntime;
  let certA: KeyPair;

  beforeAll(async () => {
    if (!hasOpenssl()) throw new Error('openssl not found: apt-get install -y openssl (these tests make their own CA)');
    pki = createTestPki();
    rt = await startTestRuntime({
      OCPP_TLS_KEY_FILE: pki.server.keyFile,
      OCPP_TLS_CERT_FILE: pki.server.certFile,
      OCPP_TLS_CA_FILE: pki.caFile,
      OCPP_AUTH_MAX_FAILURES: '3',
    });
    await rt.addCharger('SP2-A', { password: PASSWORD, securityProfile: 2 });
    await rt.addCharger('SP2-B', { password: 'another-secret-of-b-1', securityProfile: 2 });
    await rt.addCharger('SP2-T', { password: PASSWORD, securityProfile: 2 });
    await rt.addCharger('SP3-A', { securityProfile: 3 });
    await rt.addCharger('SP3-B', { securityProfile: 3 });
    certA = pki.client('SP3-A');
  });
  afterAll(async () => {
    await rt?.close();
    pki?.remove();
  });

  it('serves wss:// only', () => {
    expect(rt.ocppUrl.startsWith('wss://')).toBe(true);
  });

  it('Profile 2: admits the right password over TLS and serves the charger', async () => {
    const a = await attempt(rt.ocppUrl, 'SP2-A', { ca: pki.ca, password: PASSWORD });
    expect(a.outcome).toBe('open');
    expect(await call(a.ws!, 'b1', 'BootNotification', boot)).toMatchObject([3, 'b1', { status: 'Accepted' }]);
    await closeAttempt(a);
  });

  it('Profile 2: refuses a wrong or missing password with 401', async () => {
    expect((await attempt(rt.ocppUrl, 'SP2-A', { ca: pki.ca, password: 'wrong-password-123' })).outcome).toBe(401);
    expect((await attempt(rt.ocppUrl, 'SP2-A', { ca: pki.ca })).outcome).toBe(401);
  });

  it('Profile 3: admits a client certificate of our CA whose CN is the charger id', async () => {
    const a = await attempt(rt.ocppUrl, 'SP3-A', { ca: pki.ca, ...certA });
    expect(a.outcome).toBe('open');
    expect(await call(a.ws!, 'b1', 'BootNotification', boot)).toMatchObject([3, 'b1', { status: 'Accepted' }]);
    await closeAttempt(a);
  });

  it.each([
    ['no client certificate', () => ({})],
    ['a certificate whose CN is another charger', () => pki.client('SP3-B')],
    ['an expired certificate of our CA', () => pki.client('SP3-A', { expired: true })],
    ['a certificate of another CA', () => pki.client('SP3-A', { otherCa: true })],
  ])('Profile 3: refuses %s', async (_what, cert) => {
    const a = await attempt(rt.ocppUrl, 'SP3-A', { ca: pki.ca, ...cert() });
    expect(a.outcome).toBe(401);
    await closeAttempt(a);
  });

  it('a charger cannot act for another id: not with its certificate, its password, or a path trick', async () => {
    expect((await attempt(rt.ocppUrl, 'SP3-B', { ca: pki.ca, ...certA })).outcome).toBe(401);
    expect((await attempt(rt.ocppUrl, 'SP2-B', { ca: pki.ca, user: 'SP2-A', password: PASSWORD })).outcome).toBe(401);
    expect((await attempt(rt.ocppUrl, 'SP2-B', { ca: pki.ca, password: PASSWORD })).outcome).toBe(401);
    for (const trick of ['SP2-A/..%2FSP2-B', 'SP2-B%2F..%2FSP2-A', 'SP2-A%00SP2-B']) {
      const a = await attempt(rt.ocppUrl, trick, { ca: pki.ca, password: PASSWORD });
      expect(a.outcome, trick).not.toBe('open');
      await closeAttempt(a);
    }
    // what a connection reports is recorded under its own id, whatever the payload says
    const a = await attempt(rt.ocppUrl, 'SP3-A', { ca: pki.ca, ...certA });
    await call(a.ws!, 'b2', 'BootNotification', { ...boot, chargingStation: { ...boot.chargingStation, model: 'SAYS-IT-IS-B' } });
    await closeAttempt(a);
    expect(await rt.db.prisma.charger.findUnique({ where: { id: 'SP3-A' } })).toMatchObject({ model: 'SAYS-IT-IS-B' });
    expect(await rt.db.prisma.charger.findUnique({ where: { id: 'SP3-B' } })).toMatchObject({ model: null, lastBootAt: null });
  });

  it('throttles password guessing per charger: after 3 failures even the right password is refused, other chargers are not', async () => {
    for (let i = 0; i < 3; i++) expect((await attempt(rt.ocppUrl, 'SP2-T', { ca: pki.ca, password: `guess-number-${i}` })).outcome).toBe(401);
    const locked = await attempt(rt.ocppUrl, 'SP2-T', { ca: pki.ca, password: PASSWORD });
    expect(locked).toMatchObject({ outcome: 401, message: expect.stringContaining('too many failed logins') });
    const other = await attempt(rt.ocppUrl, 'SP2-A', { ca: pki.ca, password: PASSWORD });
    expect(other.outcome).toBe('open');
    await closeAttempt(other);
  });
});

describe('failed-login throttle per remote address', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime({ OCPP_AUTH_MAX_FAILURES: '3', OCPP_AUTH_MAX_FAILURES_PER_IP: '6', OCPP_AUTH_FAILURE_WINDOW_S: '2' });
    await rt.addCharger('GOOD', { password: PASSWORD });
  });
  afterAll(() => rt?.close());

  it('refuses every id from an address that sprayed failures, until the window passes', async () => {
    const url = rt.ocppUrl;
    for (let i = 0; i < 6; i++) expect((await attempt(url, `SPRAY-${i}`, { password: 'x-guess-123456' })).outcome).toBe(404);
    const refused = await attempt(url, 'GOOD', { password: PASSWORD });
    expect(refused).toMatchObject({ outcome: 401, message: expect.stringContaining('too many failed logins') });
    // not extended by attempts made while refused; admitted again once the window has passed
    const admitted = await eventually(async () => {
      const a = await attempt(url, 'GOOD', { password: PASSWORD });
      return a.outcome === 'open' ? a : undefined;
    }, 5_000, 'the address to be let in again');
    await closeAttempt(admitted);
  });
});
