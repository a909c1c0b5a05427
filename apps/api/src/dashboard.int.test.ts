import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  computeCgmReport,
  identityHash,
  type FoodRecord,
  type GlucoseSample,
} from '@phoenix/domain';
import { createPool, DEMO_IDS, drainStaging, seedDemo } from '@phoenix/db';
import { createTestDatabase, type TestDatabase } from '../../../packages/db/test/database.ts';
import { buildApp } from './app.ts';
import { cbgAt } from './test-support.ts';

const SECOND_PATIENT = '00000000-0000-4000-8000-000000000102';
const SECOND_USER = '00000000-0000-4000-8000-000000000005';

let db: TestDatabase;
let pool: pg.Pool;
let app: FastifyInstance;

function call(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  user: string,
  payload?: object,
) {
  return app.inject({
    method,
    url,
    headers: { 'x-dev-user': user },
    ...(payload ? { payload } : {}),
  });
}

function upload(patientId: string, user: string, key: string, records: object[]) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/patients/${patientId}/uploads`,
    headers: { 'idempotency-key': key, 'x-dev-user': user },
    payload: { records },
  });
}

function carbsAt(minute: number, grams: number): FoodRecord {
  const time = new Date(Date.UTC(2024, 2, 4, 8, 0, 0) + minute * 60_000).toISOString();
  const record: Omit<FoodRecord, 'id'> = {
    type: 'food',
    time,
    deviceTime: time.slice(0, 19),
    timezoneOffset: 0,
    clockDriftOffset: 0,
    conversionOffset: 0,
    timeResolution: 'exact',
    deviceId: 'dexcom-g6:TEST01',
    origin: { format: 'test' },
    carbsGrams: grams,
  };
  return { ...record, id: identityHash(record) };
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.adminUrl, 'UTC');
  const admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  await admin.query(
    "insert into users (id, display_name, role) values ($1, 'Second Patient', 'patient')",
    [SECOND_USER],
  );
  await admin.query(
    "insert into patients (id, user_id, display_name, timezone) values ($1, $2, 'Second Patient', 'UTC')",
    [SECOND_PATIENT, SECOND_USER],
  );
  await admin.query('insert into patient_shares (patient_id, team_id) values ($1, $2)', [
    SECOND_PATIENT,
    DEMO_IDS.careTeamId,
  ]);
  await admin.end();
  pool = createPool(db.apiUrl);
  app = await buildApp({ pool, logLevel: false });

  // The demo patient runs high (all 250), the second patient in range (all 120).
  const high = Array.from({ length: 12 }, (_, i) => cbgAt(i * 5, 260));
  expect(
    (
      await upload(DEMO_IDS.patientId, DEMO_IDS.patientUserId, 'key-dash-high', [
        ...high,
        carbsAt(10, 45),
      ])
    ).statusCode,
  ).toBe(201);
  const inRange = Array.from({ length: 12 }, (_, i) => cbgAt(i * 5, 120));
  expect((await upload(SECOND_PATIENT, SECOND_USER, 'key-dash-range', inRange)).statusCode).toBe(
    201,
  );
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

describe('triage', () => {
  it('lists the care team’s patients riskiest first', async () => {
    const response = await call('GET', '/api/v1/triage', DEMO_IDS.clinicianUserId);
    expect(response.statusCode).toBe(200);
    const rows = response.json();
    expect(rows.map((row: { patientId: string }) => row.patientId)).toEqual([
      DEMO_IDS.patientId,
      SECOND_PATIENT,
    ]);
    // All readings above 250: GRI = 1.6 × 100 capped at 100.
    expect(rows[0].gri.gri).toBe(100);
    expect(rows[0].missedTargets).toEqual(['targetPercent', 'above180Percent', 'above250Percent']);
    expect(rows[1].gri.gri).toBe(0);
    expect(rows[1].missedTargets).toEqual([]);
  });

  it('ends each period just after the last reading', async () => {
    const rows = (await call('GET', '/api/v1/triage?days=14', DEMO_IDS.clinicianUserId)).json();
    const demo = rows.find((row: { patientId: string }) => row.patientId === DEMO_IDS.patientId);
    // 12 readings from 08:00 to 08:55 UTC on 4 March 2024; 14 days before is 19 February.
    expect(demo.lastReadingTime).toBe('2024-03-04T08:55:00.000Z');
    expect(demo.to).toBe('2024-03-04T08:55:00.001Z');
    expect(demo.from).toBe('2024-02-19T08:55:00.001Z');
    expect(demo.statistics.readingCount).toBe(12);
    expect(demo.statistics.meanMgDl).toBe(260);
    expect(Number.isNaN(Date.parse(demo.lastUploadAt))).toBe(false);
  });

  it('marks a patient as reviewed', async () => {
    const marked = await call(
      'POST',
      `/api/v1/patients/${SECOND_PATIENT}/reviews`,
      DEMO_IDS.clinicianUserId,
    );
    expect(marked.statusCode).toBe(200);
    const rows = (await call('GET', '/api/v1/triage', DEMO_IDS.clinicianUserId)).json();
    const second = rows.find((row: { patientId: string }) => row.patientId === SECOND_PATIENT);
    expect(second.reviewedAt).toBe(marked.json().reviewedAt);
  });

  it('lets only clinicians mark reviews', async () => {
    const response = await call('POST', `/api/v1/patients/${SECOND_PATIENT}/reviews`, SECOND_USER);
    expect(response.statusCode).toBe(403);
  });
});

describe('reports', () => {
  const range = 'from=2024-03-04T08:00:00Z&to=2024-03-04T09:00:00Z';

  it('returns the AGP report with every metric', async () => {
    const response = await call(
      'GET',
      `/api/v1/patients/${SECOND_PATIENT}/report?${range}`,
      DEMO_IDS.clinicianUserId,
    );
    expect(response.statusCode).toBe(200);
    const { report } = response.json();
    expect(report.statistics.meanMgDl).toBe(120);
    expect(report.agp.bins).toHaveLength(24);
    expect(report.agp.bins[8].percentiles.p50).toBe(120);
    expect(report.dailyProfiles).toHaveLength(1);
  });

  it('matches the report computed from the readings', async () => {
    const readings = (
      await call('GET', `/api/v1/patients/${SECOND_PATIENT}/readings?${range}`, SECOND_USER)
    ).json().readings as (Omit<GlucoseSample, 'timeMs'> & { time: string })[];
    const response = await call(
      'GET',
      `/api/v1/patients/${SECOND_PATIENT}/report?${range}`,
      SECOND_USER,
    );
    // 12 readings in one hour: both the aggregate rule (6 or more per hour) and the median
    // gap (5 minutes) give a 5-minute interval, so the two reports agree.
    const expected = computeCgmReport(
      readings.map((reading) => ({ ...reading, timeMs: Date.parse(reading.time) })),
      {
        fromMs: Date.parse('2024-03-04T08:00:00Z'),
        toMs: Date.parse('2024-03-04T09:00:00Z'),
        timezone: 'UTC',
        sampleIntervalMinutes: 5,
      },
    );
    expect(response.json().report).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it('returns carbs beside the trace in the daily view', async () => {
    const response = await call(
      'GET',
      `/api/v1/patients/${DEMO_IDS.patientId}/daily?${range}`,
      DEMO_IDS.patientUserId,
    );
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.readings).toHaveLength(12);
    expect(body.records).toHaveLength(1);
    expect(body.records[0]).toMatchObject({ type: 'food', payload: { carbsGrams: 45 } });
  });

  it('limits the daily view to 7 days', async () => {
    const response = await call(
      'GET',
      `/api/v1/patients/${DEMO_IDS.patientId}/daily?from=2024-03-01T00:00:00Z&to=2024-03-09T00:00:00Z`,
      DEMO_IDS.patientUserId,
    );
    expect(response.statusCode).toBe(400);
  });
});

describe('sharing', () => {
  const shareUrl = `/api/v1/patients/${SECOND_PATIENT}/shares/${DEMO_IDS.careTeamId}`;

  it('shows the patient who has access', async () => {
    const response = await call('GET', `/api/v1/patients/${SECOND_PATIENT}/shares`, SECOND_USER);
    expect(response.json()).toEqual([
      expect.objectContaining({
        teamId: DEMO_IDS.careTeamId,
        teamName: 'Demo Clinic',
        revokedAt: null,
      }),
    ]);
  });

  it('lets the patient revoke and grant again', async () => {
    expect((await call('DELETE', shareUrl, SECOND_USER)).statusCode).toBe(204);
    const hidden = await call(
      'GET',
      `/api/v1/patients/${SECOND_PATIENT}/report?from=2024-03-04T08:00:00Z&to=2024-03-04T09:00:00Z`,
      DEMO_IDS.clinicianUserId,
    );
    expect(hidden.statusCode).toBe(404);
    expect((await call('PUT', shareUrl, SECOND_USER)).statusCode).toBe(204);
    const shown = await call(
      'GET',
      `/api/v1/patients/${SECOND_PATIENT}/report?from=2024-03-04T08:00:00Z&to=2024-03-04T09:00:00Z`,
      DEMO_IDS.clinicianUserId,
    );
    expect(shown.statusCode).toBe(200);
  });

  it('lets nobody but the patient change sharing', async () => {
    expect((await call('DELETE', shareUrl, DEMO_IDS.clinicianUserId)).statusCode).toBe(404);
    expect((await call('DELETE', shareUrl, DEMO_IDS.patientUserId)).statusCode).toBe(404);
  });

  it('answers 404 for an unknown care team', async () => {
    const response = await call(
      'PUT',
      `/api/v1/patients/${SECOND_PATIENT}/shares/00000000-0000-4000-8000-00000000ffff`,
      SECOND_USER,
    );
    expect(response.statusCode).toBe(404);
  });

  it('lists the patient’s devices with their last upload', async () => {
    const response = await call(
      'GET',
      `/api/v1/patients/${DEMO_IDS.patientId}/devices`,
      DEMO_IDS.patientUserId,
    );
    expect(response.json()).toEqual([expect.objectContaining({ deviceKey: 'dexcom-g6:TEST01' })]);
    expect(response.json()[0].lastUploadAt).toBeTruthy();
    expect(
      (await call('GET', `/api/v1/patients/${DEMO_IDS.patientId}/devices`, SECOND_USER)).statusCode,
    ).toBe(404);
  });
});

describe('users and preferences', () => {
  it('stores the caller’s unit and time zone', async () => {
    const response = await call('PATCH', '/api/v1/me', DEMO_IDS.patientUserId, {
      glucoseUnit: 'mmol/L',
      timezone: 'Europe/Helsinki',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ glucoseUnit: 'mmol/L', timezone: 'Europe/Helsinki' });
    expect((await call('GET', '/api/v1/me', DEMO_IDS.patientUserId)).json().glucoseUnit).toBe(
      'mmol/L',
    );
  });

  it('rejects an unknown time zone', async () => {
    const response = await call('PATCH', '/api/v1/me', DEMO_IDS.patientUserId, {
      timezone: 'Nowhere/Land',
    });
    expect(response.statusCode).toBe(400);
  });

  it('lets admins manage users and care teams', async () => {
    const created = await call('POST', '/api/v1/admin/users', DEMO_IDS.adminUserId, {
      displayName: 'New Nurse',
      role: 'clinician',
    });
    expect(created.statusCode).toBe(201);
    const team = await call('POST', '/api/v1/admin/care-teams', DEMO_IDS.adminUserId, {
      name: 'Night Clinic',
    });
    expect(team.statusCode).toBe(201);
    const memberUrl = `/api/v1/admin/care-teams/${team.json().id}/members/${created.json().id}`;
    expect((await call('PUT', memberUrl, DEMO_IDS.adminUserId)).statusCode).toBe(204);
    const teams = (await call('GET', '/api/v1/admin/care-teams', DEMO_IDS.adminUserId)).json();
    expect(teams.find((t: { name: string }) => t.name === 'Night Clinic').memberIds).toEqual([
      created.json().id,
    ]);
    expect((await call('DELETE', memberUrl, DEMO_IDS.adminUserId)).statusCode).toBe(204);
    const promoted = await call(
      'PATCH',
      `/api/v1/admin/users/${created.json().id}`,
      DEMO_IDS.adminUserId,
      { role: 'admin' },
    );
    expect(promoted.json().role).toBe('admin');
  });

  it('keeps user management from other roles', async () => {
    for (const user of [
      DEMO_IDS.patientUserId,
      DEMO_IDS.clinicianUserId,
      DEMO_IDS.engineerUserId,
    ]) {
      expect((await call('GET', '/api/v1/admin/users', user)).statusCode).toBe(403);
    }
  });
});

describe('engineering overview', () => {
  it('counts uploads and rejections without values or names', async () => {
    await upload(DEMO_IDS.patientId, DEMO_IDS.patientUserId, 'key-dash-reject', [
      cbgAt(100, 130),
      cbgAt(105, 4321),
    ]);
    const now = Date.now();
    const from = new Date(now - 3600_000).toISOString();
    const to = new Date(now + 3600_000).toISOString();
    const response = await call(
      'GET',
      `/api/v1/engineering/overview?from=${from}&to=${to}`,
      DEMO_IDS.engineerUserId,
    );
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(
      body.uploadsPerHour.reduce((sum: number, hour: { batches: number }) => sum + hour.batches, 0),
    ).toBe(3);
    expect(body.rejections).toEqual([expect.objectContaining({ field: '/valueMgDl', records: 1 })]);
    expect(body.devices.length).toBe(2);
    expect(response.body).not.toMatch(/4321|Demo Patient|Second Patient/);
  });

  it('counts uploads rejected as a whole', async () => {
    const inDevice = { ...cbgAt(200, 120), deviceId: 'dexcom-g6:TEST\u000001' };
    inDevice.id = identityHash(inDevice);
    const inZone = { ...cbgAt(205, 121), timezone: 'Mars/Olympus_Mons' };
    const inCells = { ...cbgAt(210, 122), sourceCells: { Glucose: '12\u00002' } };
    const invalid = [inDevice, inZone, inCells];

    for (const [index, record] of invalid.entries()) {
      const key = `key-dash-whole-${index}`;
      const response = await upload(DEMO_IDS.patientId, DEMO_IDS.patientUserId, key, [record]);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.message).toBe(
        'none of the 1 records is valid; nothing was stored',
      );
    }

    const now = Date.now();
    const from = new Date(now - 60_000).toISOString();
    const to = new Date(now + 60_000).toISOString();
    const response = await call(
      'GET',
      `/api/v1/engineering/overview?from=${from}&to=${to}`,
      DEMO_IDS.engineerUserId,
    );
    expect(response.statusCode).toBe(200);
    const body = response.json();

    const rejected = body.uploadsPerHour.reduce(
      (sum: number, hour: { rejected: number }) => sum + hour.rejected,
      0,
    );
    // One record of the partly stored batch of the test above, and the three batches here.
    expect(rejected).toBe(1 + 3);

    const fields = body.rejections.map((row: { field: string }) => row.field);
    expect(fields).toContain('/valueMgDl');
    expect(fields).toContain('/deviceId');
    expect(fields).toContain('/timezone');
    expect(fields).toContain('/sourceCells/Glucose');
    expect(response.body).not.toMatch(/Olympus/);
  });

  it('is not for patients or clinicians', async () => {
    const url = '/api/v1/engineering/overview?from=2024-01-01T00:00:00Z&to=2024-01-02T00:00:00Z';
    expect((await call('GET', url, DEMO_IDS.patientUserId)).statusCode).toBe(403);
    expect((await call('GET', url, DEMO_IDS.clinicianUserId)).statusCode).toBe(403);
  });
});
