/**
 * The full-dataset lane's cohort: one synthetic patient per profile of packages/synth, 90 days
 * each from a fixed start date and seed, written as the vendor export files their devices
 * would produce. The start date puts the US autumn clock change inside the 90 days, so every
 * layer meets a repeated hour.
 *
 * The records the lane expects in the store are those the bridge's reader brings back from
 * the files, less those that break the API's plausibility rules. They differ from the
 * generated records by what each format cannot hold: Glooko keeps minutes, CareLink has no
 * Low or High rows, and pump exports name the pump as the CGM's device. The formats' own
 * tests compare files with generated records.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readForBridge } from '@phoenix/bridge';
import {
  checkPlausibility,
  type CanonicalRecord,
  type CbgRecord,
  type GlucoseSample,
} from '@phoenix/domain';
import {
  cohortPatientSeed,
  generatePatient,
  PROFILES,
  writePatientExport,
  type SyntheticPatient,
} from '@phoenix/synth';

export const COHORT_SEED = 'full-dataset-lane';
export const COHORT_DAYS = 90;
export const COHORT_START_DATE = '2024-09-02';

const DAY_MS = 86_400_000;

/** One export file of a patient, on disk. */
export interface CohortFile {
  format: string;
  path: string;
  /** Records read back from the file, less those the API rejects. */
  records: CanonicalRecord[];
  /** Count of the file's records that break the API's plausibility rules. */
  rejected: number;
}

/** A cohort member: platform IDs, what the generator drew, and its files. */
export interface CohortPatient {
  index: number;
  profileId: string;
  userId: string;
  patientId: string;
  timezone: string;
  /** Local midnight of the first day, epoch ms. */
  startMs: number;
  /** Reading interval of the patient's CGM in minutes. */
  cgmIntervalMinutes: number;
  files: CohortFile[];
  /** Every CGM reading of the files, by identity hash, whichever file carries it. */
  readings: Map<string, CbgRecord>;
  /** Every other record of the files, by identity hash. */
  otherRecords: Map<string, CanonicalRecord>;
}

/** The clinician who may read every cohort patient, and their care team. */
export const COHORT_CLINIC = {
  clinicianId: '00000000-0000-4000-8000-00000000f001',
  teamId: '00000000-0000-4000-8000-00000000f101',
} as const;

/**
 * Return the groups of exports a patient uploads. A pump names itself as the device of the CGM
 * readings it relays, so a reading in a pump export and in the sensor's own export gets two
 * identities, and the store would keep both. So each patient has one source of CGM readings:
 * the pump's export, or the CGM's own export when the pump export has none (a Medtronic pump
 * with a Dexcom sensor). Loop patients upload the Dexcom export and their Nightscout site,
 * which name the same device, so the store receives those readings twice and must keep them
 * once. Every third patient uploads only the Glooko archive, which contains CGM and pump.
 */
function chooseFormats(index: number, profileId: string, records: CanonicalRecord[]): string[][] {
  if (index % 3 === 2) return [['glooko']];
  if (profileId === 'loop') return [['dexcom-clarity', 'nightscout']];
  const cgmExports = ['dexcom-clarity', 'abbott-libreview'];
  const makers = new Set(records.map((record) => record.deviceId.split(/[-:]/)[0]));
  if (makers.has('tandem')) {
    return [[index % 2 === 0 ? 'tandem-tconnect' : 'tandem-source'], cgmExports];
  }
  if (makers.has('medtronic')) return [['medtronic-carelink'], cgmExports];
  return [cgmExports];
}

function idOf(prefix: string, index: number): string {
  return `00000000-0000-4000-8000-${prefix}${String(index).padStart(12 - prefix.length, '0')}`;
}

/**
 * Generate the cohort into `directory`: one folder per patient with its export files. Every
 * patient's records are held in memory for the checks, which is about 40 MB for the cohort.
 */
export async function buildCohort(directory: string): Promise<CohortPatient[]> {
  const cohort: CohortPatient[] = [];
  for (const [index, profile] of PROFILES.entries()) {
    const generated = generatePatient({
      profile,
      seed: cohortPatientSeed(COHORT_SEED, index),
      days: COHORT_DAYS,
      startDate: COHORT_START_DATE,
    });
    const records: CanonicalRecord[] = [];
    for (const day of generated.days) {
      for (const record of day.records) records.push(record);
    }
    const folder = join(directory, `${String(index).padStart(2, '0')}-${profile.id}`);
    mkdirSync(folder, { recursive: true });
    const files: CohortFile[] = [];
    // The first group is always uploaded; a later group only while no file had CGM readings.
    for (const group of chooseFormats(index, profile.id, records)) {
      if (files.some((file) => file.records.some((record) => record.type === 'cbg'))) break;
      for (const format of group) {
        const file = writePatientExport(format, records, { baseName: profile.id });
        if (file === null) continue;
        const path = join(folder, file.fileName);
        writeFileSync(path, file.contents);
        files.push({ format, path, ...(await readAsBridge(path, generated.patient.timezone)) });
      }
    }
    cohort.push(describePatient(index, profile.id, generated.patient, files));
  }
  return cohort;
}

/** Read a file as the bridge does and drop the records that break the API's plausibility rules. */
async function readAsBridge(path: string, timezone: string) {
  const read = await readForBridge(path, timezone);
  const records = read.records.filter((record) => checkPlausibility(record).length === 0);
  return { records, rejected: read.records.length - records.length };
}

function describePatient(
  index: number,
  profileId: string,
  patient: SyntheticPatient,
  files: CohortFile[],
): CohortPatient {
  const readings = new Map<string, CbgRecord>();
  const otherRecords = new Map<string, CanonicalRecord>();
  // The store keeps the first record of an identity and counts later ones as duplicates, so
  // a record that repeats an identity in upload order is left out here too. A format without
  // seconds or transmitter time can give two readings one identity, for example in both
  // passes through the repeated autumn hour.
  for (const file of files) {
    for (const record of file.records) {
      if (record.type === 'cbg') {
        if (!readings.has(record.id)) readings.set(record.id, record);
      } else if (!otherRecords.has(record.id)) {
        otherRecords.set(record.id, record);
      }
    }
  }
  return {
    index,
    profileId,
    userId: idOf('a', index + 1),
    patientId: idOf('b', index + 1),
    timezone: patient.timezone,
    startMs: patient.startMs,
    cgmIntervalMinutes: patient.cgm.intervalMinutes,
    files,
    readings,
    otherRecords,
  };
}

/** Return the CGM readings of a patient's files in [fromMs, toMs) as samples, oldest first. */
export function samplesIn(patient: CohortPatient, fromMs: number, toMs: number): GlucoseSample[] {
  const samples: GlucoseSample[] = [];
  for (const reading of patient.readings.values()) {
    const timeMs = Date.parse(reading.time);
    if (timeMs < fromMs || timeMs >= toMs) continue;
    samples.push({
      timeMs,
      valueMgDl: reading.valueMgDl,
      outOfRange: reading.outOfRange,
      thresholdMgDl: reading.thresholdMgDl,
    });
  }
  return samples.sort((a, b) => a.timeMs - b.timeMs);
}

/** Return the instant of the last CGM reading of a patient's files, epoch ms. */
export function lastReadingMs(patient: CohortPatient): number {
  let last = -Infinity;
  for (const reading of patient.readings.values()) last = Math.max(last, Date.parse(reading.time));
  return last;
}

/**
 * Return the periods the lane checks each patient over: the whole 90 local days and the last
 * 14 days. A third period of 3 days and a few hours starts and ends inside hours, and it
 * contains the autumn clock change of the patient's zone, or day 55 in a zone without one.
 */
export function checkedPeriods(
  patient: CohortPatient,
): Record<string, { fromMs: number; toMs: number }> {
  // Local midnight after the last day: an hour more than 90 × 24 hours after the start in a
  // zone that leaves daylight time during the 90 days.
  const shiftMinutes =
    utcOffsetMinutes(patient.timezone, patient.startMs) -
    utcOffsetMinutes(patient.timezone, patient.startMs + COHORT_DAYS * DAY_MS);
  const endMs = patient.startMs + COHORT_DAYS * DAY_MS + shiftMinutes * 60_000;
  const changeMs = autumnChangeMs(patient) ?? patient.startMs + 55 * DAY_MS;
  return {
    all: { fromMs: patient.startMs, toMs: endMs },
    last14Days: { fromMs: endMs - 14 * DAY_MS, toMs: endMs },
    aroundClockChange: {
      fromMs: changeMs - DAY_MS - 37 * 60_000,
      toMs: changeMs + 2 * DAY_MS + 5 * 3_600_000 + 11 * 60_000,
    },
  };
}

/** Find the first instant of the cohort's 90 days at which the zone's UTC offset falls. */
function autumnChangeMs(patient: CohortPatient): number | null {
  const offsetAt = (ms: number) => utcOffsetMinutes(patient.timezone, ms);
  for (let ms = patient.startMs; ms < patient.startMs + COHORT_DAYS * DAY_MS; ms += 3_600_000) {
    if (offsetAt(ms + 3_600_000) < offsetAt(ms)) return ms + 3_600_000;
  }
  return null;
}

/**
 * Return the UTC offset of `timezone` at instant `ms` in minutes, read from Intl's long offset
 * name. It stays apart from the domain's timeZoneOffsetMinutes, which the CSV export uses, so
 * the lane checks the export against a second implementation.
 */
export function utcOffsetMinutes(timezone: string, ms: number): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(ms))
    .find((part) => part.type === 'timeZoneName')!.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (match === null) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}
