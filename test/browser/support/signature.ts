import type { Locator, Page } from 'playwright-core';

/** Draws a signature-like stroke on a signature pad with the mouse (a finger on the tablet). */
export async function drawSignature(page: Page, pad: Locator): Promise<void> {
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const x0 = box.x + 20;
  const y0 = box.y + box.height * 0.65;
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  for (const [dx, dy] of [[60, -70], [100, 20], [150, -60], [210, 10], [260, -50], [320, 0]] as const) await page.mouse.move(x0 + dx, y0 + dy, { steps: 4 });
  await page.mouse.up();
}
