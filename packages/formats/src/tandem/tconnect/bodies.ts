import type { DeviceEventRecord } from '@phoenix/domain';
import {
  hasWizardInput,
  parseTandemBolus,
  parseTandemWizard,
  type BolusColumns,
} from '../shared/bolus.ts';
import { readTandemGlucose } from '../shared/glucose.ts';
import type { Body, RecordBody } from '../shared/record-body.ts';
import type { RowCells } from '../shared/row-cells.ts';
import { formatFixed, parseDecimal } from '../shared/values.ts';
import { UNNAMED_BOLUS_COLUMN, type SectionKind } from './sections.ts';

/** Column of each section that contains the row's local time. */
export const TIME_COLUMN = 'EventDateTime';

/** Name of the reading value column in the readings section. */
export const READINGS_COLUMN = 'Readings (CGM / BGM)';

/** Formats insulin amounts as t:connect writes them: two decimals (`13.53`). */
export function formatTConnectUnits(value: number): string {
  return formatFixed(value, 2);
}

/** Columns of the bolus section that the bolus and wizard records come from. */
export const BOLUS_COLUMNS: BolusColumns = {
  delivered: 'InsulinDelivered',
  extendedDelivered: 'BolexInsulinDelivered',
  standardPercent: 'StandardPercent',
  durationMinutes: 'Duration',
  carbs: 'CarbSize',
  bg: 'BG',
  insulinOnBoard: 'IOB',
  isExtended: (cells) =>
    /extended/i.test(`${cells.text('Description')} ${cells.text('BolusRequestOptions')}`),
  formatUnits: formatTConnectUnits,
};

/** Returns the record bodies of a data row of `kind`; issues go to the cells. */
export function parseBodies(cells: RowCells, kind: SectionKind): RecordBody[] {
  switch (kind) {
    case 'readings':
      return present(parseReading(cells));
    case 'iob':
      return present(parseInsulinOnBoard(cells));
    case 'bolus':
      return parseBolusRow(cells);
  }
}

function present(body: RecordBody | null): RecordBody[] {
  return body === null ? [] : [body];
}

/** Reads a reading row: `EGV` rows are CGM readings, `BG` rows fingersticks entered on the pump. */
function parseReading(cells: RowCells): RecordBody | null {
  const description = cells.text('Description');
  if (description !== 'EGV' && description !== 'BG') {
    cells.issue('Description', 'Unknown reading type. Expected EGV or BG.', 'error');
    return null;
  }
  const glucose = readTandemGlucose(cells, READINGS_COLUMN, 'mg/dL');
  if (glucose === null) {
    return null;
  }
  cells.take('Description');
  cells.take('DeviceType');
  cells.take('SerialNumber');
  return description === 'EGV'
    ? { type: 'cbg', ...glucose }
    : { type: 'smbg', subType: 'manual', ...glucose };
}

/**
 * Reads an IOB row: the pump's insulin on board, as an `insulinOnBoard` event whose `detail` is
 * the amount in U as written. The model has no record type for pump status.
 */
function parseInsulinOnBoard(cells: RowCells): Body<DeviceEventRecord> | null {
  const amount = cells.number('IOB', {
    min: 0,
    max: 250,
    required: true,
    format: formatTConnectUnits,
  });
  if (amount === null) {
    return null;
  }
  cells.take('IOB');
  cells.takeIf('Type', 'IOB');
  return { type: 'deviceEvent', subType: 'insulinOnBoard', detail: cells.text('IOB') };
}

/**
 * Reads a bolus row: the bolus, and a `wizard` record when the row contains calculator input.
 * The recommendation is FoodBolusSize + CorrectionBolusSize, what the pump calculated before any
 * override. The ratio comes from `Carb Ratio 1:N` in EventHistoryReportDetails.
 */
function parseBolusRow(cells: RowCells): RecordBody[] {
  const bolus = parseTandemBolus(cells, BOLUS_COLUMNS);
  if (bolus === null) {
    return [];
  }
  cells.takeIf('Type', 'Bolus');
  cells.takeIf('Description', bolus.subType === 'normal' ? 'Standard' : 'Extended');
  cells.takeIf('RequestDateTime', cells.text('EventDateTime'));
  cells.takeIf(UNNAMED_BOLUS_COLUMN, '0');
  if (!hasWizardInput(cells, BOLUS_COLUMNS)) {
    return [bolus];
  }
  const food = parseDecimal(cells.text('FoodBolusSize'));
  const correction = parseDecimal(cells.text('CorrectionBolusSize'));
  const recommended = Math.round((food + correction) * 1000) / 1000;
  const ratio = /Carb Ratio 1:(\d+(?:\.\d+)?)/.exec(cells.text('EventHistoryReportDetails'));
  const wizard = parseTandemWizard(cells, BOLUS_COLUMNS, {
    recommendedUnits: Number.isNaN(recommended) ? null : recommended,
    insulinCarbRatio: ratio === null ? null : Number(ratio[1]),
  });
  return [bolus, wizard];
}
