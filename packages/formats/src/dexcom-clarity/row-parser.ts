import { parseLocalDateTime } from '@phoenix/domain';
import { CUT_OFF_ROW_MESSAGE, type CsvRow } from '../core/csv-tokenizer.ts';
import type { ReadIssue } from '../core/types.ts';
import { parseEventName, type ClarityEvent } from './dialect.ts';
import { parseBody, type RecordBody } from './row-bodies.ts';
import { cell, rowIssue, type RowContext } from './row-context.ts';

/** A data row turned into record fields, waiting for its time to be resolved. */
export interface DataDraft {
  body: RecordBody;
  line: number;
  sourceRowId: string;
  deviceTime: string;
  /** Device time read as if it were UTC, in milliseconds. */
  wallMs: number;
  transmitterId: string | null;
  transmitterTimeSec: number | null;
  sourceDeviceId: string;
}

/** Result of parsing one row after the header. */
export type ParsedRow =
  | { kind: 'blank' }
  | { kind: 'preamble'; event: ClarityEvent | null }
  | { kind: 'data'; draft: DataDraft; issues: ReadIssue[] }
  | { kind: 'rejected'; issues: ReadIssue[] };

const PREAMBLE_EVENTS: ReadonlySet<ClarityEvent | null> = new Set<ClarityEvent | null>([
  'alert',
  'device',
  'firstName',
  'lastName',
  null,
]);

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

  const event = parseEventName(cell(context, row, 'eventType'));
  const timestamp = cell(context, row, 'timestamp');
  if (timestamp === '' && context.inPreamble && PREAMBLE_EVENTS.has(event)) {
    return { kind: 'preamble', event };
  }
  if (event === null) {
    const message =
      'Unknown event type. Expected EGV, Calibration, Insulin, Carbs, Exercise, Health or Alert.';
    return { kind: 'rejected', issues: [rowIssue(context, row, 'eventType', message)] };
  }

  const wallMs = parseLocalDateTime(timestamp);
  if (wallMs === null) {
    const message = 'Invalid timestamp. Expected YYYY-MM-DDThh:mm:ss.';
    return { kind: 'rejected', issues: [rowIssue(context, row, 'timestamp', message)] };
  }
  return parseDataRow(context, row, event, timestamp, wallMs);
}

function parseDataRow(
  context: RowContext,
  row: CsvRow,
  event: ClarityEvent,
  deviceTime: string,
  wallMs: number,
): ParsedRow {
  const issues: ReadIssue[] = [];
  const body = parseBody(context, row, event, issues);
  if (body === null) {
    return { kind: 'rejected', issues };
  }

  const transmitterId = cell(context, row, 'transmitterId');
  const draft: DataDraft = {
    body,
    line: row.line,
    sourceRowId: cell(context, row, 'index'),
    deviceTime,
    wallMs,
    transmitterId: transmitterId === '' ? null : transmitterId,
    transmitterTimeSec: body.type === 'cbg' ? (body.transmitterTimeSec ?? null) : null,
    sourceDeviceId: cell(context, row, 'sourceDeviceId'),
  };
  return { kind: 'data', draft, issues };
}
