import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { generate } from 'otplib';
import { chromium, type Browser, type Page } from 'playwright-core';

import type { DemoRole, StackInfo } from './stack.ts';

/** Debian's Chromium; the lane downloads no browser. */
const CHROMIUM_PATH = '/usr/bin/chromium';

/** Chromium switches for a container without a sandbox or GPU, and without background traffic. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Folder of the screenshots and PDFs a run saves (git-ignored). */
export const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));

/** A laptop screen; the views must fit it. */
export const LAPTOP_VIEWPORT = { width: 1280, height: 800 };

/** Launches headless Chromium. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Saves a full-page screenshot as `screenshots/<name>.png`. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, fullPage: true });
}

/** Saves bytes (a PDF) as `screenshots/<fileName>`. */
export async function saveArtifact(fileName: string, bytes: Uint8Array): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await writeFile(`${SCREENSHOT_DIR}${fileName}`, bytes);
}

/** TOTP secrets enrolled in this test file, by username. */
const totpSecrets = new Map<string, string>();

async function completeSecondFactor(page: Page, username: string): Promise<void> {
  const enrolment = page.locator('#totp-secret');
  let secret = totpSecrets.get(username);
  if ((await enrolment.count()) > 0) {
    secret = (await enrolment.textContent())?.trim() ?? '';
    totpSecrets.set(username, secret);
  }
  if (secret === undefined) {
    throw new Error(
      `${username} has an authenticator enrolled by another test file; sign in once per file`,
    );
  }
  await page.fill('#code', await generate({ secret }));
  await page.locator('#code').press('Enter');
}

async function signInWithProvider(page: Page, stack: StackInfo, role: DemoRole): Promise<void> {
  const login = stack.logins.find((candidate) => candidate.role === role);
  if (login === undefined || stack.issuer === null) {
    throw new Error(`the platform printed no sign-in for the ${role} role`);
  }
  await signInWithPassword(page, stack, login);
}

/**
 * Signs in on the local OpenID provider with a user name and password, from the dashboard's
 * start page, and gives a TOTP code when the provider requests one.
 */
export async function signInWithPassword(
  page: Page,
  stack: StackInfo,
  login: { username: string; password: string },
): Promise<void> {
  if (stack.issuer === null) throw new Error('the platform runs no OpenID provider');
  const issuerOrigin = new URL(stack.issuer).origin;
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => url.origin === issuerOrigin);
  await page.fill('#username', login.username);
  await page.fill('#password', login.password);
  await page.locator('#password').press('Enter');

  // Clinicians and admins enrol an authenticator on their first sign-in, then give a code.
  const dashboard = page.getByRole('banner').getByText(/^Signed in as/);
  await page.locator('#code').or(dashboard).first().waitFor();
  if (new URL(page.url()).origin === issuerOrigin && (await page.locator('#code').count()) > 0) {
    await completeSecondFactor(page, login.username);
  }
}

/**
 * Signs in as the demo user of a role: through the local OpenID provider (password, and a
 * TOTP code from `otplib` for clinicians and admins) when the platform runs one, else with
 * the development login. Resolves when the dashboard shows the signed-in user.
 */
export async function signIn(page: Page, stack: StackInfo, role: DemoRole): Promise<void> {
  await page.goto(stack.baseUrl);
  if (stack.issuer !== null) {
    await signInWithProvider(page, stack, role);
  } else {
    await page.getByRole('button', { name: new RegExp(`^Sign in as .* \\(${role}\\)$`) }).click();
  }
  await page.getByRole('banner').getByText(`(${role})`).waitFor();
}

/**
 * Changes the address inside the running dashboard, as its router handles a link or the back
 * button, without reloading the page. A reload would drop the sign-in, which lives in memory.
 */
export async function goToPath(page: Page, path: string): Promise<void> {
  await page.evaluate((target) => {
    window.history.pushState(null, '', target);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, path);
}

/** Collects the bearer token the dashboard sends to the API, for direct API checks. */
export function captureAccessToken(page: Page): () => string | null {
  let token: string | null = null;
  page.on('request', (request) => {
    const authorization = request.headers().authorization;
    if (authorization?.startsWith('Bearer ')) {
      token = authorization.slice('Bearer '.length);
    }
  });
  return () => token;
}

/** Counts the pages of a PDF from its page tree's `/Count` entry. */
export function countPdfPages(pdf: Uint8Array): number {
  const text = Buffer.from(pdf).toString('latin1');
  const counts = [...text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/g)].map((m) =>
    Number(m[1]),
  );
  const fallback = [...text.matchAll(/\/Count\s+(\d+)/g)].map((m) => Number(m[1]));
  return Math.max(0, ...(counts.length > 0 ? counts : fallback));
}
