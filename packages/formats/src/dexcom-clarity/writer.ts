import { mgDlToMmolL, type CanonicalRecord, type SettingsRecord } from '@phoenix/domain';
import { formatCsvRow } from '../core/csv-writer.ts';
import type { CsvLayout, WriteOptions } from '../core/types.ts';
import {
  CLARITY_COLUMNS,
  defaultLayout,
  eventName,
  headerRow,
  parseEventName,
  parseVariantName,
  RANGE_LABELS,
  type ClarityColumn,
  type ClarityEvent,
  type ClarityVariant,
} from './dialect.ts';
import { CLARITY_FORMAT_ID } from './header.ts';
import type { ClaritySettings } from './preamble.ts';
import { formatDuration, formatNumber } from './values.ts';

/** Writer options of the Clarity module. */
export interface ClarityWriteOptions extends WriteOptions {
  /**
   * Names for the `FirstName` and `LastName` rows. Records never hold patient names, so without
   * this option those rows are written with an empty Patient Info cell.
   */
  patient?: { firstName?: string; lastName?: string };
  /** Source Device ID for every row when no `cgmSettings` record names one (`Android G6`). */
  sourceDeviceId?: string;
}

type Cells = Partial<Record<ClarityColumn, string>>;

interface WriteContext {
  variant: ClarityVariant;
  layout: CsvLayout;
  decimalComma: boolean;
  sourceDeviceId: string;
}

/**
 * Writes records as a Clarity export (variant `en` unless `options.variant` names another).
 *
 * - The first `cgmSettings` record whose settings have the `ClaritySettings` shape (as this
 *   module's reader produces them) becomes the preamble: patient rows (names from
 *   `options.patient`), the `Device` row, then the alert rows.
 * - Other rows follow in the order given. Each row's Index is the record's
 *   `origin.sourceRowId` when the record was read from a Clarity file, else one more than the
 *   previous row's Index, starting at 1.
 * - Source Device ID is the preamble's on every row (except patient rows), so a file that
 *   mixed source devices is written with the first one.
 * - In the 14-column variants a row without a Transmitter ID has 13 fields, as Clarity writes it.
 * - Written: `cbg` (EGV), `smbg` of subtype `calibration`, `bolus` (Insulin, total amount),
 *   `food` (Carbs) and `deviceEvent` of subtypes `exercise`, `health` and `alarm` (Alert).
 *   Other records are skipped, because Clarity has no row for them.
 *
 * @throws RangeError for an unknown variant.
 */
export function writeClarity(
  records: Iterable<CanonicalRecord>,
  options: ClarityWriteOptions = {},
): string {
  const variant = parseVariantName(options.variant ?? 'en');
  const layout = { ...defaultLayout(variant.language), ...options.layout };
  const list = [...records];
  const settings = findSettings(list);
  const context: WriteContext = {
    variant,
    layout,
    decimalComma: layout.separator === ';',
    sourceDeviceId: settings?.sourceDeviceId ?? options.sourceDeviceId ?? '',
  };

  const lines: string[] = [layout.bom ? '\uFEFF' : ''];
  lines.push(formatCsvRow(headerRow(variant), layout));
  let index = 0;
  const push = (cells: Cells, rowId?: string): void => {
    index = rowId === undefined ? index + 1 : Number.parseInt(rowId, 10);
    // Each row's cells are built fresh, so they take the index in place. A spread per row
    // would cost more than the rest of the row's formatting.
    cells.index = rowId ?? String(index);
    lines.push(formatRow(cells, context));
  };

  if (settings !== null) {
    for (const cells of preambleRows(settings, context, options)) {
      push(cells);
    }
  }
  for (const record of list) {
    const cells = dataRow(record, context);
    if (cells !== null) {
      push(cells, clarityRowId(record));
    }
  }
  return lines.join('');
}

function findSettings(records: CanonicalRecord[]): ClaritySettings | null {
  const found = records.find(
    (record): record is SettingsRecord =>
      record.type === 'cgmSettings' && Array.isArray(record.settings['alerts']),
  );
  return found === undefined ? null : (found.settings as unknown as ClaritySettings);
}

function clarityRowId(record: CanonicalRecord): string | undefined {
  const rowId = record.origin.sourceRowId;
  if (record.origin.format !== CLARITY_FORMAT_ID || rowId === undefined || !/^\d+$/.test(rowId)) {
    return undefined;
  }
  return rowId;
}

function formatRow(cells: Cells, context: WriteContext): string {
  const fields = CLARITY_COLUMNS.slice(0, context.variant.columnCount).map(
    (column) => cells[column] ?? '',
  );
  if (context.variant.columnCount === 14 && fields[13] === '') {
    fields.pop();
  }
  return formatCsvRow(fields, context.layout);
}

function preambleRows(
  settings: ClaritySettings,
  context: WriteContext,
  options: ClarityWriteOptions,
): Cells[] {
  const language = context.variant.language;
  const rows: Cells[] = settings.patientInfoRows.map((label) => {
    const known = parseEventName(label);
    const patientInfo =
      known === 'firstName'
        ? options.patient?.firstName
        : known === 'lastName'
          ? options.patient?.lastName
          : '';
    const name = known === 'firstName' || known === 'lastName' ? eventName(known, language) : label;
    return { eventType: name, patientInfo: patientInfo ?? '' };
  });

  if (settings.deviceName !== null) {
    rows.push({
      eventType: eventName('device', language),
      deviceInfo: settings.deviceName,
      sourceDeviceId: context.sourceDeviceId,
    });
  }
  for (const alert of settings.alerts) {
    rows.push({
      eventType: eventName('alert', language),
      eventSubtype: alert.name,
      sourceDeviceId: context.sourceDeviceId,
      glucose: alert.thresholdMgDl === null ? '' : glucoseText(alert.thresholdMgDl, context),
      duration: alert.durationMs === null ? '' : formatDuration(alert.durationMs),
      rate: alert.rateMgDlPerMin === null ? '' : rateText(alert.rateMgDlPerMin, context),
    });
  }
  return rows;
}

/** Returns the cells of one data row, or null for a record Clarity has no row for. */
function dataRow(record: CanonicalRecord, context: WriteContext): Cells | null {
  const row = (event: ClarityEvent, cells: Cells): Cells =>
    Object.assign(
      {
        timestamp: record.deviceTime,
        eventType: eventName(event, context.variant.language),
        sourceDeviceId: context.sourceDeviceId,
      },
      cells,
    );

  switch (record.type) {
    case 'cbg': {
      const labels = RANGE_LABELS[context.variant.language];
      const label = record.outOfRange === null ? '' : labels[record.outOfRange];
      return row('egv', {
        eventSubtype: label,
        glucose: record.valueMgDl === null ? label : glucoseText(record.valueMgDl, context),
        rate: record.rateMgDlPerMin == null ? '' : rateText(record.rateMgDlPerMin, context),
        transmitterTime: record.transmitterTimeSec == null ? '' : String(record.transmitterTimeSec),
        transmitterId: record.transmitterId ?? '',
      });
    }
    case 'smbg':
      if (record.subType !== 'calibration') {
        return null;
      }
      return row('calibration', {
        glucose: record.valueMgDl === null ? '' : glucoseText(record.valueMgDl, context),
        transmitterId: record.transmitterId ?? '',
      });
    case 'bolus': {
      const units = (record.normalUnits ?? 0) + (record.extendedUnits ?? 0);
      return row('insulin', {
        eventSubtype: record.insulinKind ?? '',
        insulin: formatNumber(units, 2, context.decimalComma),
      });
    }
    case 'food':
      return row('carbs', {
        carbs: formatNumber(Math.round(record.carbsGrams * 10) / 10, null, context.decimalComma),
      });
    case 'deviceEvent':
      return deviceEventRow(record, context, row);
    default:
      return null;
  }
}

const EVENT_BY_SUBTYPE: Record<string, ClarityEvent> = {
  exercise: 'exercise',
  health: 'health',
  alarm: 'alert',
};

function deviceEventRow(
  record: Extract<CanonicalRecord, { type: 'deviceEvent' }>,
  context: WriteContext,
  row: (event: ClarityEvent, cells: Cells) => Cells,
): Cells | null {
  const event = EVENT_BY_SUBTYPE[record.subType];
  if (event === undefined) {
    return null;
  }
  return row(event, {
    eventSubtype: record.detail ?? '',
    glucose: record.valueMgDl == null ? '' : glucoseText(record.valueMgDl, context),
    duration: record.durationMs == null ? '' : formatDuration(record.durationMs),
  });
}

/** Formats glucose as Clarity does: whole mg/dL, or mmol/L with one decimal. */
function glucoseText(valueMgDl: number, context: WriteContext): string {
  if (context.variant.units === 'mmol/L') {
    return formatNumber(mgDlToMmolL(valueMgDl), 1, context.decimalComma);
  }
  return String(Math.round(valueMgDl));
}

/**
 * Formats a rate of change: mg/dL/min to at most one decimal, mmol/L/min with one decimal.
 * NOTE: no sample shows Clarity's own rounding of rates; one decimal is an assumption.
 */
function rateText(rateMgDlPerMin: number, context: WriteContext): string {
  if (context.variant.units === 'mmol/L') {
    return formatNumber(mgDlToMmolL(rateMgDlPerMin), 1, context.decimalComma);
  }
  return formatNumber(Math.round(rateMgDlPerMin * 10) / 10, null, context.decimalComma);
}
