import { CUT_OFF_ROW_MESSAGE, type CsvRow } from '../core/csv-tokenizer.ts';
import type { ReadIssue } from '../core/types.ts';
import { expectedFormats, splitTimestamp, type TimestampParts } from './dates.ts';
import { deviceModel, RECORD_TYPES, type LibreViewRecordKind } from './dialect.ts';
import { parseBodies, type RecordBody } from './row-bodies.ts';
import { cell, rowIssue, type RowContext } from './row-context.ts';

/** A data row turned into record fields, waiting for the file's date order. */
export interface LibreViewDraft {
  kind: LibreViewRecordKind;
  bodies: RecordBody[];
  line: number;
  timestamp: TimestampParts;
  /** The Device Timestamp cell as written, for issues. */
  timestampText: string;
  /** Device-ID model part from the Device column: `freestyle-librelink`. */
  model: string;
  serialNumber: string;
}

/** Result of parsing one row after the header. */
export type ParsedRow =
  | { kind: 'blank' }
  | { kind: 'data'; draft: LibreViewDraft; issues: ReadIssue[] }
  | { kind: 'rejected'; issues: ReadIssue[] };

const KIND_BY_CODE = new Map<string, LibreViewRecordKind>(
  Object.entries(RECORD_TYPES).map(([kind, code]) => [String(code), kind as LibreViewRecordKind]),
);

/** Classifies one row after the header and turns a data row into a draft. */
export function parseRow(context: RowContext, row: CsvRow): ParsedRow {
  if (row.fields.every((field) => field.trim() === '')) {
    return { kind: 'blank' };
  }
  if (row.error !== undefined) {
    return {
      kind: 'rejected',
      issues: [rowIssue(context, row, null, `Malformed row: ${row.error}.`)],
    };
  }
  if (row.unterminated) {
    return { kind: 'rejected', issues: [rowIssue(context, row, null, CUT_OFF_ROW_MESSAGE)] };
  }

  const kind = KIND_BY_CODE.get(cell(context, row, 'recordType'));
  if (kind === undefined) {
    const message =
      'Unknown record type. Expected 0 (historic glucose), 1 (scan), 2 (strip), 3 (ketone), 4 (insulin), 5 (food) or 6 (notes).';
    return { kind: 'rejected', issues: [rowIssue(context, row, 'recordType', message)] };
  }
  const timestampText = cell(context, row, 'deviceTimestamp');
  const timestamp = splitTimestamp(timestampText);
  if (timestamp === null) {
    const message = `Invalid timestamp. Expected ${expectedFormats(null)}.`;
    return { kind: 'rejected', issues: [rowIssue(context, row, 'deviceTimestamp', message)] };
  }

  const issues: ReadIssue[] = [];
  const bodies = parseBodies(context, row, kind, issues);
  if (bodies.length === 0) {
    return { kind: 'rejected', issues };
  }
  const draft: LibreViewDraft = {
    kind,
    bodies,
    line: row.line,
    timestamp,
    timestampText,
    model: deviceModel(cell(context, row, 'device')),
    serialNumber: cell(context, row, 'serialNumber'),
  };
  return { kind: 'data', draft, issues };
}
