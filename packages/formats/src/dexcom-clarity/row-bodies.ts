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
  parseRangeLabel,
  type ClarityColumn,
  type ClarityEvent,
} from './dialect.ts';
import { cell, rowIssue, type RowContext } from './row-context.ts';
import { parseDecimal, parseDurationMs, parseInteger } from './values.ts';

const MAX_GLUCOSE_MG_DL = PLAUSIBILITY.glucoseMgDl.max;
const MAX_INSULIN_UNITS = PLAUSIBILITY.bolusUnits.max;
const MAX_CARBS_GRAMS = PLAUSIBILITY.carbsGrams.max;
const MAX_RATE_MG_DL_PER_MIN = PLAUSIBILITY.rateMgDlPerMin.max;

type Body<T extends BaseRecord> = Omit<T, keyof BaseRecord> & { type: T['type'] };

/** The type-specific fields of a record read from one row. */
export type RecordBody =
  | Body<CbgRecord>
  | Body<SmbgRecord>
  | Body<BolusRecord>
  | Body<FoodRecord>
  | Body<DeviceEventRecord>;

/**
 * Reads the type-specific fields of a data row for `event`. Pushes an issue and returns null
 * when the row yields no record.
 */
export function parseBody(
  context: RowContext,
  row: CsvRow,
  event: ClarityEvent,
  issues: ReadIssue[],
): RecordBody | null {
  switch (event) {
    case 'egv':
      return parseEgv(context, row, issues);
    case 'calibration':
      return parseCalibration(context, row, issues);
    case 'insulin':
      return parseInsulin(context, row, issues);
    case 'carbs':
      return parseCarbs(context, row, issues);
    case 'exercise':
    case 'health':
    case 'alert':
      return parseDeviceEvent(context, row, event, issues);
    default:
      issues.push(
        rowIssue(
          context,
          row,
          'eventType',
          'FirstName, LastName and Device rows take no timestamp.',
        ),
      );
      return null;
  }
}

/**
 * Reads the glucose cell: a number in the file's unit, or an out-of-range label (`Low`, `High`,
 * `Niedrig`, `Hoch`). Pushes an issue and returns null for anything else.
 */
function parseGlucose(context: RowContext, row: CsvRow, issues: ReadIssue[]): GlucoseFields | null {
  const text = cell(context, row, 'glucose');
  const sourceUnits = context.header.variant.units;
  const outOfRange = parseRangeLabel(text);
  if (outOfRange !== null) {
    const thresholdMgDl = outOfRange === 'low' ? LOW_THRESHOLD_MG_DL : HIGH_THRESHOLD_MG_DL;
    return { valueMgDl: null, outOfRange, thresholdMgDl, sourceUnits };
  }

  if (text === '') {
    issues.push(rowIssue(context, row, 'glucose', 'Missing glucose value.'));
    return null;
  }
  const value = parseDecimal(text, context.decimalComma);
  if (Number.isNaN(value)) {
    issues.push(
      rowIssue(context, row, 'glucose', 'Invalid glucose value. Expected a number, Low or High.'),
    );
    return null;
  }
  const valueMgDl = sourceUnits === 'mmol/L' ? mmolLToMgDl(value) : value;
  if (valueMgDl < 0 || valueMgDl > MAX_GLUCOSE_MG_DL) {
    const message = `Implausible glucose value. Expected 0–${MAX_GLUCOSE_MG_DL} mg/dL.`;
    issues.push(rowIssue(context, row, 'glucose', message));
    return null;
  }
  return { valueMgDl, outOfRange: null, thresholdMgDl: null, sourceUnits };
}

/** Reads an optional number cell; pushes a warning and returns null when it is not a number. */
function optionalNumber(
  context: RowContext,
  row: CsvRow,
  column: ClarityColumn,
  issues: ReadIssue[],
  parse: (text: string) => number,
): number | null {
  const text = cell(context, row, column);
  if (text === '') {
    return null;
  }
  const value = parse(text);
  if (Number.isNaN(value)) {
    issues.push(
      rowIssue(context, row, column, 'Invalid number. The field is left empty.', 'warning'),
    );
    return null;
  }
  return value;
}

function parseEgv(context: RowContext, row: CsvRow, issues: ReadIssue[]): Body<CbgRecord> | null {
  const glucose = parseGlucose(context, row, issues);
  if (glucose === null) {
    return null;
  }
  const rate = optionalNumber(context, row, 'rate', issues, (text) =>
    parseDecimal(text, context.decimalComma),
  );
  let rateMgDlPerMin = rate !== null && glucose.sourceUnits === 'mmol/L' ? mmolLToMgDl(rate) : rate;
  if (rateMgDlPerMin !== null && Math.abs(rateMgDlPerMin) > MAX_RATE_MG_DL_PER_MIN) {
    const message = `Implausible rate of change. Expected at most ${MAX_RATE_MG_DL_PER_MIN} mg/dL/min either way, so the field is left empty.`;
    issues.push(rowIssue(context, row, 'rate', message, 'warning'));
    rateMgDlPerMin = null;
  }
  const transmitterId = cell(context, row, 'transmitterId');
  return {
    type: 'cbg',
    ...glucose,
    rateMgDlPerMin,
    transmitterTimeSec: optionalNumber(context, row, 'transmitterTime', issues, parseInteger),
    transmitterId: transmitterId === '' ? null : transmitterId,
  };
}

function parseCalibration(
  context: RowContext,
  row: CsvRow,
  issues: ReadIssue[],
): Body<SmbgRecord> | null {
  const glucose = parseGlucose(context, row, issues);
  if (glucose === null) {
    return null;
  }
  const transmitterId = cell(context, row, 'transmitterId');
  return {
    type: 'smbg',
    subType: 'calibration',
    ...glucose,
    transmitterId: transmitterId === '' ? null : transmitterId,
  };
}

/** Reads a required amount in [0, max]; pushes an issue and returns null otherwise. */
function requiredAmount(
  context: RowContext,
  row: CsvRow,
  column: ClarityColumn,
  max: number,
  issues: ReadIssue[],
): number | null {
  const text = cell(context, row, column);
  const value = parseDecimal(text, context.decimalComma);
  if (text === '' || Number.isNaN(value)) {
    issues.push(rowIssue(context, row, column, text === '' ? 'Missing value.' : 'Invalid number.'));
    return null;
  }
  if (value < 0 || value > max) {
    issues.push(rowIssue(context, row, column, `Implausible value. Expected 0–${max}.`));
    return null;
  }
  return value;
}

function parseInsulin(
  context: RowContext,
  row: CsvRow,
  issues: ReadIssue[],
): Body<BolusRecord> | null {
  const units = requiredAmount(context, row, 'insulin', MAX_INSULIN_UNITS, issues);
  if (units === null) {
    return null;
  }
  const kind = cell(context, row, 'eventSubtype');
  return {
    type: 'bolus',
    subType: 'normal',
    normalUnits: units,
    extendedUnits: null,
    durationMs: null,
    insulinKind: kind === '' ? null : kind,
  };
}

function parseCarbs(
  context: RowContext,
  row: CsvRow,
  issues: ReadIssue[],
): Body<FoodRecord> | null {
  const carbsGrams = requiredAmount(context, row, 'carbs', MAX_CARBS_GRAMS, issues);
  return carbsGrams === null ? null : { type: 'food', carbsGrams };
}

const DEVICE_EVENT_SUBTYPES = { exercise: 'exercise', health: 'health', alert: 'alarm' } as const;

function parseDeviceEvent(
  context: RowContext,
  row: CsvRow,
  event: 'exercise' | 'health' | 'alert',
  issues: ReadIssue[],
): Body<DeviceEventRecord> {
  const detail = cell(context, row, 'eventSubtype');
  const glucose = optionalNumber(context, row, 'glucose', issues, (text) =>
    parseDecimal(text, context.decimalComma),
  );
  const valueMgDl =
    glucose !== null && context.header.variant.units === 'mmol/L' ? mmolLToMgDl(glucose) : glucose;
  return {
    type: 'deviceEvent',
    subType: DEVICE_EVENT_SUBTYPES[event],
    detail: detail === '' ? null : detail,
    durationMs: optionalNumber(context, row, 'duration', issues, parseDurationMs),
    valueMgDl,
  };
}
