import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { LAPTOP_VIEWPORT, launchBrowser, saveScreenshot, signIn } from './browser.ts';

const stack = inject('stack');
const DEMO_PATIENT_ID = '00000000-0000-4000-8000-000000000101';

describe('engineer', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: LAPTOP_VIEWPORT });
    await signIn(page, stack, 'engineer');
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('watches uploads, devices and storage under patient IDs only', async () => {
    await page.getByRole('heading', { level: 1, name: 'Operations' }).waitFor();
    const devices = page.getByRole('region', { name: 'Devices' });
    const device = devices.getByRole('row', { name: /dexcom-g6/ });
    await device.waitFor();
    const storage = page.getByRole('region', { name: 'Storage' });
    await storage.getByText('Staging backlog').waitFor();
    await page.waitForFunction(() => document.querySelector('[role="img"] svg') !== null);

    // The demo export was uploaded while the platform started, so its hour has records.
    await page.getByText('Show uploads per hour as a table').click();
    const uploads = page.getByRole('table', { name: /Records uploaded per hour/ });
    expect(await uploads.getByRole('row').count()).toBeGreaterThan(1);
    expect(await device.textContent()).toContain(DEMO_PATIENT_ID);
    expect(await page.locator('main').textContent()).not.toContain('Demo Patient');
    expect(
      await storage.getByRole('table', { name: 'Background jobs' }).getByRole('row').count(),
    ).toBeGreaterThan(1);
    await saveScreenshot(page, 'engineer-operations');
  });
});
