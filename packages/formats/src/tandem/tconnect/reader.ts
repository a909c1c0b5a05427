import { assertTimeZone } from '@phoenix/domain';
import { CUT_OFF_ROW_MESSAGE, type CsvRow } from '../../core/csv-tokenizer.ts';
import type { ReadEvent, ReadIssue, ReadOptions } from '../../core/types.ts';
import { fileIssue, issueEvents, RecordEmitter, type RowDevice } from '../shared/emitter.ts';
import { tandemDeviceId, type TandemSettings } from '../shared/record-body.ts';
import { readWallTime } from '../shared/records.ts';
import { RowCells } from '../shared/row-cells.ts';
import { isBlankRow, rowBatches } from '../shared/rows.ts';
import { parseBodies, TIME_COLUMN } from './bodies.ts';
import {
  isPreambleRow,
  rowNames,
  sectionOfHeader,
  TCONNECT_FORMAT_ID,
  type SectionKind,
} from './sections.ts';

/**
 * Reads a t:connect Therapy Timeline export; see `FormatModule.read` and `sections.ts` for the
 * layout. Sections may come in any order, each sorted oldest first. Records come in file order,
 * a `pumpSettings` record with the preamble and the pump before the first. Times in the
 * repeated autumn hour are resolved from the order of each section's rows (`RecordEmitter`).
 * IOB and bolus rows name no pump, so they take the serial number of the last reading row
 * before them. Throws only for an unknown time zone.
 */
export async function* readTConnect(
  chunks: AsyncIterable<string>,
  options: ReadOptions,
): AsyncGenerator<ReadEvent> {
  assertTimeZone(options.timezone);
  const session = new TConnectSession(options.fileName ?? null, options.timezone);
  for await (const rows of rowBatches(chunks)) {
    for (const row of rows) {
      yield* session.readRow(row);
    }
  }
  yield* session.finish();
}

interface Section {
  kind: SectionKind | 'unknown';
  header: string[];
}

class TConnectSession {
  private readonly preamble: Partial<TandemSettings> = {
    hasPreamble: false,
    reportGeneratedOn: null,
  };
  private emitter: RecordEmitter | null = null;
  private section: Section | null = null;
  private headerMissingReported = false;
  private serialNumber: string | null = null;

  constructor(
    private readonly fileName: string | null,
    private readonly timezone: string,
  ) {}

  *readRow(row: CsvRow): Generator<ReadEvent> {
    if (row.error !== undefined) {
      yield {
        kind: 'issue',
        issue: fileIssue(this.fileName, row.line, `Malformed row: ${row.error}.`),
      };
      return;
    }
    if (isBlankRow(row)) {
      yield* this.endSection();
      this.section = null;
      this.headerMissingReported = false;
      return;
    }
    if (row.unterminated) {
      yield { kind: 'issue', issue: fileIssue(this.fileName, row.line, CUT_OFF_ROW_MESSAGE) };
      return;
    }
    const kind = sectionOfHeader(row.fields);
    if (kind !== null) {
      yield* this.openSection(kind, row);
    } else if (isPreambleRow(row.fields)) {
      this.readPreambleRow(row.fields);
    } else {
      yield* this.readDataRow(row);
    }
  }

  *finish(): Generator<ReadEvent> {
    yield* this.endSection();
    if ((this.emitter?.dataRecords ?? 0) === 0) {
      const message = 'No usable rows. The file contains no readable reading, IOB or bolus row.';
      yield { kind: 'issue', issue: fileIssue(this.fileName, null, message) };
    }
  }

  private *endSection(): Generator<ReadEvent> {
    if (this.emitter !== null) {
      yield* this.emitter.endSection();
    }
  }

  private *openSection(kind: SectionKind | 'unknown', row: CsvRow): Generator<ReadEvent> {
    yield* this.endSection();
    const header = row.fields.map((field) => field.trim());
    while (header.at(-1) === '') {
      header.pop();
    }
    this.section = { kind, header };
    this.headerMissingReported = false;
    if (kind === 'unknown') {
      const name = header.join(',').slice(0, 60);
      const message = `Section "${name}" is not read, so its rows are skipped.`;
      yield {
        kind: 'issue',
        issue: { ...fileIssue(this.fileName, row.line, message), severity: 'warning' },
      };
    }
  }

  private readPreambleRow(fields: readonly string[]): void {
    this.preamble.hasPreamble = true;
    if (fields[0]?.trim() === 'Report Generated On') {
      this.preamble.reportGeneratedOn = fields.slice(1).join(',').trim();
    }
  }

  private *readDataRow(row: CsvRow): Generator<ReadEvent> {
    const section = this.section;
    if (section === null) {
      yield* this.reportMissingHeader(row);
      return;
    }
    if (section.kind === 'unknown') {
      return;
    }

    const issues: ReadIssue[] = [];
    const names = rowNames(section.kind, section.header, row.fields);
    const cells = new RowCells(names, row, this.fileName, issues, [TIME_COLUMN]);
    const time = readWallTime(cells, TIME_COLUMN);
    const bodies = time === null ? [] : parseBodies(cells, section.kind);
    yield* issueEvents(issues);
    if (time === null || bodies.length === 0) {
      return;
    }

    const device = this.rowDevice(cells, section.kind);
    this.emitter ??= new RecordEmitter(
      TCONNECT_FORMAT_ID,
      this.fileName,
      this.timezone,
      this.preamble,
    );
    const deviceId = tandemDeviceId(device.serialNumber);
    const sourceCells = cells.leftovers();
    yield* this.emitter.add({ bodies, time, line: row.line, deviceId, device, sourceCells });
  }

  /** Reports the first row of a block that follows a blank line without a header row. */
  private *reportMissingHeader(row: CsvRow): Generator<ReadEvent> {
    if (this.headerMissingReported) {
      return;
    }
    this.headerMissingReported = true;
    const message = 'Section has no header row. Its rows are skipped until the next header row.';
    yield { kind: 'issue', issue: fileIssue(this.fileName, row.line, message) };
  }

  private rowDevice(cells: RowCells, kind: SectionKind): RowDevice {
    if (kind !== 'readings') {
      return { deviceType: null, serialNumber: this.serialNumber };
    }
    this.serialNumber = cells.text('SerialNumber') || this.serialNumber;
    return { deviceType: cells.text('DeviceType') || null, serialNumber: this.serialNumber };
  }
}
