import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS, withCaller } from '@phoenix/db';
import {
  createSite,
  OTHER_PATIENT,
  sha1,
  sha512,
  startHarness,
  type NightscoutHarness,
  type TestSite,
} from './test-support.ts';

let harness: NightscoutHarness;
let site: TestSite;
let otherSite: TestSite;

beforeAll(async () => {
  harness = await startHarness();
  site = await createSite(harness.app);
  otherSite = await createSite(harness.app, OTHER_PATIENT.userId, OTHER_PATIENT.patientId);
});

afterAll(async () => {
  await harness.close();
});

/** Each test gets its own client address, so failed attempts of one do not slow another. */
let addressCounter = 10;
function nextAddress(): string {
  addressCounter += 1;
  return `198.51.100.${addressCounter}`;
}

function get(url: string, headers: Record<string, string> = {}, remoteAddress = nextAddress()) {
  return harness.app.inject({ method: 'GET', url, headers, remoteAddress });
}

function entriesUrl(target: TestSite = site): string {
  return `${target.path}api/v1/entries.json?count=1`;
}

async function jwtFor(token: string, target: TestSite = site): Promise<string> {
  const response = await get(`${target.path}api/v2/authorization/request/${token}`);
  expect(response.statusCode).toBe(200);
  return (response.json() as { token: string }).token;
}

describe('site management', () => {
  const base = `/api/v1/patients/${DEMO_IDS.patientId}/nightscout-sites`;
  const patient = { 'x-dev-user': DEMO_IDS.patientUserId };

  it('generates a secret when none is chosen', async () => {
    const response = await harness.app.inject({
      method: 'POST',
      url: base,
      headers: patient,
      payload: {},
    });
    expect(response.statusCode).toBe(201);
    const created = response.json() as { siteId: string; path: string; apiSecret: string };
    expect(created.siteId).toMatch(/^[a-z0-9]{16}$/);
    expect(created.path).toBe(`/ns/${created.siteId}/`);
    expect(created.apiSecret.length).toBeGreaterThanOrEqual(12);
    const check = await get(`${created.path}api/v1/verifyauth`, {
      'api-secret': sha1(created.apiSecret),
    });
    expect((check.json() as { message: { message: string } }).message.message).toBe('OK');
  });

  it('rejects a secret shorter than 12 characters', async () => {
    const response = await harness.app.inject({
      method: 'POST',
      url: base,
      headers: patient,
      payload: { apiSecret: 'short' },
    });
    expect(response.statusCode).toBe(400);
  });

  it('lists credentials without secrets', async () => {
    const response = await harness.app.inject({ method: 'GET', url: base, headers: patient });
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain(site.apiSecret);
    expect(response.body).not.toContain(site.writeToken);
    const listed = (response.json() as { siteId: string; credentials: { kind: string }[] }[]).find(
      (item) => item.siteId === site.siteId,
    );
    expect(listed?.credentials.map((credential) => credential.kind)).toEqual([
      'secret',
      'token',
      'token',
    ]);
  });

  it('lets only the patient create a site', async () => {
    const response = await harness.app.inject({
      method: 'POST',
      url: base,
      headers: { 'x-dev-user': DEMO_IDS.clinicianUserId },
      payload: {},
    });
    expect(response.statusCode).toBe(404);
  });

  it('replaces the secret', async () => {
    const target = await createSite(harness.app, undefined, undefined, 'first-secret-long-enough');
    const response = await harness.app.inject({
      method: 'POST',
      url: `${base}/${target.siteId}/secret`,
      headers: patient,
      payload: { apiSecret: 'second-secret-long-enough' },
    });
    expect(response.statusCode).toBe(200);
    const old = await get(entriesUrl(target), { 'api-secret': sha1('first-secret-long-enough') });
    expect(old.statusCode).toBe(401);
    const fresh = await get(entriesUrl(target), {
      'api-secret': sha1('second-secret-long-enough'),
    });
    expect(fresh.statusCode).toBe(200);
  });

  it('revokes a token and a site', async () => {
    const target = await createSite(harness.app);
    const listed = await harness.app.inject({ method: 'GET', url: base, headers: patient });
    const credentials = (
      listed.json() as { siteId: string; credentials: { id: string; name: string }[] }[]
    ).find((item) => item.siteId === target.siteId)!.credentials;
    const reader = credentials.find((credential) => credential.name === 'follower')!;
    const revoked = await harness.app.inject({
      method: 'DELETE',
      url: `${base}/${target.siteId}/tokens/${reader.id}`,
      headers: patient,
    });
    expect(revoked.statusCode).toBe(204);
    expect(
      (await get(entriesUrl(target), { 'api-secret': sha1(target.readToken) })).statusCode,
    ).toBe(401);
    const gone = await harness.app.inject({
      method: 'DELETE',
      url: `${base}/${target.siteId}`,
      headers: patient,
    });
    expect(gone.statusCode).toBe(204);
    expect(
      (await get(entriesUrl(target), { 'api-secret': sha1(target.apiSecret) })).statusCode,
    ).toBe(401);
  });
});

describe('credential forms', () => {
  it('accepts the secret as SHA-1 in any case', async () => {
    const response = await get(entriesUrl(), { 'api-secret': sha1(site.apiSecret).toUpperCase() });
    expect(response.statusCode).toBe(200);
  });

  it('accepts the secret as SHA-512', async () => {
    const response = await get(entriesUrl(), { 'api-secret': sha512(site.apiSecret) });
    expect(response.statusCode).toBe(200);
  });

  it('accepts the secret hash as a secret query parameter', async () => {
    const response = await get(`${entriesUrl()}&secret=${sha1(site.apiSecret)}`);
    expect(response.statusCode).toBe(200);
  });

  it('accepts a raw token in the query', async () => {
    const response = await get(`${entriesUrl()}&token=${site.readToken}`);
    expect(response.statusCode).toBe(200);
  });

  it('accepts a token hashed with SHA-1', async () => {
    const response = await get(entriesUrl(), { 'api-secret': sha1(site.readToken) });
    expect(response.statusCode).toBe(200);
  });

  it('accepts a raw token as a bearer', async () => {
    const response = await get(entriesUrl(), { authorization: `Bearer ${site.readToken}` });
    expect(response.statusCode).toBe(200);
  });

  it('accepts a bearer JWT on both API versions', async () => {
    const jwt = await jwtFor(site.readToken);
    const v1 = await get(entriesUrl(), { authorization: `Bearer ${jwt}` });
    expect(v1.statusCode).toBe(200);
    const v3 = await get(`${site.path}api/v3/entries?limit=1`, { authorization: `Bearer ${jwt}` });
    expect(v3.statusCode).toBe(200);
  });

  it('gives API v3 JWTs only', async () => {
    const withSecret = await get(`${site.path}api/v3/status`, {
      'api-secret': sha1(site.apiSecret),
    });
    expect(withSecret.statusCode).toBe(401);
    const withToken = await get(`${site.path}api/v3/status`, {
      authorization: `Bearer ${site.writeToken}`,
    });
    expect(withToken.statusCode).toBe(401);
  });

  it('issues JWTs for tokens, raw or hashed, not for the secret', async () => {
    const hashed = await get(`${site.path}api/v2/authorization/request/${sha1(site.writeToken)}`);
    expect(hashed.statusCode).toBe(200);
    const grant = hashed.json() as {
      sub: string;
      permissionGroups: string[][];
      exp: number;
      iat: number;
    };
    expect(grant.sub).toBe('aaps');
    expect(grant.permissionGroups[0]).toContain('api:*:create');
    expect(grant.exp - grant.iat).toBe(3600);
    const secret = await get(`${site.path}api/v2/authorization/request/${sha1(site.apiSecret)}`);
    expect(secret.statusCode).toBe(401);
  });

  it('answers 401 without credentials', async () => {
    const response = await get(entriesUrl());
    expect(response.statusCode).toBe(401);
    expect((response.json() as { status: number }).status).toBe(401);
  });

  it('keeps credentials out of the logs', async () => {
    const jwt = await jwtFor(site.writeToken);
    await get(`${entriesUrl()}&token=${site.readToken}`);
    await get(entriesUrl(), { authorization: `Bearer ${jwt}` });
    const logs = harness.logLines.join('\n');
    expect(logs).not.toContain(site.readToken);
    expect(logs).not.toContain(site.writeToken);
    expect(logs).not.toContain(sha1(site.writeToken));
    expect(logs).not.toContain(jwt);
    expect(logs).toContain('token=[redacted]');
  });
});

describe('failed attempts', () => {
  it('answers 401 and slows the address down', async () => {
    const address = nextAddress();
    const wrong = { 'api-secret': sha1('not the secret at all') };
    let started = Date.now();
    const first = await get(entriesUrl(), wrong, address);
    const firstMs = Date.now() - started;
    expect(first.statusCode).toBe(401);
    started = Date.now();
    const second = await get(entriesUrl(), wrong, address);
    const secondMs = Date.now() - started;
    expect(second.statusCode).toBe(401);
    // 250 ms per failure: the second response waits 250 ms before and 500 ms after the check.
    expect(firstMs).toBeGreaterThanOrEqual(240);
    expect(secondMs).toBeGreaterThanOrEqual(740);
    started = Date.now();
    const valid = await get(entriesUrl(), { 'api-secret': sha1(site.apiSecret) }, address);
    expect(valid.statusCode).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(490);
  });

  it('reports wrong credentials in verifyauth', async () => {
    const response = await get(`${site.path}api/v1/verifyauth`, {
      'api-secret': sha1('wrong one!!'),
    });
    expect(response.statusCode).toBe(200);
    const message = (response.json() as { message: { message: string; canRead: boolean } }).message;
    expect(message.message).toBe('UNAUTHORIZED');
    expect(message.canRead).toBe(false);
  });

  it('answers 401 for a malformed credential', async () => {
    const response = await get(entriesUrl(), { 'api-secret': 'plain-text-secret' });
    expect(response.statusCode).toBe(401);
  });
});

describe('scopes', () => {
  it('keeps a read-only token from writing', async () => {
    const response = await harness.app.inject({
      method: 'POST',
      url: `${site.path}api/v1/entries`,
      headers: { 'api-secret': sha1(site.readToken) },
      payload: [{ type: 'sgv', sgv: 120, date: Date.now() - 60_000, device: 'test' }],
      remoteAddress: nextAddress(),
    });
    expect(response.statusCode).toBe(401);
    const verify = await get(`${site.path}api/v1/verifyauth`, {
      'api-secret': sha1(site.readToken),
    });
    const message = (verify.json() as { message: { canRead: boolean; canWrite: boolean } }).message;
    expect(message).toMatchObject({ canRead: true, canWrite: false });
  });

  it('keeps a read-only credential from writing in the database too', async () => {
    const listed = await harness.app.inject({
      method: 'GET',
      url: `/api/v1/patients/${DEMO_IDS.patientId}/nightscout-sites`,
      headers: { 'x-dev-user': DEMO_IDS.patientUserId },
    });
    const reader = (
      listed.json() as { siteId: string; credentials: { id: string; name: string }[] }[]
    )
      .find((item) => item.siteId === site.siteId)!
      .credentials.find((credential) => credential.name === 'follower')!;
    const attempt = withCaller(harness.pool, { role: 'bridge', userId: reader.id }, (client) =>
      client.query('select nightscout_begin_write($1)', [DEMO_IDS.patientId]),
    );
    await expect(attempt).rejects.toMatchObject({ code: '42501' });
    const read = await withCaller(harness.pool, { role: 'bridge', userId: reader.id }, (client) =>
      client.query('select * from nightscout_last_modified($1)', [DEMO_IDS.patientId]),
    );
    expect(read.rowCount).toBe(0);
  });

  it("keeps one patient's credentials off another's site", async () => {
    const secret = await get(entriesUrl(otherSite), { 'api-secret': sha1(site.apiSecret) });
    expect(secret.statusCode).toBe(401);
    const token = await get(`${entriesUrl(otherSite)}&token=${site.readToken}`);
    expect(token.statusCode).toBe(401);
    const jwt = await jwtFor(site.writeToken);
    const v3 = await get(`${otherSite.path}api/v3/entries?limit=1`, {
      authorization: `Bearer ${jwt}`,
    });
    expect(v3.statusCode).toBe(401);
    const own = await get(entriesUrl(otherSite), { 'api-secret': sha1(otherSite.apiSecret) });
    expect(own.statusCode).toBe(200);
  });

  it('answers unknown sites 404 on status and 401 with credentials', async () => {
    expect((await get('/ns/unknownsite1/api/v1/status.json')).statusCode).toBe(404);
    const response = await get('/ns/unknownsite1/api/v1/entries.json', {
      'api-secret': sha1(site.apiSecret),
    });
    expect(response.statusCode).toBe(401);
    expect((await get(`${site.path}api/v1/status.json`)).statusCode).toBe(200);
  });
});
