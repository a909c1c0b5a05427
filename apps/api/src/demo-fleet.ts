import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { enqueueAndDrain, loadBridgeState, pair } from '@phoenix/bridge';
import { DEMO_IDS } from '@phoenix/db';
import { runFleet } from '@phoenix/synth';
import type { FastifyBaseLogger } from 'fastify';
import { createPairingCodeAs, DEMO_TIMEZONE } from './demo.ts';

/** Synthetic patients of the demo clinic, each with a profile of a published cohort. */
const FLEET = [
  { profile: 't1dexi-aid', name: 'Synthetic Patient A (AID adult)' },
  { profile: 'dclp3-sap', name: 'Synthetic Patient B (sensor-augmented pump)' },
  { profile: 'city', name: 'Synthetic Patient C (adolescent)' },
  { profile: 'loop', name: 'Synthetic Patient D (Loop)' },
  { profile: 'mobile-t2d', name: 'Synthetic Patient E (type 2)' },
  { profile: 'children-control-iq', name: 'Synthetic Patient F (child)' },
].map((member, index) => ({
  ...member,
  userId: `00000000-0000-4000-8000-0000000003${String(index).padStart(2, '0')}`,
  patientId: `00000000-0000-4000-8000-0000000004${String(index).padStart(2, '0')}`,
}));

/**
 * Keep the demo clinic alive: six synthetic patients, shared with the demo care team, whose
 * devices upload through paired bridges every five minutes of real time, after a backfill of
 * two weeks. The fleet's first date is kept in `stateDir`, so a restart regenerates the same
 * records (same seeds) and the uploads skip what is stored. Stops when `signal` aborts.
 */
export async function runDemoFleet(
  adminUrl: string,
  apiUrl: string,
  stateDir: string,
  log: FastifyBaseLogger,
  signal: AbortSignal,
): Promise<void> {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  await createFleetPatients(adminUrl);
  const quiet = { out: () => {}, err: () => {} };
  const states = new Map<string, { dir: string }>();
  for (const member of FLEET) {
    const dir = join(stateDir, member.patientId);
    if (!loadBridgeState(dir)) {
      const code = await createPairingCodeAs(adminUrl, member.userId, member.patientId);
      await pair(dir, apiUrl, code, `Demo fleet bridge ${member.profile}`, quiet);
    }
    states.set(member.patientId, { dir });
  }

  const result = await runFleet({
    patients: FLEET.map((member) => ({
      patientId: member.patientId,
      profile: member.profile,
      seed: member.profile,
    })),
    startDate: fleetStartDate(stateDir),
    signal,
    upload: async ({ patientId, records }) => {
      const { dir } = states.get(patientId)!;
      const drained = await enqueueAndDrain(dir, loadBridgeState(dir)!, records, quiet);
      if (drained.error) throw new Error(drained.error);
    },
    onUpload: ({ patientId, records, error }) => {
      if (error) log.warn({ patientId, records, err: error.message }, 'demo fleet upload failed');
    },
  });
  log.info({ uploads: result.uploads, records: result.records }, 'demo fleet stopped');
}

function fleetStartDate(stateDir: string): string {
  const path = join(stateDir, 'start-date');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const startDate = new Date(Date.now() - 14 * 86_400_000).toISOString().slice(0, 10);
  writeFileSync(path, startDate);
  return startDate;
}

async function createFleetPatients(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query('begin');
    for (const member of FLEET) {
      await client.query(
        `insert into users (id, display_name, role) values ($1, $2, 'patient')
         on conflict (id) do nothing`,
        [member.userId, member.name],
      );
      await client.query(
        `insert into patients (id, user_id, display_name, timezone) values ($1, $2, $3, $4)
         on conflict (id) do nothing`,
        [member.patientId, member.userId, member.name, DEMO_TIMEZONE],
      );
      await client.query(
        `insert into patient_shares (patient_id, team_id) values ($1, $2)
         on conflict (patient_id, team_id) do nothing`,
        [member.patientId, DEMO_IDS.careTeamId],
      );
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
