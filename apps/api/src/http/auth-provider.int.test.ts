import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, DEMO_IDS, seedDemo } from '@phoenix/db';
import { startIdentityProvider, type IdentityProvider } from '../../../identity/src/index.ts';
import { createTestDatabase, type TestDatabase } from '../../../../packages/db/test/database.ts';
import {
  authorizationUrl,
  createPkce,
  decodeJwt,
  postTokenRequest,
  TestBrowser,
  type Landing,
  type Page,
} from '../../../identity/src/test-browser.ts';
import { buildApp } from '../app.ts';
import { loadAuthSettings } from './auth-settings.ts';

// The real identity provider and the API together: the dashboard's code flow with PKCE, run
// with fetch, then API calls with the access token it yields.

const DASHBOARD = 'http://127.0.0.1:3998';
const REDIRECT_URI = `${DASHBOARD}/auth/callback`;
const PASSWORD = 'demo password for tests';

let db: TestDatabase;
let pool: pg.Pool;
let app: FastifyInstance;
let provider: IdentityProvider;
let dataDir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.adminUrl, 'UTC');
  dataDir = await mkdtemp(join(tmpdir(), 'phoenix-identity-api-'));
  provider = await startIdentityProvider({
    port: 0,
    dataDir,
    dashboardOrigins: [DASHBOARD],
    users: [
      {
        id: DEMO_IDS.patientUserId,
        username: 'patient',
        displayName: 'Demo Patient',
        role: 'patient',
        password: PASSWORD,
      },
      {
        id: DEMO_IDS.clinicianUserId,
        username: 'clinician',
        displayName: 'Dr. Demo Clinician',
        role: 'clinician',
        password: PASSWORD,
      },
    ],
  });
  pool = createPool(db.apiUrl);
  const settings = loadAuthSettings({ OIDC_ISSUER: provider.issuer });
  app = await buildApp({ pool, logLevel: false, auth: { settings } });
});

afterAll(async () => {
  await app?.close();
  await pool?.end();
  await db?.drop();
  await provider?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

function pageOf(landing: Landing): Page {
  if (landing.kind !== 'page') throw new Error('expected a page, got the callback');
  return landing.page;
}

/** Signs in through the provider's pages and returns the token response. */
async function signIn(username: string, secondFactor?: (page: Page) => Promise<string>) {
  const browser = new TestBrowser(REDIRECT_URI);
  const pkce = createPkce();
  const start = await browser.open(
    authorizationUrl(provider.issuer, provider.clientId, REDIRECT_URI, pkce.challenge, 'state-1'),
  );
  let landing = await browser.submit(pageOf(start), { username, password: PASSWORD });
  if (secondFactor) {
    const page = pageOf(landing);
    landing = await browser.submit(page, { code: await secondFactor(page) });
  }
  if (landing.kind !== 'callback') throw new Error(`sign-in ended at ${landing.page.url}`);
  const tokens = await postTokenRequest(`${provider.issuer}/token`, {
    grant_type: 'authorization_code',
    client_id: provider.clientId,
    redirect_uri: REDIRECT_URI,
    code: landing.params.get('code') ?? '',
    code_verifier: pkce.verifier,
  });
  expect(tokens.status).toBe(200);
  return tokens.body as { access_token: string; refresh_token: string; id_token: string };
}

function listPatients(accessToken: string) {
  return app.inject({
    method: 'GET',
    url: '/api/v1/patients',
    headers: { authorization: `Bearer ${accessToken}` },
  });
}

describe('identity provider and API', () => {
  it('lets a signed-in patient read their data', async () => {
    const tokens = await signIn('patient');

    const response = await listPatients(tokens.access_token);

    expect(response.statusCode).toBe(200);
    expect(response.json().map((patient: { id: string }) => patient.id)).toEqual([
      DEMO_IDS.patientId,
    ]);
  });

  it('accepts a refreshed access token', async () => {
    const tokens = await signIn('patient');
    const refreshed = await postTokenRequest(`${provider.issuer}/token`, {
      grant_type: 'refresh_token',
      client_id: provider.clientId,
      refresh_token: tokens.refresh_token,
    });

    expect((await listPatients(String(refreshed.body.access_token))).statusCode).toBe(200);
  });

  it('rejects the ID token as an access token', async () => {
    const tokens = await signIn('patient');

    const response = await listPatients(tokens.id_token);

    expect(response.statusCode).toBe(401);
    expect(response.json().error.message).toContain('another audience');
  });

  it('lets a clinician in after the second factor', async () => {
    const tokens = await signIn('clinician', async (page) => {
      const secret = /<code id="totp-secret">([A-Z2-7]+)<\/code>/.exec(page.html)?.[1] ?? '';
      return generate({ secret });
    });

    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });

    expect(me.json()).toEqual({
      id: DEMO_IDS.clinicianUserId,
      displayName: 'Dr. Demo Clinician',
      role: 'clinician',
    });
    expect((await listPatients(tokens.access_token)).json()).toHaveLength(1);
  });

  it('accepts old and new keys after rotation', async () => {
    const before = await signIn('patient');
    expect((await listPatients(before.access_token)).statusCode).toBe(200);

    await provider.rotateKeys();
    const after = await signIn('patient');

    expect(decodeJwt(after.access_token).header.kid).not.toBe(
      decodeJwt(before.access_token).header.kid,
    );
    // The new key was published before it signed, so the API's cached JWKS already has it.
    expect((await listPatients(after.access_token)).statusCode).toBe(200);
    expect((await listPatients(before.access_token)).statusCode).toBe(200);
  });
});
