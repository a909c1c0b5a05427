import type { BasalRecord, BolusRecord, CanonicalRecord, DeviceEventRecord } from '@phoenix/domain';
import type { CareLinkColumn, GlucoseUnits } from './columns.ts';
import {
  AUTO_INSULIN_SOURCE,
  BOLUS_TYPE_TEXT,
  formatCarbs,
  formatGlucose,
  formatUnits,
} from './formats.ts';
import { formatHms } from './values.ts';

/** Cells a record gives, by column. */
export type DerivedCells = Partial<Record<CareLinkColumn, string>>;

/** What the cell formatting depends on. */
export interface CellContext {
  decimalComma: boolean;
  /** Glucose unit of each glucose column of the header written. */
  units: (column: CareLinkColumn) => GlucoseUnits;
}

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

/** Columns a device event's `detail` is written to, by subType. */
const EVENT_COLUMN: Record<string, CareLinkColumn> = {
  suspend: 'suspend',
  resume: 'suspend',
  reservoirChange: 'rewind',
  prime: 'primeType',
  alarm: 'alert',
  alarmCleared: 'userClearedAlerts',
  sensorException: 'sensorException',
  eventMarker: 'eventMarker',
  timeChange: 'newDeviceTime',
  bolusProgrammed: 'bolusType',
};

/**
 * Text written for an event without `detail`: CareLink writes `Rewind` in the Rewind column and
 * a suspend reason in the Suspend column.
 */
const DEFAULT_EVENT_TEXT: Record<string, string> = {
  reservoirChange: 'Rewind',
  suspend: 'USER_SUSPEND',
  resume: 'NORMAL_PUMPING',
};

/**
 * Returns the cells of the rows a record becomes: none for a record CareLink has no row for
 * (food, settings, a reading without a value), two for a dual wave bolus with both parts, one
 * otherwise.
 */
export function recordCells(record: CanonicalRecord, context: CellContext): DerivedCells[] {
  switch (record.type) {
    case 'cbg':
      return record.valueMgDl === null
        ? []
        : [glucoseCell('sensorGlucose', record.valueMgDl, context)];
    case 'smbg': {
      if (record.valueMgDl === null) {
        return [];
      }
      const column = record.subType === 'calibration' ? 'sensorCalibrationBg' : 'bgReading';
      return [glucoseCell(column, record.valueMgDl, context)];
    }
    case 'bolus':
      return bolusCells(record, context);
    case 'basal':
      return [basalCells(record, context)];
    case 'wizard':
      return [wizardCells(record, context)];
    case 'deviceEvent':
      return [eventCells(record)];
    default:
      return [];
  }
}

function glucoseCell(
  column: CareLinkColumn,
  valueMgDl: number | null,
  context: CellContext,
): DerivedCells {
  const text =
    valueMgDl === null ? '' : formatGlucose(valueMgDl, context.units(column), context.decimalComma);
  return { [column]: text };
}

function bolusCells(record: BolusRecord, context: CellContext): DerivedCells[] {
  const amount = (units: number): DerivedCells => {
    const text = formatUnits(units, context.decimalComma);
    return { bolusSelected: text, bolusDelivered: text };
  };
  const duration = record.durationMs === null ? '' : formatHms(record.durationMs);
  const normal = record.normalUnits;
  const extended = record.extendedUnits;
  if (record.subType === 'normal' || (extended === null && normal !== null)) {
    const type = record.subType === 'normal' ? 'normal' : 'dualNormal';
    return [{ bolusType: BOLUS_TYPE_TEXT[type], ...amount(normal ?? 0) }];
  }
  const squarePart: DerivedCells = {
    bolusType: BOLUS_TYPE_TEXT[record.subType === 'square' ? 'square' : 'dualSquare'],
    ...amount(extended ?? 0),
    bolusDuration: duration,
  };
  if (record.subType === 'dual/square' && normal !== null) {
    return [{ bolusType: BOLUS_TYPE_TEXT.dualNormal, ...amount(normal) }, squarePart];
  }
  return [squarePart];
}

/**
 * Returns the cells of a basal. An automated basal becomes a daily total of the Aggregated
 * Auto Insulin Data section: rate × duration, or × one day when the duration is unknown. A
 * temporary basal gives its amount and duration, and any other basal a Basal Rate.
 */
function basalCells(record: BasalRecord, context: CellContext): DerivedCells {
  const rate = record.rateUnitsPerHour;
  const text = (value: number): string => formatUnits(value, context.decimalComma);
  if (record.deliveryType === 'automated') {
    const total = (rate ?? 0) * ((record.durationMs ?? MS_PER_DAY) / MS_PER_HOUR);
    return {
      bolusType: BOLUS_TYPE_TEXT.normal,
      bolusSelected: text(total),
      bolusDelivered: text(total),
      bolusSource: AUTO_INSULIN_SOURCE,
    };
  }
  if (record.deliveryType === 'temp') {
    return {
      tempBasalAmount: rate === null ? '' : text(rate),
      tempBasalDuration: record.durationMs === null ? '' : formatHms(record.durationMs),
    };
  }
  return { basalRate: rate === null ? '' : text(rate) };
}

function wizardCells(
  record: Extract<CanonicalRecord, { type: 'wizard' }>,
  context: CellContext,
): DerivedCells {
  const comma = context.decimalComma;
  const units = (value: number | null): string => (value === null ? '' : formatUnits(value, comma));
  const grams = (value: number | null): string => (value === null ? '' : formatCarbs(value, comma));
  return {
    bwzEstimate: units(record.recommendedUnits),
    bwzCarbRatio: grams(record.insulinCarbRatio),
    bwzCarbInput: grams(record.carbsGrams),
    bwzBgInput: glucoseCell('bwzBgInput', record.bgInputMgDl, context).bwzBgInput ?? '',
    bwzActiveInsulin: units(record.insulinOnBoardUnits),
  };
}

function eventCells(record: DeviceEventRecord): DerivedCells {
  const column = EVENT_COLUMN[record.subType];
  const text = record.detail ?? DEFAULT_EVENT_TEXT[record.subType] ?? '';
  return column === undefined ? {} : { [column]: text };
}

/**
 * Adds a Suspend cell to the cells of a row with a `suspend` basal but no suspend event of its
 * own. CareLink marks a suspension by the Suspend cell alone, so the reader reads such a row
 * back as the suspend basal and a `suspend` event.
 */
export function markSuspension(records: readonly CanonicalRecord[], cells: DerivedCells): void {
  const suspended = records.some(
    (record) => record.type === 'basal' && record.deliveryType === 'suspend',
  );
  if (suspended && (cells.suspend ?? '') === '') {
    cells.suspend = DEFAULT_EVENT_TEXT['suspend'];
  }
}
