/**
 * Streaming reader of Dexcom Clarity CSV exports. A file looks like this (English, mg/dL):
 *
 * ```
 * Index,Timestamp (YYYY-MM-DDThh:mm:ss),Event Type,Event Subtype,Patient Info,Device Info,…
 * 1,,FirstName,,Jane,,,,,,,,
 * 3,,Device,,,Dexcom G6 Mobile App,Android G6,,,,,,
 * 5,,Alert,High,,,Android G6,270,,,,,
 * 11,2019-10-14T16:42:37,EGV,,,,Android G6,55,,,,,7573,8AB12C
 * 352,2019-10-15T21:42:33,EGV,Low,,,Android G6,Low,,,,,111973,8AB12C
 * 61,2019-10-14T20:35:00,Insulin,Fast-Acting,,,Android G6,,12.00,,,,
 * ```
 *
 * Rows without a timestamp before the first data row are the preamble: patient names (never
 * read), the device and the alert settings, which become one `cgmSettings` record.
 */
import { assertTimeZone } from '@phoenix/domain';
import { peekHead } from '../core/streams.ts';
import { CsvTokenizer, type CsvRow } from '../core/csv-tokenizer.ts';
import { detectCsvLayout } from '../core/csv-writer.ts';
import type { ReadEvent, ReadIssue, ReadOptions } from '../core/types.ts';
import { buildDataRecord, buildSettingsRecord, deviceModel } from './build-records.ts';
import { parseClarityHeader } from './header.ts';
import { PreambleCollector, type ClaritySettings } from './preamble.ts';
import type { RowContext } from './row-context.ts';
import { parseRow, type DataDraft } from './row-parser.ts';
import { TimeResolver, type ResolvedDraft } from './time-resolver.ts';

const HEAD_LENGTH = 8192;

/** Reads a Clarity export; see `FormatModule.read`. Throws only for an unknown time zone. */
export async function* readClarity(
  chunks: AsyncIterable<string>,
  options: ReadOptions,
): AsyncGenerator<ReadEvent> {
  assertTimeZone(options.timezone);
  const fileName = options.fileName ?? null;
  const { head, chunks: replayed } = await peekHead(chunks, HEAD_LENGTH);
  const layout = detectCsvLayout(head);
  const rows = rowBatches(replayed, layout.separator);

  const first = await rows.next();
  const headerRow = first.done === true ? undefined : first.value[0];
  const header = headerRow === undefined ? null : parseClarityHeader(headerRow.fields);
  if (header === null) {
    const message = 'Not a Dexcom Clarity export. The first row is not a Clarity header.';
    yield { kind: 'issue', issue: fileIssue(fileName, message) };
    return;
  }

  const context: RowContext = {
    header,
    fileName,
    decimalComma: layout.separator === ';',
    inPreamble: true,
  };
  const session = new ReadSession(context, options.timezone);
  for await (const batch of rows) {
    for (const row of batch) {
      yield* session.readRow(row);
    }
  }
  yield* session.finish();
}

/** State of one read after the header: preamble, transmitter, clock and counts. */
class ReadSession {
  private readonly preamble: PreambleCollector;
  private readonly resolver: TimeResolver;
  private preambleSettings: ClaritySettings | null = null;
  private lastTransmitterId: string | null = null;
  private dataRecords = 0;

  constructor(
    private readonly context: RowContext,
    private readonly timezone: string,
  ) {
    this.preamble = new PreambleCollector(context);
    this.resolver = new TimeResolver(timezone);
  }

  /** Reads one row and returns the events it releases, in file order. */
  *readRow(row: CsvRow): Generator<ReadEvent> {
    const parsed = parseRow(this.context, row);
    if (parsed.kind === 'blank') {
      return;
    }
    if (parsed.kind === 'preamble') {
      yield* issueEvents(this.preamble.add(row, parsed.event));
      return;
    }
    if (this.context.inPreamble) {
      this.context.inPreamble = false;
      this.preambleSettings = this.preamble.isEmpty ? null : this.preamble.result();
    }
    yield* issueEvents(parsed.issues);
    if (parsed.kind === 'data') {
      this.resolver.add(parsed.draft, this.deviceId(parsed.draft));
      yield* this.emit(this.resolver.drain(false));
    }
  }

  /** Releases the rows still waiting and reports a file without usable rows. */
  *finish(): Generator<ReadEvent> {
    yield* this.emit(this.resolver.drain(true));
    if (this.dataRecords === 0) {
      const message =
        'No usable rows. The file contains no readable glucose, insulin, carb or event row.';
      yield { kind: 'issue', issue: fileIssue(this.context.fileName, message) };
    }
  }

  /**
   * Returns the device ID of a row: model prefix, then the row's transmitter ID, else the last
   * one seen in the file, else the row's source device.
   */
  private deviceId(draft: DataDraft): string {
    this.lastTransmitterId = draft.transmitterId ?? this.lastTransmitterId;
    const model = deviceModel(this.preambleSettings, draft.sourceDeviceId);
    const key = this.lastTransmitterId ?? (draft.sourceDeviceId || 'unknown');
    return `${model}:${key}`;
  }

  /** Yields records for resolved drafts, the settings record before the first of them. */
  private *emit(drafts: ResolvedDraft[]): Generator<ReadEvent> {
    for (const resolved of drafts) {
      const record = buildDataRecord(resolved, {
        fileName: this.context.fileName,
        timezone: this.timezone,
      });
      if (this.dataRecords === 0 && !this.preamble.isEmpty) {
        const settings = buildSettingsRecord(this.preamble, record, this.context.fileName);
        yield { kind: 'record', record: settings };
      }
      this.dataRecords += 1;
      yield { kind: 'record', record };
    }
  }
}

/**
 * Yields the rows of each chunk as one batch, the header row alone first, so the reader
 * awaits once per chunk rather than once per row.
 */
async function* rowBatches(
  chunks: AsyncIterable<string>,
  separator: ',' | ';',
): AsyncGenerator<CsvRow[]> {
  const tokenizer = new CsvTokenizer({ separator });
  let headerPending = true;
  const split = function* (rows: CsvRow[]): Generator<CsvRow[]> {
    if (headerPending && rows.length > 0) {
      headerPending = false;
      yield rows.slice(0, 1);
      rows = rows.slice(1);
    }
    if (rows.length > 0) {
      yield rows;
    }
  };
  for await (const chunk of chunks) {
    yield* split(tokenizer.push(chunk));
  }
  yield* split(tokenizer.end());
}

function fileIssue(file: string | null, message: string): ReadIssue {
  return { file, line: null, column: null, value: null, message, severity: 'error' };
}

function* issueEvents(issues: readonly ReadIssue[]): Generator<ReadEvent> {
  for (const issue of issues) {
    yield { kind: 'issue', issue };
  }
}
