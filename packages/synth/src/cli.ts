import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { cgmSpec, type CgmModel } from './devices/cgm-specs.ts';
import { availableFormats } from './output/export-files.ts';
import { RECORDS_FORMAT, writeCohortFiles } from './output/write-cohort.ts';
import { getProfile, PROFILES } from './profiles/index.ts';
import type { ProfileDefinition } from './profiles/types.ts';
import { buildRealismReport } from './report/realism-report.ts';

const USAGE = `Usage:
  phoenix-synth --profile NAME --patients N --days D --seed S --format FORMAT --out DIR
  phoenix-synth report [--profile NAMES] [--patients N] [--days D] [--seed S] [--write FILE]
  phoenix-synth list

Generate options:
  --profile NAME     profile identifier, a comma-separated list, or "all" (see "list")
  --patients N       patients per profile (default 1)
  --days D           days of data per patient (default: the profile's study length)
  --seed S           cohort seed, a number or text (default 1); same seed, same bytes
  --format FORMAT    export format identifier(s), comma-separated, or "records" for the
                     canonical records as NDJSON (default dexcom-clarity)
  --out DIR          directory for the files (created if missing)
  --start-date DATE  first local date, YYYY-MM-DD (default 2024-09-02)
  --cgm MODEL        CGM model for every patient instead of the profile's choice
  --variant NAME     format variant, for example de-mmol for Dexcom Clarity
  --workers N        worker threads that generate patients (default: the number of cores
                     Node.js reports, here ${availableParallelism()}); 0 uses the main thread

Report options:
  --patients N       patients per profile (default 30)
  --days D           days per patient (default 90)
  --write FILE       also save the Markdown report to FILE
`;

/** Runs the command line; returns the process exit code (0 success, 1 failure, 2 usage error). */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'report') {
      return runReport(rest);
    }
    if (command === 'list') {
      printList();
      return 0;
    }
    if (command === 'help' || command === '--help' || command === '-h' || command === undefined) {
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    }
    return await runGenerate(argv);
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error)) {
      process.stderr.write(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof RangeError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    process.stderr.write(
      `phoenix-synth failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
}

class UsageError extends Error {}

async function runGenerate(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      profile: { type: 'string' },
      patients: { type: 'string', default: '1' },
      days: { type: 'string' },
      seed: { type: 'string', default: '1' },
      format: { type: 'string', default: 'dexcom-clarity' },
      out: { type: 'string' },
      'start-date': { type: 'string' },
      cgm: { type: 'string' },
      variant: { type: 'string' },
      workers: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.profile === undefined) {
    throw new UsageError('Missing --profile: give a profile identifier, a list, or "all".');
  }
  if (values.out === undefined) {
    throw new UsageError('Missing --out: give the directory to write the files into.');
  }
  const formats = values.format.split(',').map((format) => format.trim());
  const known = [...availableFormats(), RECORDS_FORMAT];
  for (const format of formats) {
    if (!known.includes(format)) {
      throw new UsageError(`Unknown format "${format}"; known formats: ${known.join(', ')}.`);
    }
  }
  const cgmModel = values.cgm === undefined ? undefined : (cgmSpec(values.cgm).model as CgmModel);
  const patients = positiveInteger('--patients', values.patients);
  const workers =
    values.workers === undefined ? undefined : wholeNumber('--workers', values.workers, 0);

  let files = 0;
  for (const profile of selectProfiles(values.profile)) {
    const days =
      values.days === undefined ? profile.studyDays : positiveInteger('--days', values.days);
    const result = await writeCohortFiles({
      profile,
      patients,
      days,
      seed: values.seed,
      formats,
      outDir: values.out,
      startDate: values['start-date'],
      cgmModel,
      variant: values.variant,
      workers,
    });
    files += result.files;
    process.stdout.write(
      `${profile.id}: ${patients} patients × ${days} days, ${result.readings} CGM readings, ` +
        `${result.records} records, ${result.files} files\n`,
    );
  }
  process.stdout.write(`Wrote ${files} files to ${values.out}\n`);
  return 0;
}

function runReport(argv: readonly string[]): number {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      profile: { type: 'string', default: 'all' },
      patients: { type: 'string', default: '30' },
      days: { type: 'string', default: '90' },
      seed: { type: 'string', default: 'report' },
      write: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const report = buildRealismReport({
    profiles: selectProfiles(values.profile),
    patients: positiveInteger('--patients', values.patients),
    days: positiveInteger('--days', values.days),
    seed: values.seed,
  });
  process.stdout.write(report.markdown);
  if (values.write !== undefined) {
    writeFileSync(values.write, report.markdown);
  }
  return report.allWithinTargets ? 0 : 1;
}

function printList(): void {
  process.stdout.write('Profiles:\n');
  for (const profile of PROFILES) {
    process.stdout.write(
      `  ${profile.id.padEnd(22)} ${profile.title} (${profile.studyDays} days)\n`,
    );
  }
  process.stdout.write(`Formats: ${[...availableFormats(), RECORDS_FORMAT].join(', ')}\n`);
}

function selectProfiles(names: string): ProfileDefinition[] {
  if (names === 'all') {
    return [...PROFILES];
  }
  return names.split(',').map((name) => getProfile(name.trim()));
}

function positiveInteger(option: string, text: string): number {
  return wholeNumber(option, text, 1);
}

function wholeNumber(option: string, text: string, min: number): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < min) {
    throw new UsageError(
      `Invalid ${option} "${text}": expected a whole number of at least ${min}.`,
    );
  }
  return value;
}
