import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { getFormatModule } from '@phoenix/formats';
import { writePatientsInWorkers } from './cohort-pool.ts';
import type { PatientManifestEntry } from './patient-manifest.ts';
import {
  RECORDS_FORMAT,
  writePatientFiles,
  type CohortSpec,
  type WrittenPatient,
} from './write-patient.ts';

export { RECORDS_FORMAT };

/** Options of `writeCohortFiles`. */
export interface WriteCohortOptions extends CohortSpec {
  /** Patients to write, with indices `firstIndex` up to `firstIndex + patients - 1`. */
  patients: number;
  firstIndex?: number;
  /**
   * Worker threads that generate patients: `os.availableParallelism()` when absent, 0 to
   * generate every patient in the calling thread. Never more threads than patients start.
   */
  workers?: number;
}

/** Totals of a written cohort. */
export interface WriteCohortResult {
  patients: number;
  /** Files written for the patients, the manifest not counted. */
  files: number;
  records: number;
  readings: number;
  /** Path of the manifest, `PROFILE-patients.json` in the output directory. */
  manifestFile: string;
}

/**
 * Generates a cohort and writes, per patient, one file per format into `outDir` (created if
 * missing); see `writePatientFiles` for names and contents. It also writes the manifest
 * `PROFILE-patients.json`, a JSON array with one `PatientManifestEntry` per patient in index
 * order. Patients run in parallel worker threads. Each is seeded from the cohort seed and its
 * index alone, so the files are the same bytes whatever the number of workers. Memory stays
 * flat in the number of patients, because a thread keeps one patient's records at a time.
 *
 * @throws RangeError for an unknown format, or a count of patients or workers that is not a
 *   whole number (at least 1 patient, at least 0 workers); the file-system error when `outDir`
 *   cannot be written.
 */
export async function writeCohortFiles(options: WriteCohortOptions): Promise<WriteCohortResult> {
  const { patients, firstIndex = 0, workers = availableParallelism(), ...spec } = options;
  checkCount('patients', patients, 1);
  checkCount('workers', workers, 0);
  for (const format of spec.formats) {
    if (format !== RECORDS_FORMAT) {
      getFormatModule(format);
    }
  }
  mkdirSync(spec.outDir, { recursive: true });
  const manifestFile = join(spec.outDir, `${spec.profile.id}-patients.json`);
  const manifest = new ManifestWriter(manifestFile);
  const result: WriteCohortResult = { patients, files: 0, records: 0, readings: 0, manifestFile };
  const onWritten = (patient: WrittenPatient): void => {
    manifest.append(patient.entry);
    result.files += patient.entry.files.length;
    result.records += patient.records;
    result.readings += patient.readings;
  };
  try {
    if (workers === 0) {
      for (let index = firstIndex; index < firstIndex + patients; index += 1) {
        onWritten(writePatientFiles(spec, index));
      }
    } else {
      const threads = Math.min(workers, patients);
      await writePatientsInWorkers(spec, firstIndex, patients, threads, onWritten);
    }
  } finally {
    manifest.close();
  }
  return result;
}

/**
 * Writes a JSON array entry by entry, in the layout of `JSON.stringify(entries, null, 2)`
 * followed by a line break.
 */
class ManifestWriter {
  private readonly fd: number;
  private entries = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
    writeSync(this.fd, '[');
  }

  append(entry: PatientManifestEntry): void {
    const text = JSON.stringify(entry, null, 2).replaceAll('\n', '\n  ');
    writeSync(this.fd, `${this.entries === 0 ? '\n' : ',\n'}  ${text}`);
    this.entries += 1;
  }

  close(): void {
    writeSync(this.fd, this.entries === 0 ? ']\n' : '\n]\n');
    closeSync(this.fd);
  }
}

function checkCount(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`Invalid ${name} ${value}: expected a whole number of at least ${min}.`);
  }
}
