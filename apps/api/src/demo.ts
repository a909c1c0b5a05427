import { join } from 'node:path';
import pg from 'pg';
import { DEMO_IDS, seedDemo } from '@phoenix/db';
import { readExportFile } from '@phoenix/formats';
import { uploadRecords } from '@phoenix/bridge';
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
 * Import the demo export through the bridge's uploader into the running API, unless the demo
 * patient has uploads already. Uploads are idempotent, so an import cut short is finished by
 * the next start.
 */
export async function importDemoExport(
  adminUrl: string,
  apiUrl: string,
  log: FastifyBaseLogger,
): Promise<void> {
  if (await demoHasUploads(adminUrl)) return;

  const started = Date.now();
  const file = await readExportFile(DEMO_EXPORT, { timezone: DEMO_TIMEZONE });
  const result = await uploadRecords(
    { apiUrl, patientId: DEMO_IDS.patientId, devUser: DEMO_IDS.patientUserId },
    file.records,
    {
      source: {
        format: file.format,
        variant: file.variant,
        fileName: 'dexcom-clarity-g6-2019-two-weeks.csv',
      },
    },
  );
  const failed = result.batches.filter((batch) => batch.error !== null);
  if (failed.length > 0) {
    log.error(
      { failedBatches: failed.length, errors: failed.map((batch) => batch.error) },
      'demo export import failed; the next start retries it',
    );
    return;
  }
  log.info(
    {
      records: file.records.length,
      accepted: result.accepted,
      duplicates: result.duplicates,
      rejected: result.rejected,
      durationMs: Date.now() - started,
    },
    'demo export imported',
  );
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
