/**
 * Reads a Glooko export archive: a ZIP of CSV tables such as `cgm_data_1.csv`,
 * `bg_data_1.csv` and `Insulin data/bolus_data_1.csv`. Each entry is read twice, first to check
 * that it inflates and matches its CRC-32, then to parse it, so a damaged entry yields one issue
 * and no records, and memory stays flat either way.
 */
import { StringDecoder } from 'node:string_decoder';
import { assertTimeZone } from '@phoenix/domain';
import type { ReadEvent, ReadIssue, ReadOptions } from '../core/types.ts';
import {
  readZipDirectory,
  readZipEntry,
  ZipFormatError,
  type ByteSource,
  type ZipEntry,
} from '../core/zip.ts';
import { classifyEntry, entryLabel } from './entries.ts';
import { readGlookoTable, tableIssue } from './table-reader.ts';

/** Reads a Glooko archive; see `FormatModule.readBinary`. Throws only for an unknown time zone. */
export async function* readGlookoArchive(
  source: ByteSource,
  options: ReadOptions,
): AsyncGenerator<ReadEvent> {
  assertTimeZone(options.timezone);
  const archive = options.fileName ?? null;
  let entries: ZipEntry[];
  try {
    entries = await readZipDirectory(source);
  } catch (error) {
    if (!(error instanceof ZipFormatError)) {
      throw error;
    }
    yield { kind: 'issue', issue: tableIssue(archive, error.message) };
    return;
  }

  let records = 0;
  for (const entry of entries) {
    const kind = classifyEntry(entry.name);
    if (kind.kind === 'other' || entry.name.endsWith('/')) {
      continue;
    }
    const label = entryLabel(archive, entry.name);
    const check = await checkEntry(source, entry);
    if (check.error !== null) {
      yield { kind: 'issue', issue: damagedEntry(label, check.error, check.line) };
    } else if (kind.kind === 'unread') {
      if (check.lines > 2) {
        yield { kind: 'issue', issue: unreadTable(label, kind.name) };
      }
    } else {
      const read = yield* readGlookoTable(entryText(source, entry), {
        file: label,
        timezone: options.timezone,
      });
      records += read ?? 0;
    }
  }
  if (records === 0) {
    const message =
      'No usable rows. The archive contains no readable glucose, carbohydrate, alarm, bolus or basal row.';
    yield { kind: 'issue', issue: tableIssue(archive, message) };
  }
}

/**
 * Inflates an entry without keeping it, counting its lines. Returns the error of a damaged
 * entry with the line where decoding stopped, or the number of lines of an intact one.
 */
async function checkEntry(
  source: ByteSource,
  entry: ZipEntry,
): Promise<{ error: ZipFormatError | null; line: number; lines: number }> {
  let lineFeeds = 0;
  let endsWithLineFeed = true;
  try {
    for await (const chunk of readZipEntry(source, entry)) {
      for (const byte of chunk) {
        lineFeeds += byte === 0x0a ? 1 : 0;
      }
      endsWithLineFeed = chunk.length === 0 ? endsWithLineFeed : chunk[chunk.length - 1] === 0x0a;
    }
  } catch (error) {
    if (!(error instanceof ZipFormatError)) {
      throw error;
    }
    return { error, line: lineFeeds + 1, lines: 0 };
  }
  return { error: null, line: 0, lines: lineFeeds + (endsWithLineFeed ? 0 : 1) };
}

/** Decodes an entry as UTF-8 text chunks; a character split between chunks is joined. */
async function* entryText(source: ByteSource, entry: ZipEntry): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of readZipEntry(source, entry)) {
    yield decoder.write(chunk);
  }
  yield decoder.end();
}

function damagedEntry(file: string, error: ZipFormatError, line: number): ReadIssue {
  return {
    file,
    // Only a decoding failure stops at a known point; a checksum is compared at the end.
    line: error.code === 'decode' ? line : null,
    column: null,
    value: null,
    message: `${error.message} The entry is skipped.`,
    severity: 'error',
  };
}

function unreadTable(file: string, name: string): ReadIssue {
  const message = `Table not read: ${name} data has no record type in the canonical model.`;
  return { file, line: null, column: null, value: null, message, severity: 'warning' };
}
