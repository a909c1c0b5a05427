import { join } from 'node:path';
import pg from 'pg';
import { enqueueAndDrain, loadBridgeState, pair, readForBridge } from '@phoenix/bridge';
import { createPairingCode, createPool, DEMO_IDS, seedDemo, withCaller } from '@phoenix/db';
import type { FastifyBaseLogger } from 'fastify';
import { REPOSITORY_ROOT } from './config.ts';

/** The real two-week Dexcom G6 export shipped as the demo's data. */
export const DEMO_EXPORT = join(
  REPOSITORY_ROOT,
  'packages',
  'formats',
  'fixtures',
  'dexcom-clarity-g6-2019-two-weeks.csv',
);

/**
 * Zone of the demo export's device clock. The file's repeated autumn hour is 03:00–03:59 on
 * 2019-10-27, when Eastern European Summer Time ended.
 */
export const DEMO_TIMEZONE = 'Europe/Helsinki';

/** Create the demo people in an empty database. Returns true when it created them. */
export async function seedDemoPeople(adminUrl: string): Promise<boolean> {
  return (await seedDemo(adminUrl, DEMO_TIMEZONE)) !== null;
}

/**
 * Import the demo export the way a patient's own bridge would: pair a bridge with a one-time
 * code the demo patient creates, then upload the file through the bridge's outbox with signed
 * batches. Skipped when the demo patient has uploads already. The bridge's state stays in
 * `stateDir`, so an import cut short is finished by the next start, and uploads are idempotent.
 */
export async function importDemoExport(
  adminUrl: string,
  apiUrl: string,
  stateDir: string,
  log: FastifyBaseLogger,
): Promise<void> {
  if (await demoHasUploads(adminUrl)) return;

  const started = Date.now();
  const quiet = { out: () => {}, err: () => {} };
  if (!loadBridgeState(stateDir)) {
    const code = await createPairingCodeAs(adminUrl, DEMO_IDS.patientUserId, DEMO_IDS.patientId);
    await pair(stateDir, apiUrl, code, 'Demo bridge', quiet);
  }
  const state = loadBridgeState(stateDir)!;
  const file = await readForBridge(DEMO_EXPORT, DEMO_TIMEZONE);
  const source = {
    format: file.format,
    variant: file.variant,
    fileName: 'dexcom-clarity-g6-2019-two-weeks.csv',
  };
  const result = await enqueueAndDrain(stateDir, state, file.records, quiet, { source });
  if (result.error || result.remaining > 0) {
    log.error(
      { remaining: result.remaining, error: result.error },
      'demo export import failed; the next start retries it',
    );
    return;
  }
  log.info(
    {
      bridgeId: state.bridgeId,
      records: file.records.length,
      accepted: result.accepted,
      duplicates: result.duplicates,
      rejected: result.rejected,
      durationMs: Date.now() - started,
    },
    'demo export imported',
  );
}

/**
 * Create a one-time pairing code as a patient would on the dashboard: as that patient's user,
 * through the same role-scoped query the API uses.
 */
export async function createPairingCodeAs(
  adminUrl: string,
  userId: string,
  patientId: string,
): Promise<string> {
  const pool = createPool(adminUrl, { max: 1 });
  try {
    const created = await withCaller(pool, { role: 'patient', userId }, (client) =>
      createPairingCode(client, patientId),
    );
    return created.code;
  } finally {
    await pool.end();
  }
}

async function demoHasUploads(adminUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const patient = await client.query('select 1 from patients where id = $1', [
      DEMO_IDS.patientId,
    ]);
    if (!patient.rowCount) return true;
    const uploads = await client.query(
      'select 1 from upload_batches where patient_id = $1 limit 1',
      [DEMO_IDS.patientId],
    );
    return (uploads.rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}
