import type { BasalRecord, CanonicalRecord } from '@phoenix/domain';
import { formatCsvRow } from '../../core/csv-writer.ts';
import type { CsvLayout, WriteOptions } from '../../core/types.ts';
import { formatGlucose, outOfRangeText, type GlucoseUnits } from '../shared/glucose.ts';
import { serialOfDeviceId, type TandemRecord } from '../shared/record-body.ts';
import { formatShortest } from '../shared/values.ts';
import {
  deviceTypeLookup,
  groupByRow,
  pairWizards,
  rowFields,
  tandemSettings,
} from '../shared/writer-support.ts';
import {
  BASAL_DOSE_COLUMN,
  BASAL_DOSE_INTERVAL_MS,
  bolusColumns,
  formatSourceUnits,
} from './bodies.ts';
import {
  headerRow,
  parseVariantName,
  SOURCE_FORMAT_ID,
  TIME_COLUMNS,
  type SourceKind,
  type SourceVariant,
} from './layouts.ts';

/** Writer options of the Tandem Source module. */
export interface SourceWriteOptions extends WriteOptions {
  /** Device Type when no Tandem `pumpSettings` record names the pump. */
  deviceType?: string;
  /** End the last row with a line ending; true unless set (some BG files lack it). */
  finalLineEnding?: boolean;
}

const MS_PER_HOUR = 3_600_000;

/** Record types each file contains. */
const TYPES: Record<SourceKind, readonly CanonicalRecord['type'][]> = {
  cgm: ['cbg'],
  bg: ['smbg'],
  bolus: ['bolus', 'wizard'],
  basal: ['basal'],
};

/**
 * Writes records as one file of a Tandem Source export (variant `cgm` unless
 * `options.variant` names another), rows in the order given.
 *
 * - Only the records of the file's kind are written: `cbg` for `cgm`, `smbg` for `bg`, `bolus`
 *   and `wizard` for `bolus` (records read from one row share it again), `basal` for `basal`.
 *   A `wizard` from another source goes on the row of the bolus of the same device and device
 *   time, and is skipped without one.
 * - A basal becomes one dose, the insulin it delivered: rate × duration, or × 5 minutes when
 *   the duration is unknown.
 * - Device Type comes from the Tandem `pumpSettings` records, else `options.deviceType`. Cells
 *   that no canonical field contains come from the records' `sourceCells`. Records from other
 *   sources leave them empty. An out-of-range reading is written as 39 or 401 unless its
 *   `sourceCells` keep the text read.
 *
 * @throws RangeError for an unknown variant.
 */
export function writeSource(
  records: Iterable<CanonicalRecord>,
  options: SourceWriteOptions = {},
): string {
  const variant = parseVariantName(options.variant ?? 'cgm');
  const layout: CsvLayout = {
    separator: ',',
    quoteAll: false,
    bom: false,
    lineEnding: '\n',
    ...options.layout,
  };
  const list = [...records] as TandemRecord[];
  const deviceType = deviceTypeLookup(tandemSettings(list), options.deviceType ?? '');
  const names = headerRow(variant);
  const lines = [formatCsvRow(names, layout)];
  for (const group of pairWizards(groupByRow(list, SOURCE_FORMAT_ID))) {
    const [first] = group;
    if (first === undefined || !TYPES[variant.kind].includes(first.type)) {
      continue;
    }
    const derived = group.map((record) => derivedCells(record, variant, deviceType(record)));
    lines.push(formatCsvRow(rowFields(names, derived, first.sourceCells), layout));
  }
  const text = (layout.bom ? '\uFEFF' : '') + lines.join('');
  const trimEnd = options.finalLineEnding === false && lines.length > 1;
  return trimEnd ? text.slice(0, -layout.lineEnding.length) : text;
}

/** Returns the cells a record gives, by header name. */
function derivedCells(
  record: TandemRecord,
  variant: SourceVariant,
  deviceType: string,
): Record<string, string> {
  const common = {
    'Device Type': deviceType,
    'Serial Number': serialOfDeviceId(record.deviceId),
    [TIME_COLUMNS[variant.kind]]: record.deviceTime,
  };
  switch (record.type) {
    case 'cbg':
    case 'smbg':
      return {
        ...common,
        Description: record.type === 'cbg' ? 'EGV' : 'BG',
        [headerRow(variant)[4] ?? '']: glucoseText(record, variant.units),
      };
    case 'bolus':
      return { ...common, ...bolusCells(record) };
    case 'wizard':
      return wizardCells(record, variant.units);
    case 'basal':
      return { ...common, [BASAL_DOSE_COLUMN]: formatSourceUnits(basalDose(record)) };
    default:
      return {};
  }
}

function glucoseText(
  record: Extract<CanonicalRecord, { type: 'cbg' | 'smbg' }>,
  units: GlucoseUnits,
): string {
  if (record.valueMgDl !== null) {
    return formatGlucose(record.valueMgDl, units);
  }
  return outOfRangeText(record.outOfRange ?? 'low', record.thresholdMgDl, units);
}

function bolusCells(record: Extract<CanonicalRecord, { type: 'bolus' }>): Record<string, string> {
  const columns = bolusColumns('mg/dL');
  const extended = record.subType !== 'normal';
  const total = (record.normalUnits ?? 0) + (record.extendedUnits ?? 0);
  return {
    Type: 'Bolus',
    'Bolus Delivery Method': extended ? 'Extended' : 'Standard',
    [columns.delivered]: formatSourceUnits(total),
    [columns.extendedDelivered]:
      extended && record.extendedUnits !== null ? formatSourceUnits(record.extendedUnits) : '',
    [columns.durationMinutes]:
      extended && record.durationMs !== null ? String(Math.round(record.durationMs / 60_000)) : '',
    // The share given at once is 0 for a square bolus, which the reader needs to tell it apart.
    [columns.standardPercent]: formatShortest(
      total > 0 ? (100 * (record.normalUnits ?? 0)) / total : 100,
      2,
    ),
  };
}

function wizardCells(
  record: Extract<CanonicalRecord, { type: 'wizard' }>,
  units: GlucoseUnits,
): Record<string, string> {
  const columns = bolusColumns(units);
  return {
    [columns.carbs]: record.carbsGrams === null ? '' : String(record.carbsGrams),
    [columns.bg]: record.bgInputMgDl === null ? '' : formatGlucose(record.bgInputMgDl, units),
    'Carb Ratio':
      record.insulinCarbRatio === null ? '' : formatSourceUnits(record.insulinCarbRatio),
  };
}

/** Insulin a basal delivered, in U. */
function basalDose(record: BasalRecord): number {
  const durationMs = record.durationMs ?? BASAL_DOSE_INTERVAL_MS;
  return (record.rateUnitsPerHour ?? 0) * (durationMs / MS_PER_HOUR);
}
