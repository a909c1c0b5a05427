import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdentityProvider, type IdentityProvider } from './identity-server.ts';
import {
  authorizationUrl,
  createPkce,
  decodeJwt,
  postTokenRequest,
  TestBrowser,
  type Landing,
  type Page,
} from './test-browser.ts';

const DASHBOARD = 'http://127.0.0.1:3999';
const REDIRECT_URI = `${DASHBOARD}/auth/callback`;
const ROLES = 'https://phoenix-ascend.org/roles';
const IDS = {
  patient: '00000000-0000-4000-8000-000000000001',
  clinician: '00000000-0000-4000-8000-000000000002',
  engineer: '00000000-0000-4000-8000-000000000003',
  admin: '00000000-0000-4000-8000-000000000004',
  lockedClinician: '00000000-0000-4000-8000-000000000005',
  limitedPatient: '00000000-0000-4000-8000-000000000006',
};
const PASSWORD = 'correct horse battery staple';

let dataDir: string;
let provider: IdentityProvider;
/** Offset added to the provider's clock, to step past lockouts and key retention. */
let clockOffsetMs = 0;
const now = () => Date.now() + clockOffsetMs;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'phoenix-identity-'));
  provider = await startIdentityProvider({
    port: 0,
    dataDir,
    dashboardOrigins: [DASHBOARD],
    now,
    keyRotation: { intervalMs: 24 * 3_600_000, retainMs: 3_600_000 },
    users: [
      {
        id: IDS.patient,
        username: 'patient',
        displayName: 'Demo Patient',
        role: 'patient',
        password: PASSWORD,
      },
      {
        id: IDS.clinician,
        username: 'clinician',
        displayName: 'Demo Clinician',
        role: 'clinician',
        password: PASSWORD,
      },
      { id: IDS.engineer, username: 'engineer', displayName: 'Demo Engineer', role: 'engineer' },
      {
        id: IDS.admin,
        username: 'admin',
        displayName: 'Demo Admin',
        role: 'admin',
        password: PASSWORD,
      },
      {
        id: IDS.lockedClinician,
        username: 'locked',
        displayName: 'Locked Clinician',
        role: 'clinician',
        password: PASSWORD,
      },
    ],
  });
});

afterAll(async () => {
  await provider?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/**
 * Starts a code flow in a new browser and returns the first page (the login form). The request
 * carries a nonce and the `audience` parameter, as the dashboard sends them.
 */
async function begin() {
  const browser = new TestBrowser(REDIRECT_URI);
  const pkce = createPkce();
  const state = `state-${Math.random()}`;
  const extra = { nonce: 'nonce-1', audience: 'urn:phoenix-ascend:api' };
  const landing = await browser.open(
    authorizationUrl(
      provider.issuer,
      provider.clientId,
      REDIRECT_URI,
      pkce.challenge,
      state,
      extra,
    ),
  );
  return { browser, pkce, state, page: pageOf(landing) };
}

function pageOf(landing: Landing): Page {
  if (landing.kind !== 'page') throw new Error('expected a page, got the callback');
  return landing.page;
}

function codeOf(landing: Landing): string {
  if (landing.kind !== 'callback') {
    throw new Error(`expected the callback, got ${landing.page.status} at ${landing.page.url}`);
  }
  const code = landing.params.get('code');
  if (!code) throw new Error(`callback without code: ${landing.params.toString()}`);
  return code;
}

async function exchange(code: string, verifier: string) {
  return postTokenRequest(`${provider.issuer}/token`, {
    grant_type: 'authorization_code',
    client_id: provider.clientId,
    redirect_uri: REDIRECT_URI,
    code,
    code_verifier: verifier,
  });
}

/** TOTP code of `secret` for the time step `stepOffset` steps after the provider's clock. */
function totp(secret: string, stepOffset = 0) {
  return generate({ secret, epoch: Math.floor(now() / 1000) + stepOffset * 30 });
}

function secretOn(page: Page): string {
  const secret = /<code id="totp-secret">([A-Z2-7]+)<\/code>/.exec(page.html)?.[1];
  if (!secret) throw new Error('no TOTP secret on the page');
  return secret;
}

/** Verifies a JWT's RS256 signature against the provider's published JWKS. */
async function verifiesAgainstJwks(token: string): Promise<boolean> {
  const jwks = (await (await fetch(`${provider.issuer}/jwks`)).json()) as {
    keys: { kid: string }[];
  };
  const [header, payload, signature = ''] = token.split('.');
  const kid = decodeJwt(token).header.kid;
  const jwk = jwks.keys.find((key) => key.kid === kid);
  if (!jwk) return false;
  return verifySignature(
    'RSA-SHA256',
    Buffer.from(`${header}.${payload}`),
    createPublicKey({ key: jwk, format: 'jwk' }),
    Buffer.from(signature, 'base64url'),
  );
}

describe('identity provider', () => {
  it('issues RS256 tokens to a patient', async () => {
    const { browser, pkce, state, page } = await begin();
    expect(page.status).toBe(200);
    expect(page.html).toContain('<label for="username">Username</label>');
    expect(page.html).toContain('<label for="password">Password</label>');

    const landing = await browser.submit(page, { username: 'patient', password: PASSWORD });
    expect(landing.kind).toBe('callback');
    expect(landing.kind === 'callback' ? landing.params.get('state') : null).toBe(state);
    const tokens = await exchange(codeOf(landing), pkce.verifier);

    expect(tokens.status).toBe(200);
    const access = decodeJwt(String(tokens.body.access_token));
    expect(access.header.alg).toBe('RS256');
    expect(access.header.kid).toBe(provider.activeKeyId());
    expect(access.payload.iss).toBe(provider.issuer);
    expect(access.payload.aud).toBe('urn:phoenix-ascend:api');
    expect(access.payload.sub).toBe(IDS.patient);
    expect(access.payload[ROLES]).toEqual(['patient']);
    expect(Number(access.payload.exp) - Number(access.payload.iat)).toBe(900);
    expect(typeof tokens.body.refresh_token).toBe('string');
    const id = decodeJwt(String(tokens.body.id_token));
    expect(id.header.kid).toBe(provider.activeKeyId());
    expect(id.payload.nonce).toBe('nonce-1');
    expect(id.payload.aud).toBe(provider.clientId);
    expect(id.payload.amr).toEqual(['pwd']);
    expect(await verifiesAgainstJwks(String(tokens.body.access_token))).toBe(true);
  });

  it('refreshes tokens with the refresh token', async () => {
    const { browser, pkce, page } = await begin();
    const code = codeOf(await browser.submit(page, { username: 'patient', password: PASSWORD }));
    const first = await exchange(code, pkce.verifier);

    const refreshed = await postTokenRequest(`${provider.issuer}/token`, {
      grant_type: 'refresh_token',
      client_id: provider.clientId,
      refresh_token: String(first.body.refresh_token),
    });

    expect(refreshed.status).toBe(200);
    expect(decodeJwt(String(refreshed.body.access_token)).payload.aud).toBe(
      'urn:phoenix-ascend:api',
    );
    expect(refreshed.body.refresh_token).not.toBe(first.body.refresh_token);
  });

  it('allows token requests from dashboard origins only', async () => {
    const tokenRequest = (origin: string) =>
      fetch(`${provider.issuer}/token`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          client_id: provider.clientId,
          refresh_token: 'unknown',
        }).toString(),
      });

    const dashboard = await tokenRequest(DASHBOARD);
    const other = await tokenRequest('http://127.0.0.1:6666');

    expect(dashboard.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('rejects code exchange with wrong verifier', async () => {
    const { browser, page } = await begin();
    const code = codeOf(await browser.submit(page, { username: 'patient', password: PASSWORD }));

    const tokens = await exchange(code, createPkce().verifier);

    expect(tokens.status).toBe(400);
    expect(tokens.body.error).toBe('invalid_grant');
  });

  it('rejects a wrong password with a message', async () => {
    const { browser, page } = await begin();

    const landing = pageOf(await browser.submit(page, { username: 'patient', password: 'wrong' }));

    expect(landing.status).toBe(401);
    expect(landing.html).toContain('The username or password is incorrect.');
  });

  it('withholds codes before the second factor', async () => {
    const { browser, page } = await begin();

    const enrol = pageOf(await browser.submit(page, { username: 'admin', password: PASSWORD }));
    expect(enrol.html).toContain('Set up your authenticator');
    expect(enrol.html).toContain('otpauth://totp/Phoenix%20Ascend:admin?secret=');

    // Reloading the authorization endpoint in the same browser still ends at a sign-in page.
    const retry = await browser.open(
      authorizationUrl(
        provider.issuer,
        provider.clientId,
        REDIRECT_URI,
        createPkce().challenge,
        's',
      ),
    );
    expect(pageOf(retry).html).toContain('Sign in to Phoenix Ascend');
  });

  it('enrols clinician, then asks for codes', async () => {
    const first = await begin();
    const enrol = pageOf(
      await first.browser.submit(first.page, { username: 'clinician', password: PASSWORD }),
    );
    const secret = secretOn(enrol);

    const wrong = pageOf(
      await first.browser.submit(enrol, {
        code: '000000' === (await totp(secret)) ? '111111' : '000000',
      }),
    );
    expect(wrong.status).toBe(401);
    expect(wrong.html).toContain('The code is incorrect');

    const enrolled = await first.browser.submit(enrol, { code: await totp(secret) });
    const tokens = await exchange(codeOf(enrolled), first.pkce.verifier);
    expect(tokens.status).toBe(200);
    const access = decodeJwt(String(tokens.body.access_token)).payload;
    expect(access[ROLES]).toEqual(['clinician']);
    expect(decodeJwt(String(tokens.body.id_token)).payload.amr).toEqual(['pwd', 'otp']);

    const second = await begin();
    const verify = pageOf(
      await second.browser.submit(second.page, { username: 'clinician', password: PASSWORD }),
    );
    expect(verify.html).toContain('Enter your authentication code');
    expect(verify.html).not.toContain('totp-secret');
    // The code of the step used for enrolment is spent, so sign in with the next step's code.
    const replay = pageOf(await second.browser.submit(verify, { code: await totp(secret) }));
    expect(replay.status).toBe(401);
    const signedIn = await second.browser.submit(verify, { code: await totp(secret, 1) });
    expect((await exchange(codeOf(signedIn), second.pkce.verifier)).status).toBe(200);
  });

  it('locks an account after five failures', async () => {
    const pages: Page[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const { browser, page } = await begin();
      pages.push(pageOf(await browser.submit(page, { username: 'locked', password: 'wrong' })));
    }
    expect(pages.slice(0, 4).map((page) => page.status)).toEqual([401, 401, 401, 401]);
    expect(pages[4]?.status).toBe(423);
    expect(pages[4]?.html).toContain(
      'This account is locked after 5 failed sign-in attempts. Try again in 15 minutes.',
    );

    const { browser, page } = await begin();
    const rejected = pageOf(await browser.submit(page, { username: 'locked', password: PASSWORD }));
    expect(rejected.status).toBe(423);

    clockOffsetMs += 15 * 60_000 + 1000;
    const after = await begin();
    const accepted = pageOf(
      await after.browser.submit(after.page, { username: 'locked', password: PASSWORD }),
    );
    expect(accepted.html).toContain('Set up your authenticator');
  });

  it('locks unknown usernames the same way', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const { browser, page } = await begin();
      statuses.push(
        pageOf(await browser.submit(page, { username: 'nobody', password: 'x' })).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
  });

  it('sign-out ends session and refresh tokens', async () => {
    const { browser, pkce, page } = await begin();
    const code = codeOf(await browser.submit(page, { username: 'patient', password: PASSWORD }));
    const tokens = await exchange(code, pkce.verifier);
    const query = new URLSearchParams({
      id_token_hint: String(tokens.body.id_token),
      post_logout_redirect_uri: `${DASHBOARD}/`,
    });

    const confirm = pageOf(
      await browser.open(`${provider.issuer}/session/end?${query.toString()}`),
    );
    expect(confirm.html).toContain('Sign out of Phoenix Ascend?');
    const xsrf = /name="xsrf" value="([0-9a-f]+)"/.exec(confirm.html)?.[1] ?? '';
    const response = await fetch(`${provider.issuer}/session/end/confirm`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: (browser as unknown as { cookieHeader(): string }).cookieHeader(),
      },
      body: new URLSearchParams({ xsrf, logout: 'yes' }).toString(),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${DASHBOARD}/`);

    const refreshed = await postTokenRequest(`${provider.issuer}/token`, {
      grant_type: 'refresh_token',
      client_id: provider.clientId,
      refresh_token: String(tokens.body.refresh_token),
    });
    expect(refreshed.status).toBe(400);
    expect(refreshed.body.error).toBe('invalid_grant');
  });

  it('keeps old keys published after rotation', async () => {
    const { browser, pkce, page } = await begin();
    const code = codeOf(await browser.submit(page, { username: 'patient', password: PASSWORD }));
    const token = String((await exchange(code, pkce.verifier)).body.access_token);
    const oldKid = provider.activeKeyId();
    const published = provider.jwks().keys.map((key) => key.kid);
    expect(published).toHaveLength(2);
    const nextKid = published[1];

    await provider.rotateKeys();

    expect(provider.activeKeyId()).toBe(nextKid);
    expect(provider.jwks().keys.map((key) => key.kid)).toContain(oldKid);
    expect(await verifiesAgainstJwks(token)).toBe(true);
    const after = await begin();
    const newCode = codeOf(
      await after.browser.submit(after.page, { username: 'patient', password: PASSWORD }),
    );
    const newToken = String((await exchange(newCode, after.pkce.verifier)).body.access_token);
    expect(decodeJwt(newToken).header.kid).toBe(nextKid);

    clockOffsetMs += 3_600_000 + 1000;
    await provider.rotateKeys();
    expect(provider.jwks().keys.map((key) => key.kid)).not.toContain(oldKid);
    expect(await verifiesAgainstJwks(token)).toBe(false);
  });

  it('stores secrets with mode 0600', async () => {
    for (const name of [
      'signing-keys.json',
      'users.json',
      'cookie-keys.json',
      'demo-logins.json',
    ]) {
      expect(((await stat(join(dataDir, name))).mode & 0o777).toString(8)).toBe('600');
    }
    expect(provider.demoLogins.map((login) => login.username)).toEqual(['engineer']);
  });

  it('sets a restrictive CSP on the sign-in page', async () => {
    const response = await fetch(`${provider.issuer}/interaction/unknown`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`form-action 'self' ${DASHBOARD}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.status).toBe(400);
  });
});

describe('sign-in rate limit', () => {
  let limited: IdentityProvider;
  let limitedDir: string;

  beforeAll(async () => {
    limitedDir = await mkdtemp(join(tmpdir(), 'phoenix-identity-limit-'));
    limited = await startIdentityProvider({
      port: 0,
      dataDir: limitedDir,
      dashboardOrigins: [DASHBOARD],
      loginRateLimit: { limit: 3, windowMs: 60_000 },
      users: [
        {
          id: IDS.limitedPatient,
          username: 'limited',
          displayName: 'Limited',
          role: 'patient',
          password: PASSWORD,
        },
      ],
    });
  });

  afterAll(async () => {
    await limited?.stop();
    await rm(limitedDir, { recursive: true, force: true });
  });

  it('returns 429 over the limit', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const browser = new TestBrowser(REDIRECT_URI);
      const start = await browser.open(
        authorizationUrl(
          limited.issuer,
          limited.clientId,
          REDIRECT_URI,
          createPkce().challenge,
          's',
        ),
      );
      const landing = await browser.submit(pageOf(start), { username: 'nobody', password: 'x' });
      statuses.push(landing.kind === 'page' ? landing.page.status : 302);
    }

    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});
