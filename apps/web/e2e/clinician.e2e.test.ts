import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import {
  captureAccessToken,
  countPdfPages,
  goToPath,
  LAPTOP_VIEWPORT,
  launchBrowser,
  saveArtifact,
  saveScreenshot,
  signIn,
} from './browser.ts';

const stack = inject('stack');
const DEMO_PATIENT_ID = '00000000-0000-4000-8000-000000000101';
const REPORT_PATH = `/patients/${DEMO_PATIENT_ID}/report`;

/** Waits until every chart of the page has drawn its SVG. */
async function waitForCharts(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (expected) => document.querySelectorAll('[role="img"] svg').length >= expected,
    count,
  );
}

describe('clinician', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let accessToken: () => string | null;

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: LAPTOP_VIEWPORT });
    page = await context.newPage();
    accessToken = captureAccessToken(page);
    await signIn(page, stack, 'clinician');
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('triages the care team', async () => {
    const table = page.getByRole('table', { name: /Patients of your care teams/ });
    const row = table.getByRole('row', { name: /Demo Patient/ });
    await row.waitFor();

    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Patients');
    expect(await row.textContent()).toMatch(/zone [A-E]/);
    await saveScreenshot(page, 'clinician-triage');

    await row.getByRole('button', { name: 'Mark Demo Patient reviewed' }).click();
    await row.getByText(/^Reviewed /).waitFor();
  });

  it('reads the AGP report and prints it on one page', async () => {
    await page.getByRole('link', { name: 'Demo Patient' }).click();
    const report = page.getByRole('article', { name: 'AGP report of Demo Patient' });
    await report.waitFor();
    // The AGP, 14 daily profiles and the GRI chart.
    await waitForCharts(page, 16);

    expect(page.url()).toBe(`${stack.baseUrl}${REPORT_PATH}`);
    expect(await report.getByText('% time CGM active').count()).toBe(1);
    expect(await report.getByRole('img', { name: /^Glucose on / }).count()).toBe(14);
    await saveScreenshot(page, 'clinician-agp-report');

    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    await saveArtifact('clinician-agp-report.pdf', pdf);
    expect(countPdfPages(pdf)).toBe(1);
  });

  it('views one day and compares two periods', async () => {
    const tabs = page.getByRole('navigation', { name: 'Patient views' });
    await tabs.getByRole('link', { name: 'Daily view' }).click();
    await page.getByRole('table', { name: 'Treatments and events' }).waitFor();
    await waitForCharts(page, 1);
    await saveScreenshot(page, 'clinician-daily-view');

    await tabs.getByRole('link', { name: 'Compare periods' }).click();
    await page
      .getByRole('region', { name: /^Period A/ })
      .getByText('Average glucose')
      .waitFor();
    await page
      .getByRole('region', { name: /^Period B/ })
      .getByText('Average glucose')
      .waitFor();
    await saveScreenshot(page, 'clinician-compare-periods');
  });

  it('cannot open a patient who stopped sharing', async () => {
    // The patient revokes the care team's access in a browser of their own.
    const patientContext = await browser.newContext({ viewport: LAPTOP_VIEWPORT });
    const patientPage = await patientContext.newPage();
    await signIn(patientPage, stack, 'patient');
    await patientPage
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Sharing' })
      .click();
    await patientPage.getByRole('button', { name: 'Revoke access of Demo Clinic' }).click();
    await patientPage.getByRole('button', { name: 'Yes, revoke' }).click();
    await patientPage.getByText('Demo Clinic no longer has access.').waitFor();

    // The clinician edits the address to the patient's report.
    await goToPath(page, '/triage');
    await page.getByText('No patients share their data with your care teams yet.').waitFor();
    await goToPath(page, REPORT_PATH);
    await page.getByText('Patient not found.').waitFor();
    await saveScreenshot(page, 'clinician-patient-not-found');

    // The API refuses the data itself, not only the dashboard.
    const token = accessToken();
    expect(token).not.toBeNull();
    const query = 'from=2019-10-15T00:00:00Z&to=2019-10-29T00:00:00Z';
    const response = await fetch(
      `${stack.baseUrl}/api/v1/patients/${DEMO_PATIENT_ID}/report?${query}`,
      {
        headers: { Authorization: `Bearer ${token}` },
      },
    );
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'PATIENT_NOT_FOUND',
    );

    // Sharing again restores access.
    await patientPage.getByRole('button', { name: 'Share my data' }).click();
    await patientPage.getByText('Demo Clinic can now see your data.').waitFor();
    await patientContext.close();
    await goToPath(page, '/triage');
    await goToPath(page, REPORT_PATH);
    await page.getByRole('article', { name: 'AGP report of Demo Patient' }).waitFor();
  });

  it('switches to mmol/L', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Settings' })
      .click();
    await page.getByRole('radio', { name: 'mmol/L' }).check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();

    await goToPath(page, '/triage');
    await page.getByRole('columnheader', { name: 'TIR 3.9–10.0' }).waitFor();
  });
});
