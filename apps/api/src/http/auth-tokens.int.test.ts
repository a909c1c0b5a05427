import { createHmac, createPublicKey } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, DEMO_IDS, seedDemo } from '@phoenix/db';
import { createTestDatabase, type TestDatabase } from '../../../../packages/db/test/database.ts';
import { buildApp } from '../app.ts';
import { createAccessTokenVerifier } from './auth-tokens.ts';
import type { AuthSettings } from './auth-settings.ts';

const AUDIENCE = 'urn:phoenix-ascend:api';
const ROLES = 'https://phoenix-ascend.org/roles';
const REMOVED_USER = '00000000-0000-4000-8000-0000000000dd';

interface TestKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

let db: TestDatabase;
let pool: pg.Pool;
let app: FastifyInstance;
let jwksServer: Server;
let issuer: string;
/** Keys the test issuer publishes; tests change it to simulate rotation. */
let published: TestKey[] = [];
let jwksFetches = 0;
let first: TestKey;
/** Published later, as a rotation would. */
let second: TestKey;
/** Never published. */
let stranger: TestKey;

async function createKey(kid: string): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return {
    kid,
    privateKey,
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.adminUrl, 'UTC');
  const admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  await admin.query(
    "insert into users (id, display_name, role) values ($1, 'Removed', 'engineer')",
    [REMOVED_USER],
  );
  await admin.end();

  // RSA key generation is the slowest step of this file, so the keys are made in parallel.
  [first, second, stranger] = await Promise.all([
    createKey('key-1'),
    createKey('key-2'),
    createKey('key-unknown'),
  ]);
  published = [first];
  jwksServer = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') {
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    } else if (req.url === '/jwks') {
      jwksFetches += 1;
      res.end(JSON.stringify({ keys: published.map((key) => key.publicJwk) }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}`;

  const settings: AuthSettings = {
    issuer,
    audience: AUDIENCE,
    rolesClaim: ROLES,
    userIdClaim: 'sub',
    clientId: 'phoenix-dashboard',
    jwksUri: null,
    devLogin: false,
    corsOrigins: [],
  };
  // No cooldown, so a token with a new kid makes the verifier fetch the JWKS at once.
  const verifier = createAccessTokenVerifier({ ...settings, issuer, cooldownMs: 0 });
  pool = createPool(db.apiUrl);
  app = await buildApp({ pool, logLevel: false, auth: { settings, verifier } });
});

afterAll(async () => {
  await app?.close();
  await pool?.end();
  await db?.drop();
  await new Promise((resolve) => jwksServer?.close(resolve));
});

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Signs claims with RS256; each default is a valid access token of the demo patient. */
async function sign(
  claims: Record<string, unknown> = {},
  key: TestKey = first,
  lifetimeSeconds = 600,
): Promise<string> {
  const iat = nowSeconds();
  return new SignJWT({
    iss: issuer,
    aud: AUDIENCE,
    sub: DEMO_IDS.patientUserId,
    iat,
    exp: iat + lifetimeSeconds,
    [ROLES]: ['patient'],
    ...claims,
  })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'at+jwt' })
    .sign(key.privateKey);
}

function unsignedPart(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function callMe(token: string) {
  return app.inject({
    method: 'GET',
    url: '/api/v1/auth/me',
    headers: { authorization: `Bearer ${token}` },
  });
}

async function expectRejected(token: string, messagePart: string) {
  const response = await callMe(token);
  expect(response.statusCode).toBe(401);
  expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
  const body = response.json();
  expect(body.error.code).toBe('NOT_AUTHENTICATED');
  expect(body.error.requestId).toBe(response.headers['x-request-id']);
  expect(body.error.message).toContain(messagePart);
}

describe('access tokens', () => {
  it('accepts a valid token', async () => {
    const response = await callMe(await sign());

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      id: DEMO_IDS.patientUserId,
      displayName: 'Demo Patient',
      role: 'patient',
    });
  });

  it('accepts a token of exactly 15 minutes', async () => {
    expect((await callMe(await sign({}, first, 900))).statusCode).toBe(200);
  });

  it('lets the token reach role-scoped routes', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/patients',
      headers: { authorization: `Bearer ${await sign()}` },
    });

    expect(response.statusCode).toBe(200);
    expect(response.json().map((patient: { id: string }) => patient.id)).toEqual([
      DEMO_IDS.patientId,
    ]);
  });

  it('rejects an expired token', async () => {
    const iat = nowSeconds() - 700;
    await expectRejected(await sign({ iat, exp: iat + 600 }), 'expired');
  });

  it('rejects a token not valid yet', async () => {
    await expectRejected(await sign({ nbf: nowSeconds() + 300 }), 'not valid yet');
  });

  it('rejects a token issued in the future', async () => {
    const iat = nowSeconds() + 300;
    await expectRejected(await sign({ iat, exp: iat + 600 }), 'issued in the future');
  });

  it('rejects a token from another issuer', async () => {
    await expectRejected(await sign({ iss: 'http://127.0.0.1:9/' }), 'another issuer');
  });

  it('rejects a token for another audience', async () => {
    await expectRejected(await sign({ aud: 'phoenix-dashboard' }), 'another audience');
  });

  it('rejects a token that lives over 15 minutes', async () => {
    await expectRejected(await sign({}, first, 901), 'lives 901 s');
  });

  it('rejects alg none', async () => {
    const iat = nowSeconds();
    const token = [
      unsignedPart({ alg: 'none', typ: 'JWT' }),
      unsignedPart({
        iss: issuer,
        aud: AUDIENCE,
        sub: DEMO_IDS.adminUserId,
        iat,
        exp: iat + 600,
        [ROLES]: ['admin'],
      }),
      '',
    ].join('.');
    await expectRejected(token, 'RS256');
  });

  it('rejects HS256 signed with the public key', async () => {
    const iat = nowSeconds();
    const publicPem = createPublicKey({ key: first.publicJwk as never, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
    const head = unsignedPart({ alg: 'HS256', typ: 'JWT', kid: first.kid });
    const body = unsignedPart({
      iss: issuer,
      aud: AUDIENCE,
      sub: DEMO_IDS.adminUserId,
      iat,
      exp: iat + 600,
      [ROLES]: ['admin'],
    });
    const signature = createHmac('sha256', publicPem).update(`${head}.${body}`).digest('base64url');
    await expectRejected(`${head}.${body}.${signature}`, 'RS256');
  });

  it('rejects a tampered payload', async () => {
    const [head, , signature] = (await sign()).split('.');
    const iat = nowSeconds();
    const forged = unsignedPart({
      iss: issuer,
      aud: AUDIENCE,
      sub: DEMO_IDS.adminUserId,
      iat,
      exp: iat + 600,
      [ROLES]: ['admin'],
    });
    await expectRejected(`${head}.${forged}.${signature}`, 'signature is invalid');
  });

  it('refetches the JWKS for a rotated key', async () => {
    expect((await callMe(await sign())).statusCode).toBe(200);
    const fetchesBefore = jwksFetches;
    published = [second, first];

    const response = await callMe(await sign({}, second));

    expect(response.statusCode).toBe(200);
    expect(jwksFetches).toBe(fetchesBefore + 1);
    expect((await callMe(await sign({}, first))).statusCode).toBe(200);
  });

  it('rejects a key the issuer never published', async () => {
    await expectRejected(await sign({}, stranger), 'does not publish');
  });

  it('rejects a token of a removed user', async () => {
    const token = await sign({ sub: REMOVED_USER, [ROLES]: ['engineer'] });
    expect((await callMe(token)).statusCode).toBe(200);
    const admin = new pg.Client({ connectionString: db.adminUrl });
    await admin.connect();
    await admin.query('delete from users where id = $1', [REMOVED_USER]);
    await admin.end();

    await expectRejected(token, 'no longer exists');
  });

  it('rejects a role that differs from the database', async () => {
    await expectRejected(await sign({ [ROLES]: ['admin'] }), "the user's role is patient");
  });

  it('rejects a subject that is not a user ID', async () => {
    await expectRejected(await sign({ sub: 'auth0|123' }), 'not a user ID');
  });

  it('accepts the scheme name in any case', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `bearer ${await sign()}` },
    });
    expect(response.statusCode).toBe(200);
  });

  it('rejects a non-bearer Authorization header', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: 'Basic cGF0aWVudDpwYXNzd29yZA==' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.message).toContain('Bearer');
  });

  it('rejects the development login while off', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/patients',
      headers: { 'x-dev-user': DEMO_IDS.adminUserId },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.message).toContain('PHOENIX_DEV_LOGIN=1');
    const users = await app.inject({ method: 'GET', url: '/api/v1/dev/users' });
    expect(users.statusCode).toBe(404);
  });
});

describe('JWKS cooldown', () => {
  it('skips refetches within the cooldown', async () => {
    const verifier = createAccessTokenVerifier({
      issuer,
      audience: AUDIENCE,
      rolesClaim: ROLES,
      userIdClaim: 'sub',
      jwksUri: `${issuer}/jwks`,
      cooldownMs: 60_000,
    });
    await verifier.verify(await sign({}, first));
    const fetchesBefore = jwksFetches;

    const results = await Promise.allSettled(
      [1, 2, 3].map(async () => verifier.verify(await sign({}, stranger))),
    );

    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(jwksFetches).toBe(fetchesBefore);
  });
});
