import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { launchChromium, newPage, screenshot } from './support/browser.ts';
import { aPerson, signIn, tokenOf, type Person } from './support/people.ts';

// The customer desk: a service specialist logs a consultation and a complaint as the customer calls; a
// supervisor works the complaint through investigation and plan to a satisfied customer; a viewer reads
// the same registers without anyone's personal data.

const CALLER = { name: 'Jonas Berg', phone: '+46 70 123 45 67', email: 'jonas.berg@example.net' };

describe('consultations and complaints in the dashboard', () => {
  let rt: TestRuntime;
  let browser: Browser;
  let page: Page;
  let specialist: Person;
  let supervisor: Person;
  let viewer: Person;
  let complaintUrl = '';

  beforeAll(async () => {
    rt = await startTestRuntime();
    [specialist, supervisor, viewer] = [await aPerson(rt, 'specialist'), await aPerson(rt, 'supervisor'), await aPerson(rt, 'viewer')];
    await rt.db.prisma.customer.create({ data: { name: 'Berg Logistics AB', email: CALLER.email, phone: CALLER.phone, tier: 'premium' } });
    // complaints answer within four hours, around the clock
    const token = await tokenOf(rt.httpUrl, supervisor);
    const call = (method: string, path: string, body: unknown) => fetch(`${rt.httpUrl}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    expect((await call('PUT', '/api/workflow/sla/calendars/always', { timeZone: 'UTC', workdays: [1, 2, 3, 4, 5, 6, 7], openMinute: 0, closeMinute: 1440 })).status).toBe(200);
    expect((await call('POST', '/api/workflow/sla/policies', { name: 'Complaints', ticketType: 'complaint', responseMinutes: 240, resolutionMinutes: 7 * 1440, calendarId: 'always' })).status).toBe(201);
    browser = await launchChromium();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await screenshot(page, `failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });
  afterAll(async () => {
    await browser?.close();
    await rt?.close();
  });

  it('a specialist logs a routed consultation and a complaint, and acknowledges the complaint', async () => {
    page = await newPage(browser, rt.httpUrl, { width: 1024, height: 768 });
    await signIn(page, specialist);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Consultations' }).click();
    await page.getByRole('button', { name: 'Log a consultation' }).click();
    const c = page.getByRole('form', { name: 'Log a consultation' });
    await c.getByLabel(/^Customer/).selectOption({ label: 'Berg Logistics AB' });
    await c.getByLabel('Contact name').fill(CALLER.name);
    await c.getByLabel('Phone', { exact: true }).fill(CALLER.phone);
    await c.getByLabel('Request', { exact: true }).fill('Can our AC22 chargers do load balancing across the depot?');
    await c.getByText('Route with a promised reply').click();
    await c.getByLabel('Route to').selectOption({ label: `${specialist.name} (you)` });
    await c.getByRole('button', { name: 'Log the consultation' }).click();
    await page.getByTestId('consultation-facts').getByText(CALLER.phone).waitFor();
    expect(await page.locator('.page-head .badge', { hasText: 'routed' }).count()).toBe(1);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Complaints' }).click();
    await page.getByRole('button', { name: 'Log a complaint' }).click();
    const k = page.getByRole('form', { name: 'Log a complaint' });
    await k.getByLabel('Contact name').fill(CALLER.name);
    await k.getByLabel('E-mail', { exact: true }).fill(CALLER.email);
    await k.getByLabel('Complaint', { exact: true }).fill('The engineer came two days late and left the site dirty.');
    await k.getByRole('button', { name: 'Log the complaint' }).click();
    const ack = page.getByRole('form', { name: 'Acknowledge' });
    await ack.getByLabel('Promise').fill('A supervisor looks into it and calls you back within two working days.');
    await ack.getByRole('button', { name: 'Acknowledge the complaint' }).click();
    await page.getByText('A supervisor investigates and shares the handling plan.').waitFor();
    complaintUrl = new URL(page.url()).pathname;
    await screenshot(page, 'complaint-acknowledged-tablet');
  });

  it('a supervisor sees the complaint’s SLA on the board, then works it to a satisfied customer', async () => {
    page = await newPage(browser, rt.httpUrl);
    await signIn(page, supervisor);
    await page.goto('/tickets?type=complaint');
    const card = page.locator('.ticket-card', { hasText: 'complaint' }).first();
    await card.locator('[data-sla]').waitFor();
    expect(await card.locator('[data-sla]').innerText()).toMatch(/^(Respond|Resolve): .+ left$/);
    await screenshot(page, 'ticket-board-sla');

    await page.goto(complaintUrl);
    const inv = page.getByRole('form', { name: 'Investigation' });
    await inv.getByLabel('Cause').fill('The visit was rescheduled without telling the customer; no clean-up step in the checklist.');
    await inv.getByLabel('Responsible party').fill('field service planning');
    await inv.getByRole('button', { name: 'Record the investigation' }).click();
    const plan = page.getByRole('form', { name: 'Handling plan' });
    await plan.getByLabel('Measures (one per line)').fill('Call the customer before any rescheduling\nAdd site clean-up to the maintenance checklist');
    await plan.getByRole('button', { name: 'Share the plan with the customer' }).click();
    const follow = page.getByRole('form', { name: 'Follow-up' });
    await follow.getByText('5', { exact: true }).click();
    await follow.getByLabel('The customer is satisfied (closes the complaint)').check();
    await follow.getByLabel('Notes').fill('Customer confirmed the new process works for them.');
    await follow.getByRole('button', { name: 'Record the follow-up' }).click();
    await page.locator('.page-head .badge', { hasText: 'satisfied' }).waitFor();
    expect(await page.getByRole('list', { name: 'Follow-ups' }).innerText()).toContain('5/5, satisfied');
    expect(await page.getByRole('form').count()).toBe(0);
    await screenshot(page, 'complaint-satisfied');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Complaints' }).click();
    await page.getByRole('table', { name: 'Complaints' }).getByText('satisfied').waitFor();
  });

  it('the closed complaint’s satisfaction survey: a one-time link the customer answers without signing in', async () => {
    await page.goto(complaintUrl.replace('/complaints/', '/tickets/'));
    await page.getByRole('button', { name: 'Send the satisfaction survey' }).click();
    const link = (await page.getByTestId('survey-link').textContent())!;
    expect(link).toMatch(new RegExp(`^${rt.httpUrl}/survey/`));
    const customer = await newPage(browser, rt.httpUrl, { width: 390, height: 844 });
    await customer.goto(link);
    await customer.getByRole('radio', { name: '5, very happy' }).check();
    await customer.getByLabel('Anything you want to tell us').fill('Sorted out quickly once you called.');
    await customer.getByRole('button', { name: 'Send' }).click();
    await customer.getByText(/Thank you for your answer/).waitFor();
    await customer.context().close();
    await page.reload();
    await page.locator('.panel', { hasText: 'Satisfaction survey' }).getByText('5 / 5').waitFor();
  });

  it('a viewer reads consultations and complaints without the caller’s personal data', async () => {
    page = await newPage(browser, rt.httpUrl);
    await signIn(page, viewer);
    const secrets = [CALLER.name, CALLER.phone, CALLER.email, 'Berg Logistics'];
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Consultations' }).click();
    await page.getByRole('table', { name: 'Consultations' }).getByText('load balancing', { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: 'Log a consultation' }).count()).toBe(0);
    await page.getByRole('table', { name: 'Consultations' }).getByRole('link').first().click();
    await page.getByTestId('consultation-facts').waitFor();
    let text = await page.locator('main').innerText();
    for (const s of secrets) expect(text).not.toContain(s);
    expect(await page.getByRole('form').count()).toBe(0);

    await page.goto(complaintUrl);
    await page.getByTestId('complaint-facts').waitFor();
    await page.getByRole('list', { name: 'Follow-ups' }).waitFor();
    text = await page.locator('main').innerText();
    for (const s of secrets) expect(text).not.toContain(s);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Complaints' }).click();
    await page.getByRole('table', { name: 'Complaints' }).waitFor();
    text = await page.locator('main').innerText();
    for (const s of secrets) expect(text).not.toContain(s);
    await screenshot(page, 'complaints-viewer-masked');
  });
});
