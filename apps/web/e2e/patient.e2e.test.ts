import { generateKeyPairSync } from 'node:crypto';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { LAPTOP_VIEWPORT, launchBrowser, saveScreenshot, signIn } from './browser.ts';

const stack = inject('stack');

/** Returns a new Ed25519 public key as the raw 32 bytes in base64, as a bridge sends it. */
function bridgePublicKey(): string {
  const { publicKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ type: 'spki', format: 'der' });
  // An Ed25519 SPKI structure ends with the 32-byte raw key.
  return der.subarray(der.length - 32).toString('base64');
}

describe('patient', () => {
  let browser: Browser;
  let page: Page;
  const menu = () => page.getByRole('navigation', { name: 'Main' });

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: LAPTOP_VIEWPORT });
    await signIn(page, stack, 'patient');
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('sees the last 14 days', async () => {
    await page.getByRole('region', { name: 'Statistics' }).waitFor();
    await page.waitForFunction(() => document.querySelector('[role="img"] svg') !== null);

    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Demo Patient');
    expect(await page.getByRole('radio', { name: 'Last 14 days' }).isChecked()).toBe(true);
    await saveScreenshot(page, 'patient-my-glucose');
  });

  it('pairs a bridge with a code and revokes it', async () => {
    await menu().getByRole('link', { name: 'Devices and bridges' }).click();
    await page.getByRole('row', { name: /dexcom-g6/ }).waitFor();

    await page.getByRole('button', { name: 'Create pairing code' }).click();
    const code = (await page.locator('code.tracking-widest').textContent())?.trim() ?? '';
    expect(code).not.toBe('');

    // The bridge redeems the code with its public key, as `phoenix-bridge pair` does.
    const paired = await fetch(`${stack.baseUrl}/api/v1/bridges/pair`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code, publicKey: bridgePublicKey(), name: 'Browser test phone' }),
    });
    expect(paired.status).toBe(201);

    await page.getByRole('button', { name: 'Reload bridges' }).click();
    const row = page.getByRole('row', { name: /Browser test phone/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Active');
    await saveScreenshot(page, 'patient-devices-and-bridges');

    await row.getByRole('button', { name: 'Revoke Browser test phone' }).click();
    await row.getByRole('button', { name: 'Yes, revoke' }).click();
    await page.getByText('Browser test phone is revoked.').waitFor();
    expect(await row.textContent()).toContain('Revoked');
  });

  it('sees who has access', async () => {
    await menu().getByRole('link', { name: 'Sharing' }).click();
    const current = page.getByRole('list', { name: 'Care teams with access' });
    await current.waitFor();

    expect(await current.textContent()).toContain('Demo Clinic');
    await saveScreenshot(page, 'patient-sharing');
  });
});
