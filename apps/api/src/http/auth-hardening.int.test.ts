import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, DEMO_IDS, seedDemo } from '@phoenix/db';
import { createTestDatabase, type TestDatabase } from '../../../../packages/db/test/database.ts';
import { buildApp } from '../app.ts';
import { PAIRING_RATE_LIMIT, UPLOAD_RATE_LIMIT } from './auth-hardening.ts';
import { loadAuthSettings } from './auth-settings.ts';

const ISSUER = 'http://127.0.0.1:4999';
const ALLOWED_ORIGIN = 'http://127.0.0.1:5173';

let db: TestDatabase;
let pool: pg.Pool;
let app: FastifyInstance;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.adminUrl, 'UTC');
  pool = createPool(db.apiUrl);
  const settings = loadAuthSettings({
    OIDC_ISSUER: ISSUER,
    PHOENIX_DEV_LOGIN: '1',
    CORS_ORIGINS: ALLOWED_ORIGIN,
  });
  app = await buildApp({ pool, logLevel: false, auth: { settings } });
});

afterAll(async () => {
  await app?.close();
  await pool?.end();
  await db?.drop();
});

describe('security headers', () => {
  it('sends a CSP that lets the dashboard reach the issuer', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/auth/config' });
    const csp = String(response.headers['content-security-policy']);

    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ${ISSUER}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('allows listed origins only', async () => {
    const preflight = (origin: string) =>
      app.inject({
        method: 'OPTIONS',
        url: '/api/v1/patients',
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });

    const allowed = await preflight(ALLOWED_ORIGIN);
    const other = await preflight('http://127.0.0.1:6666');

    expect(allowed.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(String(allowed.headers['access-control-allow-headers'])).toContain('authorization');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('auth routes', () => {
  it('returns the sign-in settings', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/auth/config' });

    expect(response.json()).toEqual({
      issuer: ISSUER,
      clientId: 'phoenix-dashboard',
      audience: 'urn:phoenix-ascend:api',
      scope: 'openid profile',
      devLogin: true,
    });
  });

  it('returns the development login user', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { 'x-dev-user': DEMO_IDS.clinicianUserId },
    });

    expect(response.json()).toEqual({
      id: DEMO_IDS.clinicianUserId,
      displayName: 'Dr. Demo Clinician',
      role: 'clinician',
    });
  });

  it('requires a caller for the current user', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/auth/me' });

    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('NOT_AUTHENTICATED');
  });

  it('documents the development login switch', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const schemes = document.components.securitySchemes;

    expect(schemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(schemes.devUser.description).toContain('PHOENIX_DEV_LOGIN=1');
    expect(schemes.devUser.description).toContain('off by default');
  });
});

describe('upload rate limit', () => {
  it('returns 429 over the limit', async () => {
    const upload = () =>
      app.inject({
        method: 'POST',
        url: `/api/v1/patients/${DEMO_IDS.patientId}/uploads`,
        headers: { 'x-dev-user': DEMO_IDS.patientUserId, 'idempotency-key': 'rate-limit-key-1' },
        payload: { records: [] },
      });
    const statuses: number[] = [];
    for (let request = 0; request < UPLOAD_RATE_LIMIT.max; request += 1) {
      statuses.push((await upload()).statusCode);
    }

    const limited = await upload();

    expect(statuses).not.toContain(429);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('pairing rate limit', () => {
  it('returns 429 over the limit', async () => {
    const pair = () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/bridges/pair',
        payload: { code: 'WRONG-CODE', publicKey: 'AAAA', name: 'Phone' },
      });
    const statuses: number[] = [];
    for (let request = 0; request < PAIRING_RATE_LIMIT.max; request += 1) {
      statuses.push((await pair()).statusCode);
    }

    const limited = await pair();

    expect(statuses).not.toContain(429);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
  });
});
