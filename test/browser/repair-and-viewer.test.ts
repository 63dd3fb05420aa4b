import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualCharger } from '../../simulator/virtual-charger.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { bootedCharger, fastCatalogueFile, ticketOf } from '../support/sim.ts';
import { launchChromium, newPage, screenshot } from './support/browser.ts';
import { aPerson, signIn, tokenOf, type Person } from './support/people.ts';

// On site with a tablet: a repair engineer records the repair and the customer signs on the screen.
// And a viewer (read-only) sees the same ticket without the customer's personal data.

const CUSTOMER = { name: 'Maria Jensen', email: 'maria.jensen@example.org', phone: '+45 20 11 22 33', address: 'Havnegade 12, 1058 København' };

describe('repair engineer and viewer in the dashboard', () => {
  let rt: TestRuntime;
  let browser: Browser;
  let page: Page;
  let charger: VirtualCharger;
  let faultId: string;
  let ticketId: string;
  let repair: Person;
  let viewer: Person;

  beforeAll(async () => {
    rt = await startTestRuntime({ OCPP_UNKNOWN_CHARGERS: 'auto-register', DIAGNOSIS_CATALOGUE_FILE: fastCatalogueFile(3) });
    const prisma = rt.db.prisma;
    charger = (await bootedCharger(rt, '2.0.1')).charger;
    const customer = await prisma.customer.create({ data: { name: CUSTOMER.name, email: CUSTOMER.email, phone: CUSTOMER.phone, address: CUSTOMER.address, tier: 'premium' } });
    const site = await prisma.site.create({ data: { name: 'Harbour car park', address: CUSTOMER.address, customerId: customer.id } });
    await prisma.charger.update({ where: { id: charger.id }, data: { siteId: site.id } });
    // a broken latch: medium, nothing remote can fix it, so it waits for dispatch
    faultId = charger.injectFault({ kind: 'status-error', errorCode: 'OtherError', vendorErrorCode: 'CX025', connectorId: 1, clearsBy: 'repair' });
    const ticket = await ticketOf(rt, charger.id, (t) => t.status === 'awaiting_dispatch', 15_000);
    ticketId = ticket.id;
    if (!ticket.customerId) await prisma.ticket.update({ where: { id: ticket.id }, data: { customerId: customer.id, siteId: site.id } });

    repair = await aPerson(rt, 'repair_engineer');
    viewer = await aPerson(rt, 'viewer');
    const supervisor = await aPerson(rt, 'supervisor');
    const start = new Date(Date.now() + 3_600_000);
    const res = await fetch(`${rt.httpUrl}/api/workflow/tickets/${ticketId}/dispatch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenOf(rt.httpUrl, supervisor)}` },
      body: JSON.stringify({ engineerId: repair.id, window: { start: start.toISOString(), end: new Date(start.getTime() + 7_200_000).toISOString() } }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    browser = await launchChromium();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await screenshot(page, `failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });
  afterAll(async () => {
    await browser?.close();
    await charger?.stop();
    await rt?.responses.idle();
    await rt?.close();
  });

  it('a repair engineer on a tablet records the on-site repair, tests it, and the customer signs on the screen', async () => {
    page = await newPage(browser, rt.httpUrl, { width: 820, height: 1180 });
    await signIn(page, repair);
    await page.getByRole('link', { name: 'Tickets' }).click();
    await page.locator('.ticket-card', { hasText: charger.id }).click();
    await page.getByTestId('customer-facts').getByText(CUSTOMER.name).waitFor();

    const onSite = page.getByRole('form', { name: 'On-site repair record' });
    await onSite.getByLabel('Inspection notes').fill('Latch solenoid seized; connector housing intact.');
    await onSite.getByLabel('Actions taken (one per line)').fill('Replaced latch solenoid\nCleaned and greased the latch');
    for (const item of ['supply isolated', 'lock-out/tag-out applied', 'absence of voltage verified', 'PPE worn', 'work area secured']) await onSite.getByLabel(item).check();
    await onSite.getByRole('button', { name: 'Save on-site record' }).click();
    await page.locator('.page-head .badge', { hasText: 'on site' }).waitFor();

    charger.clearFault(faultId, 'repair'); // the repair itself, on the simulated charger
    const test = page.getByRole('form', { name: 'Test after repair' });
    await test.getByLabel('Test notes').fill('Plugged and locked ten times; charged a test vehicle at 11 kW.');
    await test.getByRole('button', { name: 'Record test' }).click();
    await page.locator('.page-head .badge', { hasText: 'awaiting signoff' }).waitFor({ timeout: 20_000 });

    const signOff = page.getByRole('form', { name: 'Customer sign-off' });
    await signOff.getByLabel('Customer name').fill(CUSTOMER.name);
    const pad = await page.getByTestId('signature-pad').boundingBox();
    await page.mouse.move(pad!.x + 20, pad!.y + 120);
    await page.mouse.down();
    for (const [dx, dy] of [[60, -70], [100, 20], [150, -60], [210, 10], [260, -50], [320, 0]] as const) await page.mouse.move(pad!.x + 20 + dx, pad!.y + 120 + dy, { steps: 4 });
    await page.mouse.up();
    await signOff.getByRole('button', { name: 'Sign and close the repair' }).click();
    await page.locator('.page-head .badge', { hasText: 'closed' }).waitFor();
    const signature = page.getByRole('img', { name: `Signature of ${CUSTOMER.name}` });
    await signature.waitFor();
    await expect.poll(() => signature.evaluate((img) => { const i = img as unknown as { complete: boolean; naturalWidth: number }; return i.complete && i.naturalWidth > 0; })).toBe(true);
    await screenshot(page, 'ticket-signed-tablet');
  });

  it('a viewer sees the ticket without the customer’s personal data', async () => {
    page = await newPage(browser, rt.httpUrl);
    await signIn(page, viewer);
    await page.goto(`/tickets/${ticketId}`);
    await page.getByRole('heading', { level: 1 }).filter({ hasText: charger.id }).waitFor();
    await page.getByTestId('customer-facts').waitFor();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    const text = await page.locator('main').innerText();
    for (const secret of [CUSTOMER.name, CUSTOMER.email, CUSTOMER.phone, 'Havnegade']) expect(text).not.toContain(secret);
    expect(await page.getByRole('form', { name: 'On-site repair record' }).count()).toBe(0);
    await screenshot(page, 'ticket-viewer-masked');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
    const customers = page.getByRole('table', { name: 'Customers' });
    await customers.getByRole('cell', { name: 'premium' }).waitFor();
    const listed = await customers.innerText();
    for (const secret of [CUSTOMER.name, CUSTOMER.email, CUSTOMER.phone]) expect(listed).not.toContain(secret);
    await screenshot(page, 'customers-viewer-masked');
  });
});
