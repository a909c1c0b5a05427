import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '@phoenix/db';
import { identityHash } from '@phoenix/domain';
import {
  createSite,
  fixtureJson,
  startHarness,
  withSecret,
  type NightscoutHarness,
  type TestSite,
} from './test-support.ts';

type Document = Record<string, unknown>;

let harness: NightscoutHarness;
let site: TestSite;
let admin: pg.Client;

beforeAll(async () => {
  harness = await startHarness('America/Los_Angeles');
  site = await createSite(harness.app);
  admin = new pg.Client({ connectionString: harness.db.adminUrl });
  await admin.connect();
});

afterAll(async () => {
  await admin.end();
  await harness.close();
});

function post(collection: string, payload: Document | Document[] | undefined) {
  return harness.app.inject(
    withSecret(site, { method: 'POST', url: `${site.path}api/v1/${collection}`, payload }),
  );
}

async function read(pathAndQuery: string): Promise<Document[]> {
  const response = await harness.app.inject(
    withSecret(site, { method: 'GET', url: `${site.path}api/v1/${pathAndQuery}` }),
  );
  expect(response.statusCode).toBe(200);
  return response.json() as Document[];
}

async function count(sql: string, values: unknown[] = []): Promise<number> {
  const result = await admin.query<{ n: number }>(sql, values);
  return result.rows[0]!.n;
}

const loop = fixtureJson('nightscout-loop-entries-treatments.json') as {
  entries: Document[];
  treatments: Document[];
};

describe('Loop uploads', () => {
  it('answers every document with its _id, in order', async () => {
    const entries = await post('entries.json', loop.entries);
    expect(entries.statusCode).toBe(200);
    expect((entries.json() as Document[]).map((item) => item['_id'])).toEqual(
      loop.entries.map((item) => item['_id']),
    );
    const treatments = await post('treatments', loop.treatments);
    expect((treatments.json() as Document[]).map((item) => item['_id'])).toEqual(
      loop.treatments.map((item) => item['_id']),
    );
  });

  it('reads entries back as Loop wrote them before the merge', async () => {
    const sgv = await read('entries/sgv.json?count=2&find[date][$gte]=1778284000000');
    expect(sgv.map((item) => item['sgv'])).toEqual([141, 164]);
    expect(sgv[1]?.['date']).toBe(1778284500105.5488);
    expect(sgv[1]?.['dateString']).toBe('2026-05-08T23:54:59.372Z');
  });

  it('reads treatments in a created_at window', async () => {
    await harness.merge();
    const day = await read(
      'treatments.json?find[created_at][$gte]=2026-05-05T00:00:00Z&find[created_at][$lt]=2026-05-06T00:00:00Z',
    );
    expect(day.map((item) => item['eventType'])).toEqual(['Correction Bolus', 'Carb Correction']);
    expect(day[0]?.['syncIdentifier']).toBe('93fc119c2fe508378c8933c0bbc8fdad');
    expect(day[0]?.['insulin']).toBe(3.4);
  });

  it('stores a repeated upload once', async () => {
    const again = await post('entries', loop.entries);
    expect((again.json() as Document[]).map((item) => item['_id'])).toEqual(
      loop.entries.map((item) => item['_id']),
    );
    await post('treatments', loop.treatments);
    await harness.merge();
    const patient = [DEMO_IDS.patientId];
    expect(
      await count('select count(*)::int as n from cbg_readings where patient_id = $1', patient),
    ).toBe(3);
    expect(
      await count(
        "select count(*)::int as n from nightscout_documents where patient_id = $1 and collection = 'treatments'",
        patient,
      ),
    ).toBe(4);
  });

  it('deletes a treatment by _id, from reads and storage', async () => {
    const bolusId = loop.treatments[2]!['_id'] as string;
    const response = await harness.app.inject(
      withSecret(site, { method: 'DELETE', url: `${site.path}api/v1/treatments/${bolusId}` }),
    );
    expect(response.json()).toEqual({ n: 1, ok: 1 });
    const left = await read('treatments.json?find[created_at][$gte]=2026-05-01T00:00:00Z');
    expect(left.map((item) => item['_id'])).not.toContain(bolusId);
    expect(left).toHaveLength(3);
    const bolusRows = await count(
      "select count(*)::int as n from device_records where patient_id = $1 and type = 'bolus'",
      [DEMO_IDS.patientId],
    );
    expect(bolusRows).toBe(0);
    const audited = await count(
      // Partitions carry the trigger, so events name the partition of the row.
      "select count(*)::int as n from audit.events where table_name like 'public.device_records%' and operation = 'DELETE'",
    );
    expect(audited).toBeGreaterThanOrEqual(1);
    const marked = await count(
      "select count(*)::int as n from audit.events where table_name = 'public.nightscout_documents' and operation = 'UPDATE'",
    );
    expect(marked).toBeGreaterThanOrEqual(1);
  });

  it('replaces a treatment with PUT', async () => {
    const siteChange: Document = { ...loop.treatments[1]!, notes: 'left arm' };
    const response = await harness.app.inject(
      withSecret(site, {
        method: 'PUT',
        url: `${site.path}api/v1/treatments.json`,
        payload: siteChange,
      }),
    );
    expect(response.statusCode).toBe(200);
    expect((response.json() as Document)['_id']).toBe(siteChange['_id']);
    const stored = await read(
      'treatments.json?find[eventType]=Site Change&find[created_at][$gte]=2026-05-01',
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]?.['notes']).toBe('left arm');
  });
});

const xdrip = fixtureJson('nightscout-xdrip-plus-array-handmade.json') as Document[];
const xdripEntries = xdrip.filter((item) => item['type'] !== undefined);
const xdripTreatments = xdrip.filter((item) => item['type'] === undefined);

describe('xDrip+ uploads', () => {
  it('stores 39 and 401 as out-of-range readings', async () => {
    expect((await post('entries', xdripEntries)).statusCode).toBe(200);
    await harness.merge();
    const rows = await admin.query<{ out_of_range: string; threshold_mg_dl: number }>(
      `select out_of_range, threshold_mg_dl from cbg_readings
       where patient_id = $1 and out_of_range is not null order by time`,
      [DEMO_IDS.patientId],
    );
    expect(rows.rows).toEqual([
      { out_of_range: 'low', threshold_mg_dl: 40 },
      { out_of_range: 'high', threshold_mg_dl: 400 },
    ]);
  });

  it('keeps the device clock of offsets without a colon', async () => {
    const row = await admin.query<{ device_time: string; offset: number }>(
      `select to_char(device_time, 'YYYY-MM-DD"T"HH24:MI') as device_time,
              timezone_offset_min as offset
       from cbg_readings where patient_id = $1 and time = '2024-03-10T09:55:00Z'`,
      [DEMO_IDS.patientId],
    );
    expect(row.rows[0]).toEqual({ device_time: '2024-03-10T01:55', offset: -480 });
  });

  it('reads the entries back with their codes and directions', async () => {
    const entries = await read(
      'entries.json?count=20&find[date][$gte]=1710060000000&find[date][$lte]=1710140000000',
    );
    // The mbg and cal entries share one instant, so their order is not fixed.
    expect(entries.map((item) => item['type']).sort()).toEqual([
      'cal',
      'mbg',
      'sgv',
      'sgv',
      'sgv',
      'sgv',
    ]);
    expect(entries[0]?.['sgv']).toBe(401);
    expect(entries[5]?.['sgv']).toBe(45);
    expect(entries.find((item) => item['sgv'] === 39)?.['direction']).toBe('NOT COMPUTABLE');
    const sgvOnly = await read(
      'entries/sgv.json?count=20&find[date][$gte]=1710060000000&find[sgv][$lte]=45',
    );
    expect(sgvOnly.map((item) => item['sgv'])).toEqual([39, 45]);
  });

  it('filters by dateString and type', async () => {
    const after = await read(
      'entries.json?count=20&find[dateString][$gte]=2024-03-10T03:00:00.000-0700&find[dateString][$lt]=2024-03-10T04:00:00.000-0700',
    );
    expect(after.map((item) => item['sgv'] ?? item['type']).sort()).toEqual([58, 'cal', 'mbg']);
    const meter = await read('entries.json?find[type][$eq]=mbg&find[date][$gte]=1710060000000');
    expect(meter.map((item) => item['mbg'])).toEqual([62]);
  });

  it('classifies treatments without eventType by insulin and carbs', async () => {
    expect((await post('treatments', xdripTreatments)).statusCode).toBe(200);
    await harness.merge();
    const types = await admin.query<{ type: string }>(
      `select type from device_records where patient_id = $1
       and time between '2024-03-10T10:02:00Z' and '2024-03-10T20:01:00Z' order by time`,
      [DEMO_IDS.patientId],
    );
    expect(types.rows.map((row) => row.type)).toEqual([
      'food',
      'bolus',
      'deviceEvent',
      'deviceEvent',
    ]);
    const back = await read(
      'treatments?find[created_at][$gte]=2024-03-10T00:00:00Z&find[created_at][$lt]=2024-03-11T00:00:00Z',
    );
    expect(back.map((item) => item['uuid'])).toEqual(
      xdripTreatments.map((item) => item['uuid']).reverse(),
    );
  });
});

describe('Trio uploads', () => {
  const trio = fixtureJson('nightscout-trio-collections-handmade.json') as Record<
    string,
    Document[]
  >;

  it('stores every collection', async () => {
    for (const collection of ['entries', 'treatments', 'devicestatus', 'profile']) {
      const response = await post(`${collection}.json`, trio[collection]);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toHaveLength(trio[collection]!.length);
    }
  });

  it('reads the profile and device status back', async () => {
    const profiles = await read('profile.json');
    expect(profiles).toHaveLength(1);
    const store = profiles[0]?.['store'] as Record<string, { basal: unknown[] }>;
    expect(store['default']?.basal).toHaveLength(3);
    const current = await harness.app.inject(
      withSecret(site, { method: 'GET', url: `${site.path}api/v1/profile/current` }),
    );
    expect((current.json() as Document)['defaultProfile']).toBe('default');
    const status = await read('devicestatus.json?find[created_at][$gte]=2025-06-14T00:00:00Z');
    expect(status).toHaveLength(1);
    expect((status[0]?.['openaps'] as { iob: { iob: number } }).iob.iob).toBe(1.23);
  });

  it('converts an mmol/L fingerstick to mg/dL', async () => {
    await harness.merge();
    const row = await admin.query<{ value: number }>(
      `select value_mg_dl as value from device_records
       where patient_id = $1 and type = 'smbg' and time = '2025-06-14T10:20:00Z'`,
      [DEMO_IDS.patientId],
    );
    // 6.2 mmol/L × 18.01559 mg/dL per mmol/L.
    expect(row.rows[0]?.value).toBeCloseTo(111.697, 2);
  });
});

describe('reads and limits', () => {
  it('defaults to the last 4 days and 10 documents', async () => {
    const now = Date.now();
    const fresh = Array.from({ length: 12 }, (_, i) => ({
      type: 'sgv',
      sgv: 100 + i,
      date: now - (i + 1) * 300_000,
      device: 'fresh-sensor',
    }));
    const old = { type: 'sgv', sgv: 77, date: now - 5 * 24 * 3600_000, device: 'fresh-sensor' };
    await post('entries', [...fresh, old]);
    const latest = await read('entries.json');
    expect(latest.map((item) => item['sgv'])).toEqual([
      100, 101, 102, 103, 104, 105, 106, 107, 108, 109,
    ]);
    const current = await read('entries/current.json');
    expect(current.map((item) => item['sgv'])).toEqual([100]);
    const all = await read('entries.json?count=50');
    expect(all.map((item) => item['sgv'])).not.toContain(77);
  });

  it('takes 288 documents in one POST', async () => {
    const start = Date.UTC(2025, 0, 1);
    const day = Array.from({ length: 288 }, (_, i) => ({
      type: 'sgv',
      sgv: 80 + (i % 100),
      date: start + i * 300_000,
      dateString: new Date(start + i * 300_000).toISOString(),
      device: 'day-sensor',
    }));
    const response = await post('entries', day);
    expect(response.statusCode).toBe(200);
    const answered = response.json() as Document[];
    expect(answered).toHaveLength(288);
    expect(new Set(answered.map((item) => item['_id'])).size).toBe(288);
    const back = await read(
      `entries/sgv.json?count=300&find[date][$gte]=${start}&find[date][$lt]=${start + 86_400_000}`,
    );
    expect(back).toHaveLength(288);
    expect(back[287]?.['sgv']).toBe(80);
  });

  it('names the status of a body it cannot read', async () => {
    const response = await harness.app.inject(
      withSecret(site, {
        method: 'POST',
        url: `${site.path}api/v1/entries`,
        headers: { 'content-type': 'application/json; charset=utf-16' },
        payload: '[]',
      }),
    );
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({
      status: 415,
      message: 'Unsupported Media Type',
      description: 'charset utf-16 is not supported; send JSON as UTF-8',
    });
  });

  it('rejects more than 1000 documents', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => ({
      type: 'sgv',
      sgv: 100,
      date: 1.7e12 + i,
    }));
    expect((await post('entries', many)).statusCode).toBe(413);
  });

  it('lists only the stored documents', async () => {
    const date = Date.UTC(2025, 1, 1);
    const response = await post('entries', [
      { type: 'sgv', sgv: 1200, date, device: 'bad-sensor' },
      { type: 'sgv', sgv: 120, date: date + 300_000, device: 'bad-sensor' },
      { type: 'sgv', sgv: 'abc', date: date + 600_000, device: 'bad-sensor' },
    ]);
    expect(response.statusCode).toBe(200);
    expect(response.headers['phoenix-rejected-documents']).toBe('0,2');
    const answered = response.json() as Document[];
    expect(answered.map((item) => item['sgv'])).toEqual([120]);
    const back = await read(`entries.json?find[date][$gte]=${date - 1}&find[device]=bad-sensor`);
    expect(back.map((item) => item['sgv'])).toEqual([120]);
    expect(back[0]?.['_id']).toBe(answered[0]?.['_id']);
  });

  it('omits the header when all are stored', async () => {
    const date = Date.UTC(2025, 1, 2);
    const response = await post('entries', [{ type: 'sgv', sgv: 99, date, device: 'ok-sensor' }]);
    expect(response.statusCode).toBe(200);
    expect(response.headers['phoenix-rejected-documents']).toBeUndefined();
  });

  it('keeps a bolus from two uploaders sharing pump IDs once', async () => {
    const pump = { pumpId: 9001, pumpType: 'DANA_I', pumpSerial: 'SN-7' };
    const first = {
      eventType: 'Correction Bolus',
      insulin: 1.5,
      created_at: '2025-03-01T08:00:00.000Z',
      ...pump,
    };
    const second = { ...first, enteredBy: 'second-uploader', notes: 'from the pump bridge' };
    await post('treatments', [first]);
    const answer = (await post('treatments', [second])).json() as Document[];
    const back = await read(
      'treatments.json?find[created_at][$gte]=2025-03-01T00:00:00Z&find[created_at][$lt]=2025-03-02T00:00:00Z',
    );
    expect(back).toHaveLength(1);
    expect(back[0]?.['_id']).toBe(answer[0]?.['_id']);
  });

  it('shows readings uploaded another way as entries', async () => {
    const time = new Date(Date.now() - 600_000).toISOString();
    const response = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/patients/${DEMO_IDS.patientId}/uploads`,
      headers: { 'x-dev-user': DEMO_IDS.patientUserId, 'idempotency-key': 'ns-other-way-1' },
      payload: { records: [canonicalReading(time, 155)] },
    });
    expect(response.statusCode).toBe(201);
    const entries = await read('entries.json?find[device]=dexcom-g7:OTHER1');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ type: 'sgv', sgv: 155, date: Date.parse(time) });
    expect(entries[0]?.['_id']).toMatch(/^[0-9a-f]{24}$/);
  });
});

function canonicalReading(time: string, value: number) {
  const record = {
    type: 'cbg',
    time,
    deviceTime: time.slice(0, 19),
    timezoneOffset: 0,
    clockDriftOffset: 0,
    conversionOffset: 0,
    timeResolution: 'utc',
    deviceId: 'dexcom-g7:OTHER1',
    origin: { format: 'test' },
    valueMgDl: value,
    outOfRange: null,
    thresholdMgDl: null,
    sourceUnits: 'mg/dL',
  };
  return { ...record, id: identityHash(record as never) };
}

describe('requests without a storable document', () => {
  const date = Date.UTC(2025, 1, 3);
  const entry = { type: 'sgv', sgv: 100, date, device: 'rejected-sensor' };
  const entryCases: [string, Document, RegExp][] = [
    ['a text sgv', { ...entry, sgv: 'abc' }, /document 0, field sgv, value "abc": Invalid sgv/],
    ['a negative sgv', { ...entry, sgv: -4 }, /document 0, .*-4/],
    [
      'a text date',
      { ...entry, date: 'yesterday' },
      /document 0, field date, value "yesterday": Invalid date/,
    ],
    ['a date 30 days ahead', { ...entry, date: Date.now() + 30 * 86_400_000 }, /document 0, /],
  ];
  const treatment = { eventType: 'Correction Bolus', created_at: '2025-02-03T08:00:00.000Z' };
  const treatmentCases: [string, Document, RegExp][] = [
    ['500 U of insulin', { ...treatment, insulin: 500 }, /document 0, .*500/],
    [
      'negative insulin with carbs',
      { eventType: 'Meal Bolus', created_at: treatment.created_at, insulin: -3, carbs: 40 },
      /document 0, .*-3/,
    ],
  ];

  async function overview(): Promise<{
    rejected: number;
    rejections: { field: string; message: string; records: number }[];
  }> {
    const now = Date.now();
    const from = new Date(now - 60_000).toISOString();
    const to = new Date(now + 60_000).toISOString();
    const response = await harness.app.inject({
      method: 'GET',
      url: `/api/v1/engineering/overview?from=${from}&to=${to}`,
      headers: { 'x-dev-user': DEMO_IDS.engineerUserId },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json() as {
      uploadsPerHour: { rejected: number }[];
      rejections: { field: string; message: string; records: number }[];
    };
    const rejected = body.uploadsPerHour.reduce((sum, hour) => sum + hour.rejected, 0);
    return { rejected, rejections: body.rejections };
  }

  it('answers 400 with position, field and value', async () => {
    const before = await overview();
    const cases = [
      ...entryCases.map((item) => ['entries', ...item] as const),
      ...treatmentCases.map((item) => ['treatments', ...item] as const),
    ];

    for (const [collection, name, document, description] of cases) {
      const response = await post(collection, [document]);
      expect(response.statusCode, name).toBe(400);
      const body = response.json() as { message: string; description: string };
      expect(body.description, name).toMatch(/^no document was stored: /);
      expect(body.description, name).toMatch(description);
    }

    const stored = await read(`entries.json?find[device]=rejected-sensor&find[date][$gte]=0`);
    expect(stored).toEqual([]);
    const treatments = await read(
      'treatments.json?find[created_at][$gte]=2025-02-03T00:00:00Z&find[created_at][$lt]=2025-02-04T00:00:00Z',
    );
    expect(treatments).toEqual([]);

    const after = await overview();
    expect(after.rejected - before.rejected).toBe(cases.length);
    const messages = after.rejections.map((row) => `${row.field}: ${row.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/^sgv: Invalid sgv/));
    expect(messages).toContainEqual(expect.stringMatching(/^date: Invalid date/));
  });

  it('logs rejections at warn level without values', async () => {
    harness.logLines.length = 0;
    const response = await post('entries', [{ ...entry, sgv: 'abc', date: date + 1 }]);
    expect(response.statusCode).toBe(400);

    const warnings = harness.logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line['msg'] === 'Nightscout documents rejected');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.['level']).toBe(40);
    expect(warnings[0]?.['rejected']).toBe(1);
    expect(JSON.stringify(warnings[0])).not.toContain('abc');
  });
});
