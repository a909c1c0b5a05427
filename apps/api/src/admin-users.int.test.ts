import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, DEMO_IDS, seedDemo } from '@phoenix/db';
import { startIdentityProvider, type IdentityProvider } from '../../identity/src/index.ts';
import {
  authorizationUrl,
  createPkce,
  decodeJwt,
  postTokenRequest,
  TestBrowser,
} from '../../identity/src/test-browser.ts';
import { createTestDatabase, type TestDatabase } from '../../../packages/db/test/database.ts';
import { buildApp } from './app.ts';
import { loadAuthSettings } from './http/auth-settings.ts';

// User management against the embedded OpenID provider: logins that admins create, role
// changes that reach the provider's tokens, and the rule that one admin must remain.

const DASHBOARD = 'http://127.0.0.1:3997';
const REDIRECT_URI = `${DASHBOARD}/auth/callback`;
const PASSWORD = 'demo password for tests';
const ROLES_CLAIM = 'https://phoenix-ascend.org/roles';

let db: TestDatabase;
let pool: pg.Pool;
let app: FastifyInstance;
let provider: IdentityProvider;
let dataDir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.adminUrl, 'UTC');
  dataDir = await mkdtemp(join(tmpdir(), 'phoenix-admin-users-'));
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
    ],
  });
  pool = createPool(db.apiUrl);
  // The development login replaces an admin's signed-in session in these tests.
  const settings = loadAuthSettings({ OIDC_ISSUER: provider.issuer, PHOENIX_DEV_LOGIN: '1' });
  app = await buildApp({ pool, logLevel: false, auth: { settings }, logins: provider });
});

afterAll(async () => {
  await app?.close();
  await pool?.end();
  await db?.drop();
  await provider?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/**
 * Signs in through the provider's pages with `browser`, entering the password when the
 * provider requests it, and returns the access token.
 */
async function signIn(browser: TestBrowser, username: string, password: string) {
  const pkce = createPkce();
  let landing = await browser.open(
    authorizationUrl(provider.issuer, provider.clientId, REDIRECT_URI, pkce.challenge, 'state-1'),
  );
  if (landing.kind === 'page') {
    landing = await browser.submit(landing.page, { username, password });
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
  return (tokens.body as { access_token: string }).access_token;
}

function asAdmin(method: 'POST' | 'PATCH', url: string, payload: unknown, admin?: string) {
  return app.inject({
    method,
    url,
    headers: { 'x-dev-user': admin ?? DEMO_IDS.adminUserId },
    payload: payload as Record<string, unknown>,
  });
}

function readMe(accessToken: string) {
  return app.inject({
    method: 'GET',
    url: '/api/v1/me',
    headers: { authorization: `Bearer ${accessToken}` },
  });
}

async function countUsers(): Promise<number> {
  const client = new pg.Client({ connectionString: db.adminUrl });
  await client.connect();
  try {
    const result = await client.query<{ count: string }>('select count(*) from users');
    return Number(result.rows[0]!.count);
  } finally {
    await client.end();
  }
}

describe('admin-created logins', () => {
  it('sign in with the initial password', async () => {
    const created = await asAdmin('POST', '/api/v1/admin/users', {
      displayName: 'Trial Patient',
      role: 'patient',
      username: 'trial.patient',
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const body = created.json();
    expect(body.username).toBe('trial.patient');
    expect(body.initialPassword).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const token = await signIn(
      new TestBrowser(REDIRECT_URI),
      'trial.patient',
      body.initialPassword,
    );
    const me = await readMe(token);

    expect(me.statusCode).toBe(200);
    expect(me.json().id).toBe(body.id);
  });

  it('require a username', async () => {
    const before = await countUsers();
    const response = await asAdmin('POST', '/api/v1/admin/users', {
      displayName: 'Nurse Trial',
      role: 'clinician',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('username is required');
    expect(await countUsers()).toBe(before);
  });

  it('reject a taken username', async () => {
    const before = await countUsers();
    const response = await asAdmin('POST', '/api/v1/admin/users', {
      displayName: 'Second Patient',
      role: 'patient',
      username: 'PATIENT',
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('USERNAME_TAKEN');
    expect(await countUsers()).toBe(before);
  });
});

describe('role change', () => {
  it('takes effect on the next sign-in', async () => {
    const created = await asAdmin('POST', '/api/v1/admin/users', {
      displayName: 'Role Change',
      role: 'patient',
      username: 'role.change',
    });
    const { id, initialPassword } = created.json();
    const browser = new TestBrowser(REDIRECT_URI);
    const before = await signIn(browser, 'role.change', initialPassword);
    expect(decodeJwt(before).payload[ROLES_CLAIM]).toEqual(['patient']);

    const changed = await asAdmin('PATCH', `/api/v1/admin/users/${id}`, { role: 'engineer' });
    expect(changed.statusCode).toBe(200);
    const stale = await readMe(before);
    expect(stale.statusCode).toBe(401);

    // The same browser signs in again; its provider session ended with the role change.
    const after = await signIn(browser, 'role.change', initialPassword);
    expect(decodeJwt(after).payload[ROLES_CLAIM]).toEqual(['engineer']);
    const me = await readMe(after);
    expect(me.statusCode).toBe(200);
    expect(me.json().role).toBe('engineer');
  });
});

describe('last admin', () => {
  it('cannot be demoted through the API', async () => {
    const response = await asAdmin('PATCH', `/api/v1/admin/users/${DEMO_IDS.adminUserId}`, {
      role: 'patient',
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('LAST_ADMIN');
    expect(response.json().error.message).toContain('last admin');
  });

  it('cannot be demoted or deleted by SQL', async () => {
    const client = new pg.Client({ connectionString: db.adminUrl });
    await client.connect();
    try {
      await expect(
        client.query("update users set role = 'patient' where id = $1", [DEMO_IDS.adminUserId]),
      ).rejects.toMatchObject({ code: 'PA410' });
      await expect(
        client.query('delete from users where id = $1', [DEMO_IDS.adminUserId]),
      ).rejects.toMatchObject({ code: 'PA410' });
    } finally {
      await client.end();
    }
  });

  it('can step down once another admin exists', async () => {
    const created = await asAdmin('POST', '/api/v1/admin/users', {
      displayName: 'Second Admin',
      role: 'admin',
      username: 'second.admin',
    });
    expect(created.statusCode).toBe(201);
    const secondId = created.json().id as string;

    const first = await asAdmin('PATCH', `/api/v1/admin/users/${DEMO_IDS.adminUserId}`, {
      role: 'clinician',
    });
    expect(first.statusCode).toBe(200);
    const second = await asAdmin(
      'PATCH',
      `/api/v1/admin/users/${secondId}`,
      { role: 'patient' },
      secondId,
    );
    expect(second.statusCode).toBe(409);
  });
});
