import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { assertTimeZone, type CanonicalRecord } from '@phoenix/domain';
import { collectRead, peekHead } from './core/streams.ts';
import { openFileSource, startsWithZipMagic } from './core/zip.ts';
import type {
  CsvLayout,
  FormatDetection,
  FormatModule,
  ReadEvent,
  ReadIssue,
  ReadOptions,
  WriteOptions,
} from './core/types.ts';
import { dexcomClarity } from './dexcom-clarity/index.ts';
import { glooko } from './glooko/index.ts';
import { abbottLibreView } from './libreview/index.ts';
import { medtronicCareLink } from './medtronic-carelink/index.ts';
import { nightscout } from './nightscout/index.ts';
import { tandemSource, tandemTConnect } from './tandem/index.ts';

/** Characters of a file's start that detection looks at. */
export const DETECTION_HEAD_LENGTH = 8192;

/** Every format module, in the order detection tries them. Add new modules here. */
export const FORMAT_MODULES: readonly FormatModule[] = [
  dexcomClarity as FormatModule,
  abbottLibreView as FormatModule,
  glooko as FormatModule,
  nightscout as FormatModule,
  medtronicCareLink as FormatModule,
  tandemTConnect as FormatModule,
  tandemSource as FormatModule,
];

/** Error raised when no format module recognises a file; `empty` when it has no text at all. */
export class UnknownFormatError extends Error {
  constructor(
    readonly file: string | null,
    readonly formatsTried: readonly string[],
    readonly empty = false,
  ) {
    const subject = file === null ? 'The input' : `File "${file}"`;
    super(
      empty
        ? `${subject} is empty or contains only white space; export the data again.`
        : `${subject} is not a recognised device export. Formats tried: ${formatsTried.join(', ')}. ` +
            'Check that the file is an unmodified export from one of these.',
    );
    this.name = 'UnknownFormatError';
  }
}

/** Returns the module with identifier `format`; throws RangeError for an unknown one. */
export function getFormatModule(format: string): FormatModule {
  const found = FORMAT_MODULES.find((module) => module.id === format);
  if (found === undefined) {
    const known = FORMAT_MODULES.map((module) => module.id).join(', ');
    throw new RangeError(`Unknown format "${format}"; known formats: ${known}.`);
  }
  return found;
}

/**
 * Recognises the format of a file from the start of its text (the first 8 KiB is enough),
 * trying each module in `FORMAT_MODULES`. Returns null when none recognises it.
 */
export function detectFormat(head: string): FormatDetection | null {
  for (const module of FORMAT_MODULES) {
    const detection = module.detect(head);
    if (detection !== null) {
      return detection;
    }
  }
  return null;
}

/** A streaming read that has recognised its format. */
export interface ExportStream {
  format: string;
  variant: string;
  layout?: CsvLayout;
  /** Records and issues in file order; can be iterated once. */
  events: AsyncIterable<ReadEvent>;
}

/** A whole read: format, records and issues. */
export interface ExportReadResult {
  format: string;
  variant: string;
  layout?: CsvLayout;
  records: CanonicalRecord[];
  issues: ReadIssue[];
}

/**
 * Detects the format of a text stream and starts reading it, keeping memory flat.
 *
 * @throws InvalidTimeZoneError for an unknown `options.timezone`; UnknownFormatError when no
 *   module recognises the stream (an empty one included).
 */
export async function readExportStream(
  chunks: AsyncIterable<string>,
  options: ReadOptions,
): Promise<ExportStream> {
  assertTimeZone(options.timezone);
  const { head, chunks: replayed } = await peekHead(chunks, DETECTION_HEAD_LENGTH);
  const detection = detectFormat(head);
  if (detection === null) {
    const tried = FORMAT_MODULES.map((module) => module.id);
    const empty = head.trim().length === 0;
    throw new UnknownFormatError(options.fileName ?? null, tried, empty);
  }
  const module = getFormatModule(detection.format);
  return { ...detection, events: module.read(replayed, options) };
}

/**
 * Reads a whole export file into canonical records and issues: a ZIP archive (Glooko) through
 * the modules' `readBinary`, any other file as UTF-8 text. Device times are resolved through
 * `options.timezone`, the IANA zone of the device clock.
 *
 * @throws InvalidTimeZoneError, UnknownFormatError (see `readExportStream`), or the file-system
 *   error when the file cannot be opened.
 */
export async function readExportFile(
  path: string,
  options: Omit<ReadOptions, 'fileName'>,
): Promise<ExportReadResult> {
  const archive = await readBinaryExportFile(path, options);
  if (archive !== null) {
    return archive;
  }
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 64 * 1024 });
  const chunks = stream as AsyncIterable<string>;
  const { events, ...detection } = await readExportStream(chunks, {
    ...options,
    fileName: basename(path),
  });
  try {
    return { ...detection, ...(await collectRead(events)) };
  } finally {
    stream.destroy();
  }
}

/**
 * Reads a file that starts with the ZIP signature `PK\x03\x04` through the first module whose
 * `detectBinary` recognises it, with random access so memory stays flat. Returns null for any
 * other file, which is read as text.
 *
 * @throws InvalidTimeZoneError; UnknownFormatError for an archive no module recognises.
 */
async function readBinaryExportFile(
  path: string,
  options: Omit<ReadOptions, 'fileName'>,
): Promise<ExportReadResult | null> {
  assertTimeZone(options.timezone);
  const source = await openFileSource(path);
  try {
    const head = await source.read(0, DETECTION_HEAD_LENGTH);
    if (!startsWithZipMagic(head)) {
      return null;
    }
    const fileName = basename(path);
    for (const module of FORMAT_MODULES) {
      const detection = module.detectBinary?.(head) ?? null;
      if (detection !== null && module.readBinary !== undefined) {
        const events = module.readBinary(source, { ...options, fileName });
        return { ...detection, ...(await collectRead(events)) };
      }
    }
    throw new UnknownFormatError(
      fileName,
      FORMAT_MODULES.map((module) => module.id),
    );
  } finally {
    await source.close();
  }
}

/**
 * Writes canonical records as the complete text of an export in `format` (BOM included where
 * the variant has one). Options are the module's own; see its `write`.
 *
 * @throws RangeError for an unknown format or variant.
 */
export function writeExport(
  format: string,
  records: Iterable<CanonicalRecord>,
  options: WriteOptions & Record<string, unknown> = {},
): string {
  return getFormatModule(format).write(records, options);
}
