import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, DEMO_IDS, drainStaging, seedDemo } from '@phoenix/db';
import { createTestDatabase, type TestDatabase } from '../../../packages/db/test/database.ts';
import { buildApp } from './app.ts';
import { cbgAt } from './test-support.ts';

const PATIENT = DEMO_IDS.patientId;
const exportUrl = `/api/v1/patients/${PATIENT}/readings.csv`;
const range = '?from=2024-03-04T08:00:00Z&to=2024-03-04T09:00:00Z';

let db: TestDatabase;
let pool: pg.Pool;
let app: FastifyInstance;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.adminUrl, 'Europe/Helsinki');
  pool = createPool(db.apiUrl);
  app = await buildApp({ pool, logLevel: false });
  const upload = await app.inject({
    method: 'POST',
    url: `/api/v1/patients/${PATIENT}/uploads`,
    headers: {
      'idempotency-key': 'export-test',
      'x-dev-user': DEMO_IDS.patientUserId,
      'content-type': 'application/json',
    },
    payload: JSON.stringify({ records: [cbgAt(0, 120), cbgAt(5, null, 'high'), cbgAt(70, 90)] }),
  });
  expect(upload.statusCode, upload.body).toBe(201);
  const owner = new pg.Client({ connectionString: db.adminUrl });
  await owner.connect();
  await drainStaging(owner);
  await owner.end();
});

afterAll(async () => {
  await app.close();
  await pool.end();
  await db.drop();
});

function get(url: string, user: string = DEMO_IDS.clinicianUserId) {
  return app.inject({ method: 'GET', url, headers: { 'x-dev-user': user } });
}

describe('GET readings.csv', () => {
  it('downloads the readings in the range', async () => {
    const response = await get(exportUrl + range);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="cgm-00000000-2024-03-04.csv"',
    );
    // Helsinki is UTC+2 in March; 120 mg/dL is 6.66 mmol/L. The reading at minute 70 is after
    // the range's end.
    expect(response.body.split('\r\n')).toEqual([
      'time_utc,local_time,utc_offset_minutes,glucose_mg_dl,glucose_mmol_l,out_of_range,threshold_mg_dl',
      '2024-03-04T08:00:00.000Z,2024-03-04T10:00:00,120,120,6.7,,',
      '2024-03-04T08:05:00.000Z,2024-03-04T10:05:00,120,,,high,400',
      '',
    ]);
  });

  it('lets the patient download their own readings', async () => {
    const response = await get(exportUrl + range, DEMO_IDS.patientUserId);
    expect(response.statusCode).toBe(200);
  });

  it('hides the patient from the engineer', async () => {
    const response = await get(exportUrl + range, DEMO_IDS.engineerUserId);
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('120');
  });

  it('rejects a range over 90 days', async () => {
    const response = await get(`${exportUrl}?from=2024-01-01T00:00:00Z&to=2024-04-01T00:00:00Z`);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toBe('a range may cover at most 90 days');
  });

  it('rejects an invalid patient ID', async () => {
    const response = await get(`/api/v1/patients/not-a-uuid/readings.csv${range}`);
    expect(response.statusCode).toBe(400);
  });
});
