import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { CanonicalRecord } from '@phoenix/domain';
import { cohortPatientSeed, generatePatient } from '../generate.ts';
import type { CgmModel } from '../devices/cgm-specs.ts';
import type { ProfileDefinition } from '../profiles/types.ts';
import { writePatientExport } from './export-files.ts';
import { manifestEntry, type PatientManifestEntry } from './patient-manifest.ts';

/** Pseudo-format that writes the canonical records themselves, one JSON object per line. */
export const RECORDS_FORMAT = 'records';

/** Options of `writeCohortFiles`. */
export interface WriteCohortOptions {
  profile: ProfileDefinition;
  /** Patients to write, with indices `firstIndex` up to `firstIndex + patients - 1`. */
  patients: number;
  firstIndex?: number;
  days: number;
  seed: number | string;
  /** Export formats by identifier, or `records` for canonical records as NDJSON. */
  formats: readonly string[];
  outDir: string;
  startDate?: string;
  cgmModel?: CgmModel;
  /** Variant for every export format that has one (for example `de-mmol` for Clarity). */
  variant?: string;
}

/** Totals of a written cohort. */
export interface WriteCohortResult {
  patients: PatientManifestEntry[];
  records: number;
  readings: number;
}

/**
 * Generates patients one by one and writes, per patient, one file per format into `outDir`
 * (created if missing): `PROFILE-INDEX-FORMAT.csv` (or `.json`, `.zip`, `.ndjson`). Only one
 * patient's records are held at a time. Formats that hold none of a patient's records (Clarity
 * for a Libre user) are skipped for that patient. Throws RangeError for an unknown format and
 * the file-system error when `outDir` cannot be written.
 */
export function writeCohortFiles(options: WriteCohortOptions): WriteCohortResult {
  mkdirSync(options.outDir, { recursive: true });
  const result: WriteCohortResult = { patients: [], records: 0, readings: 0 };
  const first = options.firstIndex ?? 0;
  for (let index = first; index < first + options.patients; index += 1) {
    const baseName = `${options.profile.id}-${String(index).padStart(4, '0')}`;
    const generated = generatePatient({
      profile: options.profile,
      seed: cohortPatientSeed(options.seed, index),
      days: options.days,
      startDate: options.startDate,
      cgmModel: options.cgmModel,
    });
    const files: string[] = [];
    const records = collectWithNdjson(generated.days, options, baseName, files, result);
    for (const format of options.formats) {
      if (format === RECORDS_FORMAT) {
        continue;
      }
      const file = writePatientExport(format, records, { baseName, variant: options.variant });
      if (file !== null) {
        writeFileSync(join(options.outDir, file.fileName), file.contents);
        files.push(file.fileName);
      }
    }
    result.patients.push(manifestEntry(generated.patient, baseName, files));
  }
  return result;
}

/**
 * Drains a patient's day batches, appending them to an NDJSON file when `records` is among the
 * formats and adding to the totals, and returns all records when an export format needs them
 * (else an empty list).
 */
function collectWithNdjson(
  days: Iterable<{ records: CanonicalRecord[] }>,
  options: WriteCohortOptions,
  baseName: string,
  files: string[],
  totals: { records: number; readings: number },
): CanonicalRecord[] {
  const keep = options.formats.some((format) => format !== RECORDS_FORMAT);
  const ndjson = options.formats.includes(RECORDS_FORMAT);
  const fileName = `${baseName}-records.ndjson`;
  const fd = ndjson ? openSync(join(options.outDir, fileName), 'w') : null;
  const records: CanonicalRecord[] = [];
  try {
    for (const batch of days) {
      totals.records += batch.records.length;
      for (const record of batch.records) {
        if (record.type === 'cbg') {
          totals.readings += 1;
        }
      }
      if (fd !== null) {
        writeSync(fd, batch.records.map((record) => `${JSON.stringify(record)}\n`).join(''));
      }
      if (keep) {
        records.push(...batch.records);
      }
    }
  } finally {
    if (fd !== null) {
      closeSync(fd);
    }
  }
  if (fd !== null) {
    files.push(fileName);
  }
  return records;
}
