import {
  mmolLToMgDl,
  PLAUSIBILITY,
  type BaseRecord,
  type BasalRecord,
  type BolusRecord,
  type CbgRecord,
  type DeviceEventRecord,
  type FoodRecord,
  type GlucoseFields,
  type SmbgRecord,
  type WizardRecord,
} from '@phoenix/domain';
import type { CsvRow } from '../core/csv-tokenizer.ts';
import type { ReadIssue } from '../core/types.ts';
import {
  BASAL_TYPE_NAMES,
  MANUAL_READING_MARK,
  type BasalDeliveryType,
  type GlookoColumn,
} from './dialect.ts';
import { cell, rowIssue, type TableContext } from './table-context.ts';
import { parseGlookoNumber } from './values.ts';

type Body<T extends BaseRecord> = Omit<T, keyof BaseRecord> & { type: T['type'] };

/** The type-specific fields of a record read from one row. */
export type RecordBody =
  | Body<CbgRecord>
  | Body<SmbgRecord>
  | Body<BolusRecord>
  | Body<WizardRecord>
  | Body<BasalRecord>
  | Body<FoodRecord>
  | Body<DeviceEventRecord>;

const MS_PER_MINUTE = 60_000;
/** Upper bound of a carbohydrate ratio in grams per unit; pump settings stay far below it. */
const MAX_CARB_RATIO = 500;

/**
 * Reads the record bodies of a row of the context's table: none when the row is rejected (with
 * an error in `issues`) or its table is not read, two for a bolus row with calculator input.
 */
export function parseBodies(context: TableContext, row: CsvRow, issues: ReadIssue[]): RecordBody[] {
  const one = (body: RecordBody | null): RecordBody[] => (body === null ? [] : [body]);
  switch (context.header.table) {
    case 'cgm':
      return one(glucoseBody('cbg', parseGlucose(context, row, 'cgmGlucose', issues)));
    case 'bg':
      return one(smbgBody(context, row, parseGlucose(context, row, 'bgGlucose', issues)));
    case 'carbs':
      return one(parseCarbs(context, row, issues));
    case 'alarms':
      return one(parseAlarm(context, row, issues));
    case 'bolus':
      return parseBolus(context, row, issues);
    case 'basal':
      return one(parseBasal(context, row, issues));
    case 'insulin':
      reportOnce(
        context,
        row,
        'totalInsulin',
        issues,
        'Daily insulin totals are not read: the canonical model has no record for them, and the boluses and basal rates they sum are read from their own tables. Later rows of this table are skipped without a warning.',
      );
      return [];
  }
}

function parseGlucose(
  context: TableContext,
  row: CsvRow,
  column: GlookoColumn,
  issues: ReadIssue[],
): GlucoseFields | null {
  const text = cell(context, row, column);
  if (text === '') {
    issues.push(rowIssue(context, row, column, 'Missing glucose value.'));
    return null;
  }
  const value = parseGlookoNumber(text, context.header.language);
  if (Number.isNaN(value)) {
    issues.push(rowIssue(context, row, column, 'Invalid glucose value. Expected a number.'));
    return null;
  }
  const sourceUnits = context.header.units ?? 'mg/dL';
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

function glucoseBody(type: 'cbg', glucose: GlucoseFields | null): Body<CbgRecord> | null {
  return glucose === null ? null : { type, ...glucose };
}

/** Builds a meter reading: `manual` when the Manual Reading column has `M`, else `linked`. */
function smbgBody(
  context: TableContext,
  row: CsvRow,
  glucose: GlucoseFields | null,
): Body<SmbgRecord> | null {
  if (glucose === null) {
    return null;
  }
  const manual = cell(context, row, 'manualReading').toUpperCase() === MANUAL_READING_MARK;
  return { type: 'smbg', subType: manual ? 'manual' : 'linked', ...glucose };
}

function parseCarbs(
  context: TableContext,
  row: CsvRow,
  issues: ReadIssue[],
): Body<FoodRecord> | null {
  const carbsGrams = amount(context, row, 'carbs', PLAUSIBILITY.carbsGrams.max, issues);
  if (carbsGrams === null) {
    requireError(context, row, 'carbs', 'Missing carbohydrates in grams.', issues);
    return null;
  }
  return { type: 'food', carbsGrams };
}

function parseAlarm(
  context: TableContext,
  row: CsvRow,
  issues: ReadIssue[],
): Body<DeviceEventRecord> | null {
  const text = cell(context, row, 'alarmEvent');
  if (text === '') {
    issues.push(rowIssue(context, row, 'alarmEvent', 'Missing alarm or event name.'));
    return null;
  }
  return { type: 'deviceEvent', subType: 'alarm', detail: text, valueMgDl: null };
}

/**
 * Reads a bolus row. Without Initial and Extended Delivery the whole dose is immediate; with
 * them, the initial part is `normalUnits` and the extended part `extendedUnits`. Calculator
 * input (glucose, carbohydrates, ratio) becomes a `wizard` record at the same time.
 */
function parseBolus(context: TableContext, row: CsvRow, issues: ReadIssue[]): RecordBody[] {
  const maxUnits = PLAUSIBILITY.bolusUnits.max;
  const delivered = amount(context, row, 'insulinDelivered', maxUnits, issues);
  const initial = amount(context, row, 'initialDelivery', maxUnits, issues);
  const extended = amount(context, row, 'extendedDelivery', maxUnits, issues);
  const wizard = parseWizard(context, row, issues);
  if (issues.some((issue) => issue.severity === 'error')) {
    return [];
  }
  const split = initial !== null || extended !== null;
  if (!split && delivered === null) {
    issues.push(rowIssue(context, row, 'insulinDelivered', 'Missing insulin amount.'));
    return [];
  }

  const normalUnits = split ? initial : delivered;
  const extendedUnits = split ? extended : null;
  let subType: BolusRecord['subType'] = 'normal';
  if ((extendedUnits ?? 0) > 0) {
    subType = (normalUnits ?? 0) > 0 ? 'dual/square' : 'square';
  }
  const insulinType = cell(context, row, 'insulinType');
  const bolus: Body<BolusRecord> = {
    type: 'bolus',
    subType,
    normalUnits,
    extendedUnits,
    durationMs: null,
    insulinKind: insulinType === '' ? null : insulinType,
  };
  return wizard === null ? [bolus] : [bolus, wizard];
}

function parseWizard(
  context: TableContext,
  row: CsvRow,
  issues: ReadIssue[],
): Body<WizardRecord> | null {
  const columns: GlookoColumn[] = ['bgInput', 'carbsInput', 'carbsRatio'];
  if (columns.every((column) => cell(context, row, column) === '')) {
    return null;
  }
  const bgInput = amount(context, row, 'bgInput', PLAUSIBILITY.glucoseMgDl.max, issues);
  const mmol = context.header.units === 'mmol/L';
  return {
    type: 'wizard',
    carbsGrams: amount(context, row, 'carbsInput', PLAUSIBILITY.carbsGrams.max, issues),
    recommendedUnits: null,
    bgInputMgDl: bgInput !== null && mmol ? mmolLToMgDl(bgInput) : bgInput,
    insulinOnBoardUnits: null,
    insulinCarbRatio: amount(context, row, 'carbsRatio', MAX_CARB_RATIO, issues),
  };
}

/** Reads a basal row; Percentage and Insulin Delivered are not held by the canonical model. */
function parseBasal(
  context: TableContext,
  row: CsvRow,
  issues: ReadIssue[],
): Body<BasalRecord> | null {
  const name = cell(context, row, 'insulinType');
  const deliveryType = basalType(name);
  if (deliveryType === null) {
    const names = Object.values(BASAL_TYPE_NAMES[context.header.language]).join(', ');
    issues.push(
      rowIssue(context, row, 'insulinType', `Unknown basal type. Expected one of ${names}.`),
    );
    return null;
  }
  for (const column of ['percentage', 'insulinDelivered'] as const) {
    if (cell(context, row, column) !== '') {
      const message =
        'Column not read: the canonical basal record has no field for it. Later cells of this column are skipped without a warning.';
      reportOnce(context, row, column, issues, message);
    }
  }
  const minutes = amount(
    context,
    row,
    'durationMinutes',
    PLAUSIBILITY.basalDurationMs.max / MS_PER_MINUTE,
    issues,
  );
  const rate = amount(context, row, 'rate', PLAUSIBILITY.basalUnitsPerHour.max, issues);
  if (issues.some((issue) => issue.severity === 'error')) {
    return null;
  }
  return {
    type: 'basal',
    deliveryType,
    rateUnitsPerHour: rate,
    durationMs: minutes === null ? null : minutes * MS_PER_MINUTE,
  };
}

function basalType(name: string): BasalDeliveryType | null {
  const lower = name.toLowerCase();
  for (const names of Object.values(BASAL_TYPE_NAMES)) {
    for (const [type, typeName] of Object.entries(names)) {
      if (typeName.toLowerCase() === lower) {
        return type as BasalDeliveryType;
      }
    }
  }
  return null;
}

/** Reads an optional amount in [0, max]; pushes an error for a bad one. */
function amount(
  context: TableContext,
  row: CsvRow,
  column: GlookoColumn,
  max: number,
  issues: ReadIssue[],
): number | null {
  const text = cell(context, row, column);
  if (text === '') {
    return null;
  }
  const value = parseGlookoNumber(text, context.header.language);
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

function requireError(
  context: TableContext,
  row: CsvRow,
  column: GlookoColumn,
  message: string,
  issues: ReadIssue[],
): void {
  if (!issues.some((issue) => issue.severity === 'error')) {
    issues.push(rowIssue(context, row, column, message));
  }
}

/** Pushes a warning about `column` the first time it has content in this table. */
function reportOnce(
  context: TableContext,
  row: CsvRow,
  column: GlookoColumn,
  issues: ReadIssue[],
  message: string,
): void {
  if (context.reportedColumns.has(column)) {
    return;
  }
  context.reportedColumns.add(column);
  issues.push(rowIssue(context, row, column, message, 'warning'));
}
