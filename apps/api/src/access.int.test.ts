import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, DEMO_IDS, seedDemo } from '@phoenix/db';
import { createTestDatabase, type TestDatabase } from '../../../packages/db/test/database.ts';
import { buildApp } from './app.ts';
import { cbgAt } from './test-support.ts';

// Every role against every route, on the demo patient's data: the demo clinician's care team
// has the patient's share, the other clinician's has not.

const OTHER_CLINICIAN = '00000000-0000-4000-8000-0000000000cc';
const PATIENT = DEMO_IDS.patientId;
const range = 'from=2024-03-04T00:00:00Z&to=2024-03-05T00:00:00Z';

let db: TestDatabase;
let pool: pg.Pool;
let app: FastifyInstance;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.adminUrl, 'UTC');
  const admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  await admin.query(
    "insert into users (id, display_name, role) values ($1, 'Other Clinician', 'clinician')",
    [OTHER_CLINICIAN],
  );
  await admin.end();
  pool = createPool(db.apiUrl);
  app = await buildApp({ pool, logLevel: false });
  const seeded = await app.inject({
    method: 'POST',
    url: `/api/v1/patients/${PATIENT}/uploads`,
    headers: { 'idempotency-key': 'key-access-seed', 'x-dev-user': DEMO_IDS.patientUserId },
    payload: { records: [cbgAt(0, 123), cbgAt(5, 125)] },
  });
  expect(seeded.statusCode).toBe(201);
});

afterAll(async () => {
  await app.close();
  await pool.end();
  await db.drop();
});

type Route = { name: string; method: 'GET' | 'POST' | 'PUT'; url: string; payload?: unknown };

const routes: Route[] = [
  { name: 'readings', method: 'GET', url: `/api/v1/patients/${PATIENT}/readings?${range}` },
  { name: 'statistics', method: 'GET', url: `/api/v1/patients/${PATIENT}/statistics?${range}` },
  { name: 'report', method: 'GET', url: `/api/v1/patients/${PATIENT}/report?${range}` },
  {
    name: 'upload',
    method: 'POST',
    url: `/api/v1/patients/${PATIENT}/uploads`,
    payload: { records: [cbgAt(10, 130)] },
  },
  { name: 'credentials list', method: 'GET', url: `/api/v1/patients/${PATIENT}/credentials` },
  {
    name: 'credentials store',
    method: 'PUT',
    url: `/api/v1/patients/${PATIENT}/credentials`,
    payload: { provider: 'librelinkup', username: 'user@example.org', secret: 'not-a-real-secret' },
  },
  { name: 'audit log', method: 'GET', url: '/api/v1/admin/audit' },
  { name: 'audit verify', method: 'GET', url: '/api/v1/admin/audit/verify' },
];

const users = {
  patient: DEMO_IDS.patientUserId,
  clinician: DEMO_IDS.clinicianUserId,
  otherClinician: OTHER_CLINICIAN,
  engineer: DEMO_IDS.engineerUserId,
  admin: DEMO_IDS.adminUserId,
  anonymous: null,
} as const;

// Expected status per user and route: 404 hides whether a patient exists.
const expected: Record<keyof typeof users, number[]> = {
  //               readings stats report upload list store audit verify
  patient: /*   */ [200, 200, 200, 201, 200, 200, 403, 403],
  clinician: /* */ [200, 200, 200, 201, 200, 200, 403, 403],
  otherClinician: [404, 404, 404, 404, 404, 404, 403, 403],
  engineer: /*  */ [404, 404, 404, 404, 404, 404, 403, 403],
  admin: /*     */ [404, 404, 404, 404, 404, 404, 200, 200],
  anonymous: /* */ [401, 401, 401, 401, 401, 401, 401, 401],
};

describe('role and route matrix', () => {
  for (const [userName, userId] of Object.entries(users)) {
    routes.forEach((route, index) => {
      const status = expected[userName as keyof typeof users][index]!;
      it(`${userName} gets ${status} on ${route.name}`, async () => {
        const headers: Record<string, string> = {
          'idempotency-key': `key-${userName}-${index}-matrix`,
        };
        if (userId) headers['x-dev-user'] = userId;
        const response = await app.inject({
          method: route.method,
          url: route.url,
          headers,
          payload: route.payload as object,
        });
        expect(response.statusCode).toBe(status);
        if (status >= 400) {
          expect(response.json().error.requestId).toBeTruthy();
          expect(response.body).not.toMatch(/valueMgDl|readingCount|librelinkup|"actor"/);
        }
      });
    });
  }

  it('never returns a stored secret', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/patients/${PATIENT}/credentials`,
      headers: { 'x-dev-user': DEMO_IDS.patientUserId },
    });
    expect(response.body).not.toContain('not-a-real-secret');
    expect(response.json()[0]).toMatchObject({ provider: 'librelinkup' });
  });

  it('shows admins an intact audit chain', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/admin/audit/verify',
      headers: { 'x-dev-user': DEMO_IDS.adminUserId },
    });
    expect(response.json()).toMatchObject({ ok: true, firstBrokenId: null });
  });

  it('filters the audit log by table and operation', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/admin/audit?table=public.upload_batches&operation=INSERT&limit=2',
      headers: { 'x-dev-user': DEMO_IDS.adminUserId },
    });
    const events = response.json();
    expect(events).toHaveLength(2);
    expect(events[0].id).toBeGreaterThan(events[1].id);
    for (const event of events) {
      expect(event).toMatchObject({ tableName: 'public.upload_batches', operation: 'INSERT' });
    }
  });
});
