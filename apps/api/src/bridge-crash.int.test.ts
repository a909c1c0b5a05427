import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '@phoenix/bridge';
import { createPool, DEMO_IDS, drainStaging, seedDemo } from '@phoenix/db';
import { createTestDatabase, type TestDatabase } from '../../../packages/db/test/database.ts';
import { buildApp } from './app.ts';
import { DEMO_EXPORT } from './demo.ts';

// Kill the bridge process with SIGKILL while it uploads, start it again, and check that every
// record of the export is stored exactly once.

const BIN = join(import.meta.dirname, '..', '..', 'bridge', 'bin', 'phoenix-bridge.mjs');
const stateDir = mkdtempSync(join(tmpdir(), 'phoenix-bridge-crash-'));

let db: TestDatabase;
let pool: pg.Pool;
let app: FastifyInstance;
let apiUrl: string;
let uploadsSeen = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.adminUrl, 'Europe/Helsinki');
  pool = createPool(db.apiUrl);
  app = await buildApp({ pool, logLevel: false });
  // Slow every upload down, so the kill lands while batches are in flight.
  app.addHook('onRequest', async (request) => {
    if (request.url.endsWith('/uploads')) {
      uploadsSeen += 1;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  });
  apiUrl = await app.listen({ host: '127.0.0.1', port: 0 });

  const code = await app.inject({
    method: 'POST',
    url: `/api/v1/patients/${DEMO_IDS.patientId}/pairing-codes`,
    headers: { 'x-dev-user': DEMO_IDS.patientUserId },
  });
  const io = { out: () => {}, err: () => {} };
  expect(
    await main(['pair', '--code', code.json().code, '--api', apiUrl, '--state', stateDir], io),
  ).toBe(0);
});

afterAll(async () => {
  await app.close();
  await pool.end();
  await db.drop();
});

function runBridge(): { done: Promise<number | null>; kill: () => void } {
  const child = spawn(
    process.execPath,
    [
      BIN,
      'upload',
      DEMO_EXPORT,
      '--timezone',
      'Europe/Helsinki',
      '--batch-size',
      '250',
      '--state',
      stateDir,
    ],
    { stdio: 'ignore' },
  );
  const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { done, kill: () => child.kill('SIGKILL') };
}

async function count(sql: string): Promise<number> {
  const client = new pg.Client({ connectionString: db.adminUrl });
  await client.connect();
  try {
    // Uploads are merged in the background; merge now, as the API's storage job would.
    await drainStaging(client);
    return (await client.query(sql)).rows[0].n;
  } finally {
    await client.end();
  }
}

describe('bridge killed mid-upload', () => {
  it('stores every record once after a restart', async () => {
    const first = runBridge();
    const deadline = Date.now() + 20_000;
    while (uploadsSeen < 4 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    first.kill();
    await first.done;
    const partial = await count('select count(*)::int as n from cbg_readings');
    expect(partial).toBeLessThan(3913);

    // The outbox kept the file's records, so the restart sends what was not acknowledged.
    // The second run also adds the same file to the outbox again, which the API counts as
    // duplicates.
    const second = runBridge();
    expect(await second.done).toBe(0);
    expect(await count('select count(*)::int as n from cbg_readings')).toBe(3913);
    expect(await count('select count(*)::int as n from device_records')).toBe(90);
  }, 120_000);
});
