import {
  mmolLToMgDl,
  PLAUSIBILITY,
  type BaseRecord,
  type BolusRecord,
  type CbgRecord,
  type DeviceEventRecord,
  type FoodRecord,
  type GlucoseFields,
  type SmbgRecord,
} from '@phoenix/domain';
import type { CsvRow } from '../core/csv-tokenizer.ts';
import type { ReadIssue } from '../core/types.ts';
import {
  HIGH_THRESHOLD_MG_DL,
  LOW_THRESHOLD_MG_DL,
  RANGE_LIMIT_TEXT,
  type LibreViewColumn,
  type LibreViewRecordKind,
} from './dialect.ts';
import { cell, rowIssue, type RowContext } from './row-context.ts';

type Body<T extends BaseRecord> = Omit<T, keyof BaseRecord> & { type: T['type'] };

/** The type-specific fields of a record read from one row. */
export type RecordBody =
  | Body<CbgRecord>
  | Body<SmbgRecord>
  | Body<BolusRecord>
  | Body<FoodRecord>
  | Body<DeviceEventRecord>;

/** `insulinKind` of boluses read from the two insulin columns. */
export const RAPID_ACTING = 'Rapid-Acting';
export const LONG_ACTING = 'Long-Acting';

/** Blood ketone meters read 0.0–8.0 mmol/L; anything above 10 is not a reading. */
const MAX_KETONE_MMOL_L = 10;
const DECIMAL = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * Columns this module does not read, because the canonical model has no field for them: the
 * non-numeric entries, servings, and the meal, correction and user-change parts of a
 * rapid-acting dose (whose total is read).
 */
const UNREAD_COLUMNS: readonly LibreViewColumn[] = [
  'nonNumericRapidInsulin',
  'nonNumericFood',
  'carbsServings',
  'nonNumericLongInsulin',
  'mealInsulin',
  'correctionInsulin',
  'userChangeInsulin',
];

/**
 * Reads the record bodies of a row of `kind`: none when the row is rejected (with an error in
 * `issues`), two for an insulin row with both a rapid- and a long-acting dose.
 */
export function parseBodies(
  context: RowContext,
  row: CsvRow,
  kind: LibreViewRecordKind,
  issues: ReadIssue[],
): RecordBody[] {
  reportUnreadColumns(context, row, issues);
  const one = (body: RecordBody | null): RecordBody[] => (body === null ? [] : [body]);
  switch (kind) {
    case 'historic':
      return one(cbgBody(parseGlucose(context, row, 'historicGlucose', true, issues)));
    case 'scan':
      return one(cbgBody(parseGlucose(context, row, 'scanGlucose', true, issues)));
    case 'strip':
      return one(smbgBody(parseGlucose(context, row, 'stripGlucose', false, issues)));
    case 'ketone':
      return one(parseKetone(context, row, issues));
    case 'insulin':
      return parseInsulin(context, row, issues);
    case 'food':
      return one(parseFood(context, row, issues));
    case 'note':
      return [noteBody(cell(context, row, 'notes'))];
  }
}

/** Warns once per file about each column with content that this module does not read. */
function reportUnreadColumns(context: RowContext, row: CsvRow, issues: ReadIssue[]): void {
  for (const column of UNREAD_COLUMNS) {
    if (context.reportedColumns.has(column) || cell(context, row, column) === '') {
      continue;
    }
    context.reportedColumns.add(column);
    const message =
      'Column not read: the canonical model has no field for it. Later cells of this column are skipped without a warning.';
    issues.push(rowIssue(context, row, column, message, 'warning'));
  }
}

/** Parses a decimal number with a decimal point; returns NaN for anything else. */
export function parseDecimal(text: string): number {
  return DECIMAL.test(text) ? Number(text) : Number.NaN;
}

/**
 * Reads a glucose cell in the file's unit. For sensor readings (`sensor`), the floor and ceiling
 * values mean out of range and become `low` and `high` with the threshold in mg/dL.
 */
function parseGlucose(
  context: RowContext,
  row: CsvRow,
  column: LibreViewColumn,
  sensor: boolean,
  issues: ReadIssue[],
): GlucoseFields | null {
  const text = cell(context, row, column);
  const sourceUnits = context.header.units;
  if (text === '') {
    issues.push(rowIssue(context, row, column, 'Missing glucose value.'));
    return null;
  }
  const value = parseDecimal(text);
  if (Number.isNaN(value)) {
    issues.push(rowIssue(context, row, column, 'Invalid glucose value. Expected a number.'));
    return null;
  }

  const limits = RANGE_LIMIT_TEXT[sourceUnits];
  if (sensor && value === Number(limits.low)) {
    return { valueMgDl: null, outOfRange: 'low', thresholdMgDl: LOW_THRESHOLD_MG_DL, sourceUnits };
  }
  if (sensor && value === Number(limits.high)) {
    return {
      valueMgDl: null,
      outOfRange: 'high',
      thresholdMgDl: HIGH_THRESHOLD_MG_DL,
      sourceUnits,
    };
  }
  const valueMgDl = sourceUnits === 'mmol/L' ? mmolLToMgDl(value) : value;
  const max = PLAUSIBILITY.glucoseMgDl.max;
  if (valueMgDl <= 0 || valueMgDl > max) {
    issues.push(
      rowIssue(context, row, column, `Implausible glucose value. Expected 0–${max} mg/dL.`),
    );
    return null;
  }
  return { valueMgDl, outOfRange: null, thresholdMgDl: null, sourceUnits };
}

function cbgBody(glucose: GlucoseFields | null): Body<CbgRecord> | null {
  return glucose === null ? null : { type: 'cbg', ...glucose };
}

/**
 * Builds a strip reading, taken by the meter built into a FreeStyle Libre reader rather than
 * typed in by hand.
 */
function smbgBody(glucose: GlucoseFields | null): Body<SmbgRecord> | null {
  return glucose === null ? null : { type: 'smbg', subType: 'linked', ...glucose };
}

/**
 * Reads a blood ketone reading as a `ketone` device event, because the canonical model has no
 * ketone record. The detail is the value in mmol/L with one decimal: `0.6 mmol/L`.
 */
function parseKetone(
  context: RowContext,
  row: CsvRow,
  issues: ReadIssue[],
): Body<DeviceEventRecord> | null {
  const value = optionalAmount(context, row, 'ketone', MAX_KETONE_MMOL_L, issues);
  if (value === null) {
    if (!issues.some((issue) => issue.severity === 'error')) {
      issues.push(rowIssue(context, row, 'ketone', 'Missing ketone value.'));
    }
    return null;
  }
  return {
    type: 'deviceEvent',
    subType: 'ketone',
    detail: `${value.toFixed(1)} mmol/L`,
    valueMgDl: null,
  };
}

function parseInsulin(context: RowContext, row: CsvRow, issues: ReadIssue[]): Body<BolusRecord>[] {
  const max = PLAUSIBILITY.bolusUnits.max;
  const bodies: Body<BolusRecord>[] = [];
  const rapid = optionalAmount(context, row, 'rapidInsulin', max, issues);
  const long = optionalAmount(context, row, 'longInsulin', max, issues);
  for (const [units, insulinKind] of [
    [rapid, RAPID_ACTING],
    [long, LONG_ACTING],
  ] as const) {
    if (units !== null) {
      bodies.push({
        type: 'bolus',
        subType: 'normal',
        normalUnits: units,
        extendedUnits: null,
        durationMs: null,
        insulinKind,
      });
    }
  }
  if (bodies.length === 0 && !issues.some((issue) => issue.severity === 'error')) {
    const message =
      'Missing insulin amount. Expected a number of units in a rapid- or long-acting insulin column.';
    issues.push(rowIssue(context, row, 'rapidInsulin', message));
  }
  return bodies;
}

function parseFood(context: RowContext, row: CsvRow, issues: ReadIssue[]): Body<FoodRecord> | null {
  const carbsGrams = optionalAmount(
    context,
    row,
    'carbsGrams',
    PLAUSIBILITY.carbsGrams.max,
    issues,
  );
  if (carbsGrams === null) {
    if (!issues.some((issue) => issue.severity === 'error')) {
      issues.push(rowIssue(context, row, 'carbsGrams', 'Missing carbohydrates in grams.'));
    }
    return null;
  }
  return { type: 'food', carbsGrams };
}

function noteBody(text: string): Body<DeviceEventRecord> {
  return {
    type: 'deviceEvent',
    subType: 'note',
    detail: text === '' ? null : text,
    valueMgDl: null,
  };
}

/** Reads an amount in [0, max] from an optional cell; pushes an error for a bad one. */
function optionalAmount(
  context: RowContext,
  row: CsvRow,
  column: LibreViewColumn,
  max: number,
  issues: ReadIssue[],
): number | null {
  const text = cell(context, row, column);
  if (text === '') {
    return null;
  }
  const value = parseDecimal(text);
  if (Number.isNaN(value)) {
    issues.push(rowIssue(context, row, column, 'Invalid number.'));
    return null;
  }
  if (value < 0 || value > max) {
    issues.push(rowIssue(context, row, column, `Implausible value. Expected 0–${max}.`));
    return null;
  }
  return value;
}
