import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualCharger } from '../../simulator/virtual-charger.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { bootedCharger, fastCatalogueFile } from '../support/sim.ts';
import { launchChromium, newPage, screenshot } from './support/browser.ts';
import { aPerson, signIn, type Person } from './support/people.ts';
import { seedTelemetryHistory } from './support/telemetry-history.ts';

// A technical-support engineer's day, end to end: the real product, real simulated chargers, real Chromium.

describe('support engineer in the dashboard', () => {
  let rt: TestRuntime;
  let browser: Browser;
  let page: Page;
  let engineer: Person;
  const chargers: VirtualCharger[] = [];

  beforeAll(async () => {
    rt = await startTestRuntime({ OCPP_UNKNOWN_CHARGERS: 'auto-register', DIAGNOSIS_CATALOGUE_FILE: fastCatalogueFile(3), SELF_HEALING_STABLE_S: '2' });
    for (const v of ['1.6', '2.0.1', '2.1'] as const) chargers.push((await bootedCharger(rt, v)).charger);
    await seedTelemetryHistory(rt.telemetry, chargers[0]!.id);
    engineer = await aPerson(rt, 'support_engineer');
    browser = await launchChromium();
    page = await newPage(browser, rt.httpUrl);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await screenshot(page, `failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all(chargers.map((c) => c.stop()));
    await rt?.responses.idle();
    await rt?.close();
  });

  const faultedCount = () => page.getByTestId('count-faulted-now').locator('.card-value').textContent();

  it('logs in and sees the fleet, healthy', async () => {
    await page.goto('/');
    await page.getByLabel('E-mail').waitFor();
    await screenshot(page, 'login', false);
    await signIn(page, engineer);
    await expect.poll(() => page.getByTestId('count-online').locator('.card-value').textContent()).toBe('3');
    expect(await faultedCount()).toBe('0');
    await page.getByTestId('live-status').filter({ hasText: 'Live' }).waitFor();
  });

  it('sees a fault injected by the simulator appear live, then its ticket, without a reload', async () => {
    const c = chargers[0]!;
    let reloaded = false;
    page.on('load', () => (reloaded = true));
    // a medium fault the rules do not remediate by themselves (the ticket waits for a person), cleared by a soft reset
    c.injectFault({ kind: 'status-error', errorCode: 'OtherError', vendorErrorCode: 'CX023', connectorId: 1, clearsBy: 'soft-reset' });
    await expect.poll(faultedCount, { timeout: 10_000 }).toBe('1');
    await page.locator(`tr.row-faulted[data-charger="${c.id}"]`).waitFor();
    await screenshot(page, 'fleet');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tickets' }).click();
    const card = page.locator('.ticket-card', { hasText: c.id });
    await card.waitFor();
    await screenshot(page, 'ticket-board');
    expect(reloaded).toBe(false);
  });

  it('opens the ticket and reads the diagnosis, each check with its result', async () => {
    const c = chargers[0]!;
    await page.locator('.ticket-card', { hasText: c.id }).click();
    const diagnosis = page.getByTestId('diagnosis');
    await diagnosis.getByRole('heading', { name: /Diagnosis:/ }).waitFor();
    await expect.poll(() => diagnosis.getByText('The checks are running…').count(), { timeout: 15_000 }).toBe(0);
    const checks = diagnosis.getByRole('table', { name: 'Diagnosis checks' }).locator('tbody tr');
    expect(await checks.count()).toBeGreaterThan(3);
    expect(await diagnosis.getByRole('rowheader', { name: 'Status re-read' }).count()).toBe(1);
    expect(await diagnosis.getByText('Recommended action:').count()).toBe(1);
    await screenshot(page, 'ticket-detail');
  });

  it('runs a soft reset from the charger page and watches it complete; the ticket resolves remotely', async () => {
    const c = chargers[0]!;
    await page.getByRole('link', { name: c.id }).first().click();
    await page.getByRole('heading', { level: 1, name: new RegExp(c.id) }).waitFor();
    await page.getByTestId('connector-1-1').filter({ hasText: 'CX023' }).waitFor();
    await page.locator('.chart canvas').first().waitFor();
    await screenshot(page, 'charger-detail');

    await page.getByRole('button', { name: 'Soft reset' }).click();
    const dialog = page.getByRole('dialog', { name: `Soft reset ${c.id}?` });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Soft reset' }).click();
    const progress = page.getByTestId('command-progress');
    await progress.waitFor();
    await expect.poll(() => progress.getAttribute('data-status'), { timeout: 15_000 }).toBe('succeeded');
    await page.getByTestId('connector-1-1').filter({ hasNotText: 'CX023' }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'charger-after-reset');

    await page.locator('.ticket-list a').first().click();
    await page.locator('.page-head .badge', { hasText: 'resolved remotely' }).waitFor({ timeout: 20_000 });
    await screenshot(page, 'ticket-resolved');
  });

  it('reads the fault trends (server-side aggregates): over time by error code, by code, model, firmware and site, the ports with the lowest uptime', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Fault trends' }).click();
    await page.getByRole('heading', { name: 'Faults over time by error code' }).waitFor();
    await page.locator('.chart canvas').waitFor();
    await page.getByRole('table', { name: 'By error code' }).getByRole('rowheader', { name: 'OtherError' }).waitFor();
    expect(await page.getByRole('table', { name: 'By model' }).getByRole('row').count()).toBeGreaterThan(0);
    const port = page.getByRole('table', { name: 'Uptime per port' }).getByRole('row', { name: new RegExp(chargers[0]!.id) });
    await port.getByText(/\d+\.\d\d %/).waitFor();
    await screenshot(page, 'fault-trends');
  });
});
