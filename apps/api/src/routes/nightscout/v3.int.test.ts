import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '@phoenix/db';
import {
  createSite,
  fixtureJson,
  fixtureNdjson,
  startHarness,
  withSecret,
  type NightscoutHarness,
  type TestSite,
} from './test-support.ts';

type Document = Record<string, unknown>;

let harness: NightscoutHarness;
let site: TestSite;
let jwt: string;
let admin: pg.Client;

const aaps = fixtureNdjson('nightscout-androidaps-handmade.ndjson');
const aapsEntries = aaps.filter((item) => item['type'] === 'sgv');
const aapsStatus = aaps.filter((item) => item['openaps'] !== undefined);
const aapsTreatments = aaps.filter((item) => item['eventType'] !== undefined);
// AndroidAPS sends `app` with every API v3 document.
const withApp = (document: Document) => ({ ...document, app: 'AAPS' });

beforeAll(async () => {
  harness = await startHarness('Europe/Prague');
  site = await createSite(harness.app);
  const grant = await harness.app.inject({
    method: 'GET',
    url: `${site.path}api/v2/authorization/request/${site.writeToken}`,
  });
  jwt = (grant.json() as { token: string }).token;
  admin = new pg.Client({ connectionString: harness.db.adminUrl });
  await admin.connect();
});

afterAll(async () => {
  await admin.end();
  await harness.close();
});

function v3(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, payload?: unknown) {
  return harness.app.inject({
    method,
    url: `${site.path}api/v3/${path}`,
    headers: { authorization: `Bearer ${jwt}` },
    ...(payload === undefined ? {} : { payload: payload as Document }),
  });
}

async function createAll(collection: string, documents: Document[]) {
  const answers = [];
  for (const document of documents) {
    const response = await v3('POST', collection, withApp(document));
    answers.push({ status: response.statusCode, body: response.json() as Document });
  }
  return answers;
}

async function history(collection: string, since: number, limit = 1000): Promise<Document[]> {
  const response = await v3('GET', `${collection}/history/${since}?limit=${limit}`);
  expect(response.statusCode).toBe(200);
  return (response.json() as { result: Document[] }).result;
}

describe('AndroidAPS sync through API v3', () => {
  let startedAt = 0;

  it('reports the token permissions in status', async () => {
    startedAt = Date.now() - 1;
    const response = await v3('GET', 'status');
    expect(response.statusCode).toBe(200);
    const result = (
      response.json() as { result: { apiPermissions: Record<string, string>; version: string } }
    ).result;
    expect(result.apiPermissions['treatments']).toBe('crud');
    expect(result.version).toBe('15.0.7');
  });

  it('creates entries under their own identifiers', async () => {
    const answers = await createAll('entries', aapsEntries);
    expect(answers.map((answer) => answer.status)).toEqual([201, 201]);
    expect(answers.map((answer) => answer.body['identifier'])).toEqual(
      aapsEntries.map((entry) => entry['identifier']),
    );
  });

  it('derives identifiers of treatments from device and date', async () => {
    const answers = await createAll('treatments', aapsTreatments);
    expect(answers.every((answer) => answer.status === 201)).toBe(true);
    // uuid5 of `undefined_1729989900000_Meal Bolus` and `undefined_1729991400000_Temp Basal` in
    // the NightscoutRocks! namespace, computed with Python's uuid module.
    expect(answers[0]?.body['identifier']).toBe('2dc53eba-464a-557e-8826-5267b0577135');
    expect(answers[4]?.body['identifier']).toBe('45335f1b-fd45-5bac-8420-18d909673dd4');
    await createAll('devicestatus', aapsStatus);
  });

  it('answers a repeated create as a duplicate', async () => {
    const response = await v3('POST', 'treatments', withApp(aapsTreatments[0]!));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      identifier: '2dc53eba-464a-557e-8826-5267b0577135',
      isDeduplication: true,
    });
  });

  it('folds a create with the same pump event into the stored one', async () => {
    const copy = { ...withApp(aapsTreatments[0]!), identifier: 'another-client-id' };
    const response = await v3('POST', 'treatments', copy);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      identifier: 'another-client-id',
      isDeduplication: true,
      deduplicatedIdentifier: '2dc53eba-464a-557e-8826-5267b0577135',
    });
    const found = await v3('GET', 'treatments/another-client-id');
    expect((found.json() as { result: Document }).result['identifier']).toBe(
      '2dc53eba-464a-557e-8826-5267b0577135',
    );
  });

  it('keeps the deletion it was sent as a deleted document', async () => {
    const rows = await admin.query<{ n: number }>(
      `select count(*)::int as n from device_records
       where patient_id = $1 and type = 'bolus' and time = '2024-10-27T01:15:00Z'`,
      [DEMO_IDS.patientId],
    );
    await harness.merge();
    expect(rows.rows[0]?.n).toBe(0);
    const changes = await history('treatments', startedAt);
    const deleted = changes.filter((item) => item['isValid'] === false);
    expect(deleted.map((item) => item['pumpId'])).toEqual([4153]);
  });

  it('searches entries the way AndroidAPS does', async () => {
    const response = await v3('GET', 'entries?sort=date&date$gt=1729989000000&limit=10');
    const result = (response.json() as { result: Document[] }).result;
    expect(result.map((item) => item['sgv'])).toEqual([102, 97]);
    expect(result[1]?.['date']).toBe(1729991400000.25);
    expect(typeof result[0]?.['srvModified']).toBe('number');
  });

  it('searches treatments by created_at', async () => {
    const response = await v3(
      'GET',
      'treatments?sort=created_at&created_at$gt=2024-10-27T01:00:00.000Z&limit=100',
    );
    const result = (response.json() as { result: Document[] }).result;
    expect(result.map((item) => item['eventType'])).toEqual([
      'Correction Bolus',
      'Correction Bolus',
      'Temp Basal',
      'Site Change',
      'Meal Bolus',
      'Temporary Target',
    ]);
  });

  it('patches a treatment', async () => {
    const id = '8f8f8806-fc23-5633-b530-f6debf132eac';
    const response = await v3('PATCH', `treatments/${id}`, { notes: 'Cancelled at 0.0 U' });
    expect(response.statusCode).toBe(200);
    const read = await v3('GET', `treatments/${id}`);
    expect((read.json() as { result: Document }).result['notes']).toBe('Cancelled at 0.0 U');
    const immutable = await v3('PATCH', `treatments/${id}`, { eventType: 'Meal Bolus' });
    expect(immutable.statusCode).toBe(400);
  });

  it('deletes a treatment and reports it in history', async () => {
    const id = '2dc53eba-464a-557e-8826-5267b0577135';
    const before = Date.now() - 1;
    const response = await v3('DELETE', `treatments/${id}`);
    expect(response.statusCode).toBe(200);
    expect((await v3('GET', `treatments/${id}`)).statusCode).toBe(410);
    const changes = await history('treatments', before);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ identifier: id, isValid: false });
    const search = await v3('GET', 'treatments?created_at$gt=2024-10-27T00:00:00.000Z');
    const ids = (search.json() as { result: Document[] }).result.map((item) => item['identifier']);
    expect(ids).not.toContain(id);
    await harness.merge();
    const left = await admin.query<{ n: number }>(
      `select count(*)::int as n from device_records
       where patient_id = $1 and type = 'bolus' and time = '2024-10-27T00:45:00Z'`,
      [DEMO_IDS.patientId],
    );
    expect(left.rows[0]?.n).toBe(0);
  });

  it('deletes through a patch of isValid', async () => {
    const [siteChange] = (
      (
        await v3('GET', 'treatments?created_at$gt=2024-10-27T00:00:00.000Z&eventType=Site Change')
      ).json() as {
        result: Document[];
      }
    ).result;
    const id = siteChange!['identifier'] as string;
    expect((await v3('PATCH', `treatments/${id}`, { isValid: false })).statusCode).toBe(200);
    expect((await v3('GET', `treatments/${id}`)).statusCode).toBe(410);
  });

  it('deletes through a bare deletion naming the pump event', async () => {
    const deletion = {
      eventType: 'Correction Bolus',
      date: 1729991100000,
      isValid: false,
      pumpId: 4150,
      pumpType: 'OMNIPOD_DASH',
      pumpSerial: '4241-0101',
      app: 'AAPS',
    };
    const response = await v3('POST', 'treatments', deletion);
    expect(response.statusCode).toBe(200);
    const search = await v3(
      'GET',
      'treatments?created_at$gt=2024-10-27T01:04:00.000Z&created_at$lt=2024-10-27T01:05:30.000Z',
    );
    expect((search.json() as { result: Document[] }).result).toEqual([]);
  });

  it('pages through history without gaps', async () => {
    const all = await history('treatments', startedAt);
    const paged: Document[] = [];
    let since = startedAt;
    for (let page = 0; page < 20; page += 1) {
      const batch = await history('treatments', since, 2);
      if (batch.length === 0) break;
      paged.push(...batch);
      since = batch.at(-1)!['srvModified'] as number;
    }
    expect(paged.map((item) => item['identifier'])).toEqual(all.map((item) => item['identifier']));
    const modified = all.map((item) => item['srvModified'] as number);
    expect([...modified].sort((a, b) => a - b)).toEqual(modified);
    expect(new Set(modified).size).toBe(modified.length);
  });

  it('reports lastModified per collection', async () => {
    const response = await v3('GET', 'lastModified');
    const result = (response.json() as { result: { collections: Record<string, number> } }).result;
    expect(Object.keys(result.collections).sort()).toEqual([
      'devicestatus',
      'entries',
      'treatments',
    ]);
    const all = await history('treatments', 0);
    expect(result.collections['treatments']).toBe(all.at(-1)?.['srvModified']);
  });

  it('answers food reads with nothing', async () => {
    const response = await v3('GET', 'food?limit=10');
    expect(response.json()).toEqual({ status: 200, result: [] });
  });

  it('replaces a document with PUT and creates an unknown one', async () => {
    const temporary = aapsTreatments.find((item) => item['eventType'] === 'Temporary Target')!;
    const search = await v3(
      'GET',
      'treatments?created_at$gt=2024-10-27T01:29:00.000Z&eventType=Temporary Target',
    );
    const id = (search.json() as { result: Document[] }).result[0]!['identifier'] as string;
    const replaced = await v3('PUT', `treatments/${id}`, { ...withApp(temporary), duration: 60 });
    expect(replaced.statusCode).toBe(200);
    const read = await v3('GET', `treatments/${id}`);
    expect((read.json() as { result: Document }).result['duration']).toBe(60);
    const fresh = { eventType: 'Note', notes: 'new', date: 1729999999000, app: 'AAPS' };
    const created = await v3('PUT', 'treatments/note-from-put', fresh);
    expect(created.statusCode).toBe(201);
  });
});

describe('across API versions', () => {
  it('reads API v3 treatments through API v1', async () => {
    const response = await harness.app.inject(
      withSecret(site, {
        method: 'GET',
        url: `${site.path}api/v1/treatments.json?find[created_at][$gte]=2024-10-27T01:00:00Z&find[created_at][$lte]=2024-10-27T01:31:00Z&find[eventType]=Temp Basal`,
      }),
    );
    const treatments = response.json() as Document[];
    expect(treatments).toHaveLength(1);
    expect(treatments[0]).toMatchObject({ percent: -30, created_at: '2024-10-27T01:10:00.000Z' });
    expect(treatments[0]?.['_id']).toMatch(/^[0-9a-f]{24}$/);
  });

  it('reads Trio treatments posted through API v1 with API v3', async () => {
    const trio = fixtureJson('nightscout-trio-collections-handmade.json') as Record<
      string,
      Document[]
    >;
    await harness.app.inject(
      withSecret(site, {
        method: 'POST',
        url: `${site.path}api/v1/treatments`,
        payload: trio['treatments'],
      }),
    );
    const response = await v3(
      'GET',
      'treatments?created_at$gte=2025-06-14T00:00:00.000Z&sort=created_at',
    );
    const result = (response.json() as { result: Document[] }).result;
    expect(result.map((item) => item['eventType'])).toEqual([
      'Meal Bolus',
      'Temp Basal',
      'BG Check',
      'Exercise',
      'Note',
    ]);
    expect(result.every((item) => typeof item['identifier'] === 'string')).toBe(true);
    expect(result[0]?.['date']).toBe(Date.parse('2025-06-14T10:12:00.000Z'));
  });
});
