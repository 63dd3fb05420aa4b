import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ocppClient } from '../support/ocpp-client.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

const boot16 = { chargePointVendor: 'Acme', chargePointModel: 'AC22' };

describe.each([
  ['reject', 404, undefined],
  ['pending', undefined, 'Pending'],
  ['auto-register', undefined, 'Accepted'],
] as const)('unknown chargers with OCPP_UNKNOWN_CHARGERS=%s', (policy, refusedWith, bootStatus) => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime({ OCPP_UNKNOWN_CHARGERS: policy, OCPP_BOOT_RETRY_INTERVAL_S: '7' });
  });
  afterAll(() => rt.close());

  it(refusedWith ? `refuses the upgrade with ${refusedWith} and stores nothing` : `admits and answers BootNotification ${bootStatus}`, async () => {
    const c = ocppClient(rt.ocppUrl, 'NEW-1', 'ocpp1.6');
    if (refusedWith) {
      await expect(c.connect()).rejects.toMatchObject({ code: refusedWith });
      expect(await rt.db.prisma.charger.count()).toBe(0);
      return;
    }
    await c.connect();
    const b = (await c.call('BootNotification', boot16)) as { status: string; interval: number };
    expect(b.status).toBe(bootStatus);
    expect(b.interval).toBe(bootStatus === 'Pending' ? 7 : 300);
    expect(await rt.db.prisma.charger.findUnique({ where: { id: 'NEW-1' } })).toMatchObject({ vendor: 'Acme', registration: policy === 'pending' ? 'pending' : 'accepted' });
    if (policy === 'pending') {
      // approved (chargemend charger approve / the API): the next boot is accepted
      await rt.db.prisma.charger.update({ where: { id: 'NEW-1' }, data: { registration: 'accepted' } });
      expect(await c.call('BootNotification', boot16)).toMatchObject({ status: 'Accepted', interval: 300 });
    }
    await c.close();
  });
});

describe('admission', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime();
    await rt.addCharger('CP-OK');
  });
  afterAll(() => rt.close());

  it.each([
    ['a path other than /ocpp', (url: string) => url.replace('/ocpp', '/other'), 'CP-OK', 404],
    ['an identity longer than 48 characters', (url: string) => url, 'X'.repeat(49), 400],
  ])('refuses %s', async (_what, rewrite, id, status) => {
    const c = ocppClient(rewrite(rt.ocppUrl), id, 'ocpp2.0.1');
    await expect(c.connect()).rejects.toMatchObject({ code: status });
  });

  it('refuses a charger with a password that connects without one', async () => {
    await rt.addCharger('CP-PW', { password: 'a-good-password-1234' });
    await expect(ocppClient(rt.ocppUrl, 'CP-PW', 'ocpp2.1').connect()).rejects.toMatchObject({ code: 401 });
  });

  it('refuses a Security Profile 2 charger over plain ws', async () => {
    await rt.addCharger('CP-TLS', { password: 'a-good-password-1234', securityProfile: 2 });
    await expect(ocppClient(rt.ocppUrl, 'CP-TLS', 'ocpp2.0.1', 'a-good-password-1234').connect()).rejects.toMatchObject({ code: 401 });
  });

  it('answers BootNotification Rejected to a rejected charger and tells it when to retry', async () => {
    await rt.addCharger('CP-REJ', { registration: 'rejected' });
    const c = ocppClient(rt.ocppUrl, 'CP-REJ', 'ocpp2.0.1');
    await c.connect();
    const b = await c.call('BootNotification', { reason: 'PowerUp', chargingStation: { vendorName: 'V', model: 'M' } });
    expect(b).toMatchObject({ status: 'Rejected', interval: 60 });
    await c.close();
  });
});
