import { PLAUSIBILITY, type BasalRecord } from '@phoenix/domain';
import {
  hasWizardInput,
  parseTandemBolus,
  parseTandemWizard,
  type BolusColumns,
} from '../shared/bolus.ts';
import { readTandemGlucose } from '../shared/glucose.ts';
import type { Body, RecordBody } from '../shared/record-body.ts';
import type { RowCells } from '../shared/row-cells.ts';
import { formatShortest } from '../shared/values.ts';
import { headerRow, type SourceVariant } from './layouts.ts';

/**
 * Interval of one commanded basal dose: Control-IQ commands a dose every 5 minutes, and the
 * doses of each hour add up to the hourly file's value for that hour.
 */
export const BASAL_DOSE_INTERVAL_MS = 300_000;
const MS_PER_HOUR = 3_600_000;

/** Column of the basal file holding the dose in U. */
export const BASAL_DOSE_COLUMN = 'Commanded Basal Dose (units of insulin)';

/** Formats amounts as Tandem Source writes them: to 0.001 U without trailing zeros. */
export function formatSourceUnits(value: number): string {
  return formatShortest(value, 3);
}

/** Returns the columns of the bolus file that the bolus and wizard records come from. */
export function bolusColumns(units: SourceVariant['units']): BolusColumns {
  return {
    delivered: 'Insulin Delivered',
    extendedDelivered: 'Bolex Insulin Delivered',
    standardPercent: 'Standard Percent',
    durationMinutes: 'Duration (mins)',
    carbs: 'Carb Size',
    bg: `BG (${units})`,
    bgUnits: units,
    insulinOnBoard: null,
    isAutomatic: (cells) => /automatic/i.test(cells.text('Bolus Type')),
    isExtended: (cells) => /extended/i.test(cells.text('Bolus Delivery Method')),
    formatUnits: formatSourceUnits,
  };
}

/** Returns the record bodies of a data row of a `variant` file; issues go to the cells. */
export function parseBodies(cells: RowCells, variant: SourceVariant): RecordBody[] {
  cells.take('Serial Number');
  cells.take('Device Type');
  const value = headerRow(variant)[4] ?? '';
  switch (variant.kind) {
    case 'cgm': {
      const glucose = readTandemGlucose(cells, value, variant.units);
      cells.takeIf('Description', 'EGV');
      return glucose === null ? [] : [{ type: 'cbg', ...glucose }];
    }
    case 'bg': {
      const glucose = readTandemGlucose(cells, value, variant.units);
      cells.takeIf('Description', 'BG');
      return glucose === null ? [] : [{ type: 'smbg', subType: 'manual', ...glucose }];
    }
    case 'bolus':
      return parseBolusRow(cells, variant.units);
    case 'basal': {
      const body = parseBasalDose(cells);
      return body === null ? [] : [body];
    }
  }
}

/**
 * Reads a bolus row: the bolus at its completion time, and a `wizard` record when the row
 * contains calculator input. The file gives no recommendation, and a Carb Ratio of 0 means that
 * none was given.
 */
function parseBolusRow(cells: RowCells, units: SourceVariant['units']): RecordBody[] {
  const columns = bolusColumns(units);
  const bolus = parseTandemBolus(cells, columns);
  if (bolus === null) {
    return [];
  }
  cells.takeIf('Type', 'Bolus');
  cells.takeIf('Bolus Delivery Method', bolus.subType === 'normal' ? 'Standard' : 'Extended');
  if (!hasWizardInput(cells, columns)) {
    return [bolus];
  }
  const ratio = cells.number('Carb Ratio', { min: 0, max: 250, format: formatSourceUnits });
  if (ratio === 0) {
    cells.release('Carb Ratio');
  }
  const wizard = parseTandemWizard(cells, columns, {
    recommendedUnits: null,
    insulinCarbRatio: ratio === 0 ? null : ratio,
  });
  return [bolus, wizard];
}

/**
 * Reads a commanded basal dose: the insulin given over one 5-minute interval, as an
 * `automated` basal at the mean rate over that interval. NOTE: the file does not say whether
 * Control-IQ was on. The doses are marked `automated` because Control-IQ pumps command them.
 */
function parseBasalDose(cells: RowCells): Body<BasalRecord> | null {
  const maxDose = PLAUSIBILITY.basalUnitsPerHour.max * (BASAL_DOSE_INTERVAL_MS / MS_PER_HOUR);
  const dose = cells.number(BASAL_DOSE_COLUMN, {
    min: 0,
    max: maxDose,
    required: true,
    format: formatSourceUnits,
  });
  if (dose === null) {
    return null;
  }
  return {
    type: 'basal',
    deliveryType: 'automated',
    rateUnitsPerHour: dose * (MS_PER_HOUR / BASAL_DOSE_INTERVAL_MS),
    durationMs: BASAL_DOSE_INTERVAL_MS,
  };
}
