import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, DEMO_IDS, drainStaging, seedDemo } from '@phoenix/db';
import { createTestDatabase, type TestDatabase } from '../../../packages/db/test/database.ts';
import { buildApp } from './app.ts';
import { cbgAt } from './test-support.ts';

let db: TestDatabase;
let pool: pg.Pool;
let app: FastifyInstance;
const STRANGER = '00000000-0000-4000-8000-0000000000aa';
/** A patient of nobody's care team, in Asia/Tokyo. */
const TOKYO = {
  userId: '00000000-0000-4000-8000-0000000000b1',
  patientId: '00000000-0000-4000-8000-0000000000b2',
};
const from = '2024-03-04T08:00:00.000Z';
const to = '2024-03-04T09:00:00.000Z';

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.adminUrl, 'UTC');
  const admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  await admin.query(
    "insert into users (id, display_name, role) values ($1, 'Other Clinician', 'clinician')",
    [STRANGER],
  );
  await admin.query("insert into users (id, display_name, role) values ($1, 'Tokyo', 'patient')", [
    TOKYO.userId,
  ]);
  await admin.query(
    "insert into patients (id, user_id, display_name, timezone) values ($1, $2, 'Tokyo', 'Asia/Tokyo')",
    [TOKYO.patientId, TOKYO.userId],
  );
  await admin.end();
  pool = createPool(db.apiUrl);
  app = await buildApp({ pool, logLevel: false });

  // 100, 200, Low, High: the statistics below are computed by hand from these four readings.
  const records = [cbgAt(0, 100), cbgAt(5, 200), cbgAt(10, null, 'low'), cbgAt(15, null, 'high')];
  const response = await app.inject({
    method: 'POST',
    url: `/api/v1/patients/${DEMO_IDS.patientId}/uploads`,
    headers: { 'idempotency-key': 'key-patients-seed', 'x-dev-user': DEMO_IDS.patientUserId },
    payload: { records },
  });
  expect(response.statusCode).toBe(201);
  const tokyo = await app.inject({
    method: 'POST',
    url: `/api/v1/patients/${TOKYO.patientId}/uploads`,
    headers: { 'idempotency-key': 'key-patients-tokyo', 'x-dev-user': TOKYO.userId },
    payload: { records: [cbgAt(400, 120), cbgAt(430, 130)] },
  });
  expect(tokyo.statusCode).toBe(201);
  // Uploads are merged in the background; merge now, as the API's storage job would.
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

function get(path: string, user: string) {
  return app.inject({ method: 'GET', url: path, headers: { 'x-dev-user': user } });
}

describe('patient reads', () => {
  it('lists the patient for the patient and the care team', async () => {
    for (const user of [DEMO_IDS.patientUserId, DEMO_IDS.clinicianUserId]) {
      const response = await get('/api/v1/patients', user);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toHaveLength(1);
      expect(response.json()[0]).toMatchObject({
        id: DEMO_IDS.patientId,
        firstReadingTime: '2024-03-04T08:00:00.000Z',
        lastReadingTime: '2024-03-04T08:15:00.000Z',
      });
    }
  });

  it('lists nobody for a clinician outside the care team', async () => {
    const response = await get('/api/v1/patients', STRANGER);
    expect(response.json()).toEqual([]);
  });

  it('returns readings in order with out-of-range flags', async () => {
    const response = await get(
      `/api/v1/patients/${DEMO_IDS.patientId}/readings?from=${from}&to=${to}`,
      DEMO_IDS.patientUserId,
    );
    expect(response.statusCode).toBe(200);
    const { readings } = response.json();
    expect(readings.map((r: { valueMgDl: number | null }) => r.valueMgDl)).toEqual([
      100,
      200,
      null,
      null,
    ]);
    expect(readings[2]).toMatchObject({ outOfRange: 'low', thresholdMgDl: 40 });
    expect(readings[3]).toMatchObject({ outOfRange: 'high', thresholdMgDl: 400 });
  });

  it('treats the end of the range as exclusive', async () => {
    const end = '2024-03-04T08:15:00.000Z';
    const response = await get(
      `/api/v1/patients/${DEMO_IDS.patientId}/readings?from=${from}&to=${end}`,
      DEMO_IDS.patientUserId,
    );
    expect(response.json().readings).toHaveLength(3);
  });

  it('computes statistics from the stored readings', async () => {
    const response = await get(
      `/api/v1/patients/${DEMO_IDS.patientId}/statistics?from=${from}&to=${to}`,
      DEMO_IDS.clinicianUserId,
    );
    expect(response.statusCode).toBe(200);
    const { statistics } = response.json();
    // Low counts as 40 and High as 400 in the mean: (100 + 200 + 40 + 400) / 4 = 185.
    expect(statistics.readingCount).toBe(4);
    expect(statistics.meanMgDl).toBeCloseTo(185, 9);
    // GMI = 3.31 + 0.02392 × 185 = 7.7352.
    expect(statistics.gmiPercent).toBeCloseTo(7.7352, 6);
    // One reading in each of: target (100), high (200), very low (Low), very high (High).
    expect(statistics.timeInRanges).toMatchObject({
      veryLowPercent: 25,
      lowPercent: 0,
      targetPercent: 25,
      highPercent: 25,
      veryHighPercent: 25,
    });
    // The aggregates infer the interval from readings per hour with data: fewer than 6 means
    // one reading every 15 minutes. 4 readings in 1 hour: 60 / 15 = 4 expected, 4 present.
    expect(statistics.sufficiency.expectedReadings).toBe(4);
    expect(statistics.sufficiency.presentPercent).toBe(100);
    // A 1-hour period is shorter than the 14 days a sufficient period needs.
    expect(statistics.sufficiency.sufficient).toBe(false);
    // All four readings lie on 4 March 2024 in the patient's zone (UTC).
    expect(statistics.sufficiency.daysWithData).toBe(1);
  });

  it('counts days with data in the patient’s zone', async () => {
    // 14:40 and 15:10 UTC on 4 March are 23:40 on 4 March and 00:10 on 5 March in Tokyo
    // (UTC+9): one UTC day, two local days.
    const response = await get(
      `/api/v1/patients/${TOKYO.patientId}/statistics?from=2024-03-04T00:00:00Z&to=2024-03-05T00:00:00Z`,
      TOKYO.userId,
    );
    expect(response.statusCode).toBe(200);
    const { statistics } = response.json();
    expect(statistics.readingCount).toBe(2);
    expect(statistics.sufficiency.daysWithData).toBe(2);
  });

  it('answers 404 with no data for a patient outside the care team', async () => {
    for (const path of ['readings', 'statistics']) {
      const response = await get(
        `/api/v1/patients/${DEMO_IDS.patientId}/${path}?from=${from}&to=${to}`,
        STRANGER,
      );
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toMatch(/valueMgDl|readingCount/);
    }
  });

  it('rejects a reversed or oversized range', async () => {
    const base = `/api/v1/patients/${DEMO_IDS.patientId}/readings`;
    const reversed = await get(`${base}?from=${to}&to=${from}`, DEMO_IDS.patientUserId);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.code).toBe('INVALID_RANGE');
    const long = await get(
      `${base}?from=2024-01-01T00:00:00Z&to=2024-06-01T00:00:00Z`,
      DEMO_IDS.patientUserId,
    );
    expect(long.json().error.message).toMatch(/at most 90 days/);
    const garbage = await get(`${base}?from=yesterday&to=${to}`, DEMO_IDS.patientUserId);
    expect(garbage.statusCode).toBe(400);
  });

  it('rejects a malformed patient ID and an unknown user', async () => {
    const malformed = await get(
      `/api/v1/patients/not-a-uuid/readings?from=${from}&to=${to}`,
      DEMO_IDS.patientUserId,
    );
    expect(malformed.statusCode).toBe(400);
    const unknown = await get('/api/v1/patients', '00000000-0000-4000-8000-00000000dead');
    expect(unknown.statusCode).toBe(401);
  });

  it('publishes an OpenAPI document with the routes', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    const document = response.json();
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/patients/{patientId}/uploads',
        '/api/v1/patients/{patientId}/statistics',
      ]),
    );
  });

  it('answers an unknown route with the error shape', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/nothing' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toMatchObject({ code: 'NOT_FOUND' });
  });
});
