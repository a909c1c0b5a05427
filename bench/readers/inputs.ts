import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CanonicalRecord } from '@phoenix/domain';
import {
  DETECTION_HEAD_LENGTH,
  detectFormat,
  textChunks,
  type FormatModule,
  type ReadIssue,
  type WriteOptions,
} from '@phoenix/formats';

/**
 * Inputs of the readers suite. One fixture of each format is enlarged to about `TARGET_ROWS`
 * records by appending copies of its records shifted in time. The format's own writer writes
 * them back, so the input keeps the format's real layout and record mix.
 */

/** Records per input: the two-week Clarity file (4,003 records) stretched to 90 days. */
export const TARGET_ROWS = 26_000;
/** IANA zone the inputs are read in, the zone the Clarity module's tests read its fixtures in. */
export const READ_ZONE = 'Europe/Helsinki';
/** Chunk size of the streaming reads, as `readExportFile` uses. */
export const CHUNK_LENGTH = 64 * 1024;

const MS_PER_DAY = 86_400_000;

/** One format's input. */
export interface ReaderInput {
  /** Fixture path relative to the fixtures folder. */
  fixture: string;
  text: string;
  /** Records the format's reader yields from `text`, and the issues it reports. */
  records: number;
  issues: number;
  /** False when the fixture could not be enlarged and is used as it is. */
  enlarged: boolean;
}

/**
 * Returns the text fixtures under `directory` (subfolders included) by the format that
 * `detectFormat` gives them. Files with a NUL byte in their start, such as ZIP archives, are
 * left out because the readers suite times text readers.
 */
export function textFixturesByFormat(directory: string): Map<string, string[]> {
  const byFormat = new Map<string, string[]>();
  for (const path of filesUnder(directory)) {
    const head = readFileSync(path).subarray(0, DETECTION_HEAD_LENGTH);
    if (head.includes(0)) {
      continue;
    }
    const detection = detectFormat(head.toString('utf8'));
    if (detection !== null) {
      byFormat.set(detection.format, [...(byFormat.get(detection.format) ?? []), path]);
    }
  }
  return byFormat;
}

function filesUnder(directory: string): string[] {
  const paths: string[] = [];
  for (const name of readdirSync(directory).sort()) {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) {
      paths.push(...filesUnder(path));
    } else {
      paths.push(path);
    }
  }
  return paths;
}

/** Reads `text` with `module` in 64 KiB chunks and returns the records and issues. */
export async function readAll(
  module: FormatModule,
  text: string,
): Promise<{ records: CanonicalRecord[]; issues: ReadIssue[] }> {
  const records: CanonicalRecord[] = [];
  const issues: ReadIssue[] = [];
  const events = module.read(textChunks(text, CHUNK_LENGTH), { timezone: READ_ZONE });
  for await (const event of events) {
    if (event.kind === 'record') {
      records.push(event.record);
    } else {
      issues.push(event.issue);
    }
  }
  return { records, issues };
}

/**
 * Returns `records` followed by copies shifted by whole days (the span of the records, rounded
 * up) until there are `targetRows`, cut at that count. Copies move `time` and `deviceTime`
 * alike, get origin lines after the originals' (so writers that group by origin keep them
 * apart), lose `origin.sourceRowId` (so writers number them afresh) and leave out settings
 * records, which a file contains once.
 */
export function repeatRecords(
  records: readonly CanonicalRecord[],
  targetRows: number,
): CanonicalRecord[] {
  if (records.length === 0) {
    return [];
  }
  const times = records.map((record) => Date.parse(record.time));
  const spanDays = Math.max(
    1,
    Math.ceil((Math.max(...times) - Math.min(...times) + 1) / MS_PER_DAY),
  );
  const lineStride = Math.max(0, ...records.map((record) => record.origin.line ?? 0)) + 1;
  const repeated: CanonicalRecord[] = [...records];
  for (let copy = 1; repeated.length < targetRows; copy += 1) {
    for (const record of records) {
      if (record.type !== 'pumpSettings' && record.type !== 'cgmSettings') {
        repeated.push(shiftedCopy(record, copy * spanDays * MS_PER_DAY, copy * lineStride));
      }
    }
  }
  return repeated.slice(0, Math.max(targetRows, records.length));
}

function shiftedCopy(record: CanonicalRecord, shiftMs: number, lineShift: number): CanonicalRecord {
  const origin = { ...record.origin };
  delete origin.sourceRowId;
  const deviceWallMs = Date.parse(`${record.deviceTime}Z`);
  if (origin.line !== undefined) {
    origin.line += lineShift;
  }
  // Object.assign rather than a spread, which V8 runs far slower on records of this shape.
  return Object.assign({}, record, {
    time: new Date(Date.parse(record.time) + shiftMs).toISOString(),
    deviceTime: new Date(deviceWallMs + shiftMs).toISOString().slice(0, 19),
    origin,
  });
}

/**
 * Builds the input of `module` from one of its fixtures in `paths`: real exports before
 * hand-made ones (`handmade` in the name), then the fixture with the most records first. The
 * first fixture whose enlarged text reads back with more records than the fixture has is used.
 * When none does (a writer that cannot write what its reader read), the first fixture is used
 * as it is, so a weak writer shows as a small input rather than a wrong one.
 */
export async function buildReaderInput(
  module: FormatModule,
  paths: readonly string[],
  fixturesDirectory: string,
): Promise<ReaderInput> {
  const candidates: FixtureRead[] = [];
  for (const path of paths) {
    const text = readFileSync(path, 'utf8');
    const { records, issues } = await readAll(module, text);
    const fixture = relative(fixturesDirectory, path);
    candidates.push({ fixture, text, records, issues: issues.length });
  }
  candidates.sort(
    (a, b) =>
      Number(isHandMade(a.fixture)) - Number(isHandMade(b.fixture)) ||
      b.records.length - a.records.length,
  );
  const [first] = candidates;
  if (first === undefined) {
    throw new RangeError(`No fixture given for format ${module.id}.`);
  }

  for (const candidate of candidates) {
    const enlarged = await enlarge(module, candidate);
    if (enlarged !== null) {
      return enlarged;
    }
  }
  return {
    fixture: first.fixture,
    text: first.text,
    records: first.records.length,
    issues: first.issues,
    enlarged: false,
  };
}

interface FixtureRead {
  fixture: string;
  text: string;
  records: CanonicalRecord[];
  issues: number;
}

function isHandMade(fixture: string): boolean {
  return fixture.includes('handmade');
}

/** Writes the repeated records in the fixture's variant; null when they do not read back. */
async function enlarge(module: FormatModule, candidate: FixtureRead): Promise<ReaderInput | null> {
  if (candidate.records.length === 0) {
    return null;
  }
  const detection = detectFormat(candidate.text.slice(0, DETECTION_HEAD_LENGTH));
  const options: WriteOptions = {
    ...(detection?.variant === undefined ? {} : { variant: detection.variant }),
    ...(detection?.layout === undefined ? {} : { layout: detection.layout }),
  };
  const text = module.write(repeatRecords(candidate.records, TARGET_ROWS), options);
  const back = await readAll(module, text);
  if (back.records.length <= candidate.records.length) {
    return null;
  }
  return {
    fixture: candidate.fixture,
    text,
    records: back.records.length,
    issues: back.issues.length,
    enlarged: true,
  };
}
