import { identityHash, type CanonicalRecord } from '@phoenix/domain';
import { generatePatient, getProfile, writePatientExport } from '@phoenix/synth';
import type { BenchCase, BenchSuite } from '../harness/types.ts';

/** Days per generated patient: long enough to cover sensor changes, short enough for repeats. */
const DAYS = 7;

function generate(profileId: string, seed: string): CanonicalRecord[] {
  const records: CanonicalRecord[] = [];
  for (const batch of generatePatient({ profile: getProfile(profileId), seed, days: DAYS }).days) {
    records.push(...batch.records);
  }
  return records;
}

/**
 * Generation of synthetic patients (physiology, devices, behaviour and canonical records with
 * identity hashes) in CGM readings per second, beside hashing the same readings' identities
 * alone; and writing a Dexcom Clarity export beside `JSON.stringify` of the same records.
 */
const synthSuite: BenchSuite = {
  name: 'synth',
  description:
    `Synthetic patient generation (packages/synth): one patient of ${DAYS} days per run, every ` +
    'record built with its identity hash, measured in CGM readings per second; baseline: ' +
    '`identityHash` of the same readings alone. Then the Dexcom Clarity writer over one ' +
    "patient's records; baseline: `JSON.stringify` of the same records.",

  setup(context) {
    const cases: BenchCase[] = [];
    for (const profileId of ['t1dexi-mdi', 'dclp3-control-iq']) {
      const records = generate(profileId, 'bench');
      const readings = records.filter((record) => record.type === 'cbg');
      context.log(`${profileId}: ${readings.length} readings, ${records.length} records`);
      cases.push({
        name: `generate ${profileId}`,
        units: readings.length,
        unit: 'readings',
        input: `${DAYS} days, ${readings.length.toLocaleString('en-US')} readings, ${records.length.toLocaleString('en-US')} records`,
        run: () => generate(profileId, 'bench').length,
        baseline: {
          kind: 'measured',
          name: 'identityHash of the readings',
          run: () => readings.map((reading) => identityHash(reading)).length,
        },
      });
    }
    const records = generate('t1dexi-mdi', 'bench');
    const written = writePatientExport('dexcom-clarity', records, { baseName: 'bench' });
    const rows = written?.records.length ?? 0;
    cases.push({
      name: 'write dexcom-clarity',
      units: rows,
      unit: 'records',
      input: `${rows.toLocaleString('en-US')} records of one t1dexi-mdi patient`,
      run: () => writePatientExport('dexcom-clarity', records, { baseName: 'bench' })?.fileName,
      baseline: {
        kind: 'measured',
        name: 'JSON.stringify of the records',
        run: () => JSON.stringify(written?.records ?? []).length,
      },
    });
    return cases;
  },
};

export default synthSuite;
