import { assertTimeZone } from '@phoenix/domain';
import type { ReadEvent, ReadOptions } from '../core/types.ts';
import { readGlookoTable, tableIssue } from './table-reader.ts';

/**
 * Reads a single Glooko table taken out of an export archive; see `FormatModule.read`. Throws
 * only for an unknown time zone.
 */
export async function* readGlookoText(
  chunks: AsyncIterable<string>,
  options: ReadOptions,
): AsyncGenerator<ReadEvent> {
  assertTimeZone(options.timezone);
  const file = options.fileName ?? null;
  const records = yield* readGlookoTable(chunks, { file, timezone: options.timezone });
  // A table that was not recognised returns null and has had its error already.
  if (records === 0) {
    const message =
      'No usable rows. The table contains no readable glucose, carbohydrate, alarm, bolus or basal row.';
    yield { kind: 'issue', issue: tableIssue(file, message) };
  }
}
