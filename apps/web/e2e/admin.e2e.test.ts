import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import {
  LAPTOP_VIEWPORT,
  launchBrowser,
  saveScreenshot,
  signIn,
  signInWithPassword,
} from './browser.ts';

const stack = inject('stack');
const NEW_USER = 'Browser Test Nurse';
const NEW_LOGIN = 'nurse.browser';

describe('admin', () => {
  let browser: Browser;
  let page: Page;
  const menu = () => page.getByRole('navigation', { name: 'Main' });

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: LAPTOP_VIEWPORT });
    await signIn(page, stack, 'admin');
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('creates a user who can sign in', async () => {
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    const form = page.getByRole('form', { name: 'Create a user' });
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill(NEW_USER);
    await form.getByRole('textbox', { name: 'User name' }).fill(NEW_LOGIN);
    await form.getByRole('combobox', { name: 'Role' }).selectOption('patient');
    await form.getByRole('button', { name: 'Create user' }).click();
    const created = page.getByText(`${NEW_USER} was created as patient.`);
    await created.waitFor();

    // The initial password is shown once, and the new user signs in with it in its own page.
    const message = (await created.textContent()) ?? '';
    const password = /initial password (\S+) \(shown once\)/.exec(message)?.[1];
    expect(message).toContain(`User name ${NEW_LOGIN},`);
    expect(password).toBeDefined();
    const own = await browser.newPage({ viewport: LAPTOP_VIEWPORT });
    await own.goto(stack.baseUrl);
    await signInWithPassword(own, stack, { username: NEW_LOGIN, password: password! });
    await own.getByRole('banner').getByText(`${NEW_USER} (patient)`).waitFor();
    await own.close();
  });

  it('changes the role of a user', async () => {
    await page.getByRole('combobox', { name: `Role of ${NEW_USER}` }).selectOption('clinician');
    await page.getByRole('button', { name: `Save role of ${NEW_USER}` }).click();
    await page.getByText(`${NEW_USER} is now clinician.`).waitFor();
    await saveScreenshot(page, 'admin-users');
  });

  it('adds and removes a care team member', async () => {
    await menu().getByRole('link', { name: 'Care teams' }).click();
    const team = page.getByRole('region', { name: 'Demo Clinic' });
    await team
      .getByRole('combobox', { name: 'User' })
      .selectOption({ label: `${NEW_USER} (clinician)` });
    await team.getByRole('button', { name: 'Add member' }).click();
    await page.getByText(`${NEW_USER} was added to Demo Clinic.`).waitFor();
    expect(
      await team.getByRole('list', { name: 'Members of Demo Clinic' }).textContent(),
    ).toContain(NEW_USER);
    await saveScreenshot(page, 'admin-care-teams');

    await team.getByRole('button', { name: `Remove ${NEW_USER} from Demo Clinic` }).click();
    await page.getByText(`${NEW_USER} was removed from Demo Clinic.`).waitFor();
  });

  it('filters the audit log and verifies the chain', async () => {
    await menu().getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('table', { name: 'Audit events, newest first' }).waitFor();

    await page.getByRole('textbox', { name: 'Table' }).fill('public.care_team_members');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const events = page.getByRole('table', { name: 'Audit events, newest first' });
    await events.getByRole('cell', { name: 'DELETE' }).first().waitFor();
    expect(await events.getByRole('cell', { name: 'INSERT' }).count()).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Verify the audit chain' }).click();
    await page.getByText(/^The audit chain is intact: [\d,]+ events checked\.$/).waitFor();
    await saveScreenshot(page, 'admin-audit-log');
  });
});
