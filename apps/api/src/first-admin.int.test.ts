import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdentityProvider, type IdentityProvider } from '../../identity/src/index.ts';
import { authorizationUrl, createPkce, TestBrowser } from '../../identity/src/test-browser.ts';
import { createTestDatabase, type TestDatabase } from '../../../packages/db/test/database.ts';
import { ensureFirstAdmin, FIRST_ADMIN_FILE } from './first-admin.ts';

// The start-up step that gives a platform without the demo its first admin.

const DASHBOARD = 'http://127.0.0.1:3996';
const REDIRECT_URI = `${DASHBOARD}/auth/callback`;

let db: TestDatabase;
let provider: IdentityProvider;
let dataDir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  dataDir = await mkdtemp(join(tmpdir(), 'phoenix-first-admin-'));
  // The provider of a start without the demo: no logins at all.
  provider = await startIdentityProvider({
    port: 0,
    dataDir,
    dashboardOrigins: [DASHBOARD],
    users: [],
  });
});

afterAll(async () => {
  await db?.drop();
  await provider?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function adminIds(): Promise<string[]> {
  const client = new pg.Client({ connectionString: db.adminUrl });
  await client.connect();
  try {
    const result = await client.query<{ id: string }>(
      "select id from users where role = 'admin' order by created_at",
    );
    return result.rows.map((row) => row.id);
  } finally {
    await client.end();
  }
}

describe('ensureFirstAdmin', () => {
  it('creates an admin in an empty database', async () => {
    expect(await adminIds()).toEqual([]);

    const admin = await ensureFirstAdmin(db.adminUrl, provider, dataDir);

    expect(admin).not.toBeNull();
    expect(await adminIds()).toEqual([admin!.userId]);
    expect(admin!.login?.username).toBe('admin');
    expect(admin!.login?.password).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(provider.hasUsername('admin')).toBe(true);
  });

  it('keeps the login in a 0600 file', async () => {
    const path = join(dataDir, FIRST_ADMIN_FILE);
    const stored = JSON.parse(await readFile(path, 'utf8'));
    const [adminId] = await adminIds();

    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(stored.userId).toBe(adminId);
    expect(stored.username).toBe('admin');
    expect(stored.password).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('signs in with the generated password', async () => {
    const path = join(dataDir, FIRST_ADMIN_FILE);
    const { username, password } = JSON.parse(await readFile(path, 'utf8'));
    const browser = new TestBrowser(REDIRECT_URI);
    const pkce = createPkce();
    const start = await browser.open(
      authorizationUrl(provider.issuer, provider.clientId, REDIRECT_URI, pkce.challenge, 's'),
    );
    if (start.kind !== 'page') throw new Error('expected the sign-in page');

    const landing = await browser.submit(start.page, { username, password });

    // Admins enrol TOTP after the password, so an accepted password leads to the enrolment.
    if (landing.kind !== 'page') throw new Error('expected the TOTP enrolment page');
    expect(landing.page.html).not.toContain('username or password is incorrect');
    expect(landing.page.html).toContain('name="code"');
  });

  it('does nothing while an admin exists', async () => {
    const before = await adminIds();

    const admin = await ensureFirstAdmin(db.adminUrl, provider, dataDir);

    expect(admin).toBeNull();
    expect(await adminIds()).toEqual(before);
  });
});
