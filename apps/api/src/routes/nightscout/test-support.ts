import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, InjectOptions } from 'fastify';
import pg from 'pg';
import { createPool, DEMO_IDS, drainStaging, listDevUsers, seedDemo } from '@phoenix/db';
import { createTestDatabase, type TestDatabase } from '../../../../../packages/db/test/database.ts';
import { buildApp } from '../../app.ts';
import { loadAuthSettings } from '../../http/auth-settings.ts';

/** Folder of the format fixtures: real and hand-made Nightscout uploads. */
export const FIXTURES = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  '..',
  '..',
  'packages',
  'formats',
  'fixtures',
);

/** Parse a fixture file as JSON. */
export function fixtureJson(name: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
}

/** Parse an NDJSON fixture into its documents. */
export function fixtureNdjson(name: string): Record<string, unknown>[] {
  return readFileSync(join(FIXTURES, name), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Lowercase hex SHA-1 and SHA-512 of a text, computed here as clients do. */
export function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
export function sha512(text: string): string {
  return createHash('sha512').update(text).digest('hex');
}

/** A running API on a fresh database with the demo people and a second patient. */
export interface NightscoutHarness {
  db: TestDatabase;
  app: FastifyInstance;
  pool: pg.Pool;
  ownerPool: pg.Pool;
  logLines: string[];
  /** Run the merger until nothing is staged, as the API's background job does. */
  merge(): Promise<unknown>;
  close(): Promise<void>;
}

/** The second patient, who has a login of their own. */
export const OTHER_PATIENT = {
  userId: '00000000-0000-4000-8000-0000000000a1',
  patientId: '00000000-0000-4000-8000-0000000001a1',
};

/** Start the API on a fresh copy of the migrated database, with the given patient zone. */
export async function startHarness(timezone = 'UTC'): Promise<NightscoutHarness> {
  const db = await createTestDatabase();
  await seedDemo(db.adminUrl, timezone);
  const admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  await admin.query("insert into users (id, display_name, role) values ($1, 'Other', 'patient')", [
    OTHER_PATIENT.userId,
  ]);
  await admin.query(
    "insert into patients (id, user_id, display_name, timezone) values ($1, $2, 'Other', 'UTC')",
    [OTHER_PATIENT.patientId, OTHER_PATIENT.userId],
  );
  await admin.end();

  const pool = createPool(db.apiUrl);
  const ownerPool = createPool(db.adminUrl, { max: 2 });
  const logLines: string[] = [];
  // The user lookup reads the development list, which every migration state offers.
  const app = await buildApp({
    pool,
    logLevel: 'info',
    logStream: { write: (line) => logLines.push(line) },
    auth: {
      settings: loadAuthSettings({ PHOENIX_DEV_LOGIN: '1' }),
      findUser: async (userId) =>
        (await listDevUsers(pool)).find((user) => user.id === userId) ?? null,
    },
  });

  return {
    db,
    app,
    pool,
    ownerPool,
    logLines,
    merge: () => drainStaging(ownerPool),
    async close() {
      await app.close();
      await pool.end();
      await ownerPool.end();
      await db.drop();
    },
  };
}

/** A site of a patient as the management API returns it, with a token of each kind. */
export interface TestSite {
  siteId: string;
  path: string;
  apiSecret: string;
  readToken: string;
  writeToken: string;
}

/** Create a site (with a chosen secret) and a read and a write token through the API. */
export async function createSite(
  app: FastifyInstance,
  userId: string = DEMO_IDS.patientUserId,
  patientId: string = DEMO_IDS.patientId,
  apiSecret = `secret-${patientId.slice(-6)}-long-enough`,
): Promise<TestSite> {
  const headers = { 'x-dev-user': userId, 'content-type': 'application/json' };
  const base = `/api/v1/patients/${patientId}/nightscout-sites`;
  const created = await app.inject({
    method: 'POST',
    url: base,
    headers,
    payload: { name: 'Phone', apiSecret },
  });
  if (created.statusCode !== 201) throw new Error(`site creation failed: ${created.body}`);
  const site = created.json() as { siteId: string; path: string };
  const token = async (name: string, access: string) => {
    const response = await app.inject({
      method: 'POST',
      url: `${base}/${site.siteId}/tokens`,
      headers,
      payload: { name, access },
    });
    if (response.statusCode !== 201) throw new Error(`token creation failed: ${response.body}`);
    return (response.json() as { token: string }).token;
  };
  return {
    siteId: site.siteId,
    path: site.path,
    apiSecret,
    readToken: await token('follower', 'read'),
    writeToken: await token('aaps', 'write'),
  };
}

/** Inject a request with the API secret's SHA-1 as xDrip+ and Loop send it. */
export function withSecret(site: TestSite, options: InjectOptions): InjectOptions {
  return {
    ...options,
    headers: { 'api-secret': sha1(site.apiSecret), ...(options.headers ?? {}) },
  };
}
