import { mgDlToMmolL, type CanonicalRecord } from '@phoenix/domain';
import { DEVICE_ID_PREFIX } from './build-records.ts';
import {
  BASAL_TYPE_NAMES,
  GLOOKO_FORMAT_ID,
  MANUAL_READING_MARK,
  type GlookoColumn,
  type GlookoTable,
  type GlookoVariant,
} from './dialect.ts';
import { formatGlookoNumber, formatGlookoTimestamp } from './values.ts';

/** Cells of one row, by column. */
export type Cells = Partial<Record<GlookoColumn, string>>;

/** A row of one table, with the record time used to order rows and the date range. */
export interface TableRow {
  table: GlookoTable;
  cells: Cells;
  deviceTime: string;
  /** Key that joins a bolus and the calculator input read from the same row. */
  bolusKey: string | null;
  /** File label of the record's origin when it was read from a Glooko export. */
  sourceFile: string | null;
}

const MS_PER_MINUTE = 60_000;
/** Decimals written: glucose and doses keep what pumps and meters record. */
const GLUCOSE_DECIMALS = 2;
const AMOUNT_DECIMALS = 3;

/**
 * Returns the row of one record, or null for a record no table holds. A `wizard` record gives
 * the calculator cells of a bolus row, merged with its bolus by `bolusKey`.
 */
export function recordRow(record: CanonicalRecord, variant: GlookoVariant): TableRow | null {
  const found = tableCells(record, variant);
  if (found === null) {
    return null;
  }
  const fromGlooko = record.origin.format === GLOOKO_FORMAT_ID;
  const sourceFile = fromGlooko ? (record.origin.file ?? null) : null;
  const bolusKey =
    record.type === 'bolus' || record.type === 'wizard'
      ? fromGlooko && record.origin.line !== undefined
        ? `${sourceFile ?? ''}#${record.origin.line}`
        : `${record.deviceId}#${record.time}`
      : null;
  const cells: Cells = {
    timestamp: formatGlookoTimestamp(record.deviceTime, variant.language),
    serialNumber: serialNumber(record.deviceId),
    ...found.cells,
  };
  return { table: found.table, cells, deviceTime: record.deviceTime, bolusKey, sourceFile };
}

function tableCells(
  record: CanonicalRecord,
  variant: GlookoVariant,
): { table: GlookoTable; cells: Cells } | null {
  const { language } = variant;
  const amount = (value: number | null | undefined): string =>
    value == null ? '' : formatGlookoNumber(value, language, AMOUNT_DECIMALS);
  switch (record.type) {
    case 'cbg':
      // A reading past the sensor's range has no value to write, and an empty cell would be
      // read back as an invalid row.
      if (record.valueMgDl === null) {
        return null;
      }
      return { table: 'cgm', cells: { cgmGlucose: glucoseText(record.valueMgDl, variant) } };
    case 'smbg': {
      if (record.valueMgDl === null) {
        return null;
      }
      const manualReading = record.subType === 'manual' ? MANUAL_READING_MARK : '';
      return {
        table: 'bg',
        cells: { bgGlucose: glucoseText(record.valueMgDl, variant), manualReading },
      };
    }
    case 'food':
      return { table: 'carbs', cells: { carbs: amount(record.carbsGrams) } };
    case 'deviceEvent':
      return record.subType === 'alarm'
        ? { table: 'alarms', cells: { alarmEvent: record.detail ?? '' } }
        : null;
    case 'bolus':
      return { table: 'bolus', cells: bolusCells(record, amount) };
    case 'wizard':
      return {
        table: 'bolus',
        cells: {
          bgInput: glucoseText(record.bgInputMgDl, variant),
          carbsInput: amount(record.carbsGrams),
          carbsRatio: amount(record.insulinCarbRatio),
        },
      };
    case 'basal':
      return {
        table: 'basal',
        cells: {
          insulinType: BASAL_TYPE_NAMES[language][record.deliveryType],
          durationMinutes:
            record.durationMs === null ? '' : String(Math.round(record.durationMs / MS_PER_MINUTE)),
          rate: amount(record.rateUnitsPerHour),
        },
      };
    default:
      return null;
  }
}

/** Without an extended part the whole dose is the delivered insulin; with one, both parts are. */
function bolusCells(
  record: Extract<CanonicalRecord, { type: 'bolus' }>,
  amount: (value: number | null) => string,
): Cells {
  const insulinType = record.insulinKind ?? 'Normal';
  if (record.extendedUnits === null) {
    return { insulinType, insulinDelivered: amount(record.normalUnits) };
  }
  const total = (record.normalUnits ?? 0) + record.extendedUnits;
  return {
    insulinType,
    insulinDelivered: amount(total),
    initialDelivery: amount(record.normalUnits),
    extendedDelivery: amount(record.extendedUnits),
  };
}

/** Formats glucose in the variant's unit, to at most two decimals; '' for none. */
function glucoseText(valueMgDl: number | null, variant: GlookoVariant): string {
  if (valueMgDl === null) {
    return '';
  }
  const value = variant.units === 'mmol/L' ? mgDlToMmolL(valueMgDl) : valueMgDl;
  return formatGlookoNumber(value, variant.language, GLUCOSE_DECIMALS);
}

/**
 * Returns the Serial Number for a device ID: the part after `glooko:` for this module's IDs
 * (none for `glooko:unknown`), else the part after the model, `8AB12C` of `dexcom-g6:8AB12C`.
 */
function serialNumber(deviceId: string): string {
  if (deviceId.startsWith(DEVICE_ID_PREFIX)) {
    const serial = deviceId.slice(DEVICE_ID_PREFIX.length);
    return serial === 'unknown' ? '' : serial;
  }
  const colon = deviceId.indexOf(':');
  return colon === -1 ? deviceId : deviceId.slice(colon + 1);
}
