import type { CanonicalRecord } from '@phoenix/domain';
import type { WriteOptions } from '../../core/types.ts';
import { formatGlucose, outOfRangeText } from '../shared/glucose.ts';
import { formatFixed } from '../shared/values.ts';
import { serialOfDeviceId, type TandemRecord } from '../shared/record-body.ts';
import {
  deviceTypeLookup,
  groupByRow,
  pairWizards,
  rowFields,
  tandemSettings,
} from '../shared/writer-support.ts';
import { BOLUS_COLUMNS, formatTConnectUnits, READINGS_COLUMN } from './bodies.ts';
import {
  PREAMBLE_LABELS,
  SECTION_HEADERS,
  SECTION_ORDER,
  TCONNECT_FORMAT_ID,
  TCONNECT_VARIANT,
  TRAILING_SEPARATOR,
  UNNAMED_BOLUS_COLUMN,
  withUnnamedBolusColumn,
  type SectionKind,
} from './sections.ts';

/**
 * Columns written as `""` when empty. t:connect writes an empty Note that way, but other empty
 * cells (the bolus's IOB, the Bolex columns) as nothing. The tokenizer does not tell the two
 * apart, so the writer follows what the export does for each column.
 */
const QUOTED_WHEN_EMPTY: ReadonlySet<string> = new Set(['Note']);

/** Writer options of the t:connect module. */
export interface TConnectWriteOptions extends WriteOptions {
  /** Name and date of birth for the preamble; records never hold them, so empty by default. */
  patient?: { name?: string; dateOfBirth?: string };
  /** Device Type for reading rows when no Tandem `pumpSettings` record names the pump. */
  deviceType?: string;
  /** Line ending; t:connect writes LF. */
  lineEnding?: '\n' | '\r\n';
}

/**
 * Writes records as a t:connect Therapy Timeline export: the preamble, then the readings, IOB
 * and bolus sections, each with its header, separated by blank lines, rows in the order given.
 *
 * - Report Generated On comes from the t:connect `pumpSettings` record (empty otherwise), the
 *   patient's name and date of birth from `options.patient`.
 * - Written: `cbg` (EGV) and `smbg` (BG) readings, `insulinOnBoard` events (IOB rows), and
 *   `bolus` records (bolus rows). Records read from one row share it again. A `wizard` from
 *   another source goes on the row of the bolus of the same device and device time, and is
 *   skipped without one. Other records are skipped, because the export has no row for them.
 * - A wizard's recommendation is split into FoodBolusSize (carbs ÷ carb ratio, where both are
 *   known) and CorrectionBolusSize (the rest), with two decimals as t:connect writes units, and
 *   its ratio goes into EventHistoryReportDetails as `Carb Ratio 1:N`.
 * - Cells that no canonical field contains come from the records' `sourceCells`. Records from
 *   other sources leave them empty. An out-of-range reading is written as 39 or 401 unless its
 *   `sourceCells` keep the text read.
 *
 * @throws RangeError for a variant other than `therapy-timeline`.
 */
export function writeTConnect(
  records: Iterable<CanonicalRecord>,
  options: TConnectWriteOptions = {},
): string {
  if (options.variant !== undefined && options.variant !== TCONNECT_VARIANT) {
    throw new RangeError(
      `Unknown t:connect variant "${options.variant}": expected ${TCONNECT_VARIANT}.`,
    );
  }
  const end = options.lineEnding ?? options.layout?.lineEnding ?? '\n';
  const list = [...records] as TandemRecord[];
  const settings = tandemSettings(list);
  const preamble = settings.find((entry) => entry.hasPreamble !== undefined);
  const deviceType = deviceTypeLookup(settings, options.deviceType ?? '');

  const parts: string[] = [];
  if (preamble?.hasPreamble ?? true) {
    const values = [
      '',
      '',
      options.patient?.name ?? '',
      options.patient?.dateOfBirth ?? '',
      preamble?.reportGeneratedOn ?? '',
    ];
    PREAMBLE_LABELS.forEach((label, position) => {
      parts.push(position < 2 ? label : `${label}, ${values[position]}`, end);
    });
    parts.push(end);
  }
  const groups = pairWizards(groupByRow(list, TCONNECT_FORMAT_ID));
  SECTION_ORDER.forEach((kind, position) => {
    parts.push(position === 0 ? '' : end, SECTION_HEADERS[kind].join(','), end);
    const names =
      kind === 'bolus' ? withUnnamedBolusColumn(SECTION_HEADERS.bolus) : SECTION_HEADERS[kind];
    for (const group of groups.filter((candidate) => sectionOf(candidate[0]) === kind)) {
      const derived = group.map((record) => derivedCells(record, deviceType));
      const fields = rowFields(names, derived, group[0]?.sourceCells);
      parts.push(formatRow(names, fields, TRAILING_SEPARATOR[kind]), end);
    }
  });
  return parts.join('');
}

function sectionOf(record: TandemRecord | undefined): SectionKind | null {
  switch (record?.type) {
    case 'cbg':
    case 'smbg':
      return 'readings';
    case 'bolus':
    case 'wizard':
      return 'bolus';
    case 'deviceEvent':
      return record.subType === 'insulinOnBoard' ? 'iob' : null;
    default:
      return null;
  }
}

/**
 * Quotes every non-empty cell, as t:connect does, and adds the trailing comma where due. An
 * empty cell is written unquoted, except under the names in `quotedWhenEmpty`.
 */
function formatRow(names: readonly string[], fields: readonly string[], trailing: boolean): string {
  const cells = fields.map((field, position) => {
    const quoted = field !== '' || QUOTED_WHEN_EMPTY.has(names[position] ?? '');
    return quoted ? `"${field.replaceAll('"', '""')}"` : '';
  });
  return cells.join(',') + (trailing ? ',' : '');
}

/** Returns the cells a record gives, by header name. */
function derivedCells(
  record: TandemRecord,
  deviceType: (record: TandemRecord) => string,
): Record<string, string> {
  const time = { EventDateTime: record.deviceTime };
  switch (record.type) {
    case 'cbg':
    case 'smbg': {
      const value =
        record.valueMgDl !== null
          ? formatGlucose(record.valueMgDl, 'mg/dL')
          : outOfRangeText(record.outOfRange ?? 'low', record.thresholdMgDl, 'mg/dL');
      return {
        ...time,
        DeviceType: deviceType(record),
        SerialNumber: serialOfDeviceId(record.deviceId),
        Description: record.type === 'cbg' ? 'EGV' : 'BG',
        [READINGS_COLUMN]: value,
      };
    }
    case 'deviceEvent':
      return { ...time, Type: 'IOB', IOB: record.detail ?? '' };
    case 'bolus':
      return bolusCells(record);
    case 'wizard':
      return wizardCells(record);
    default:
      return {};
  }
}

/**
 * Returns the calculator cells of a bolus row. The recommendation is split into FoodBolusSize
 * (carbs ÷ carb ratio where both are known, else all of it) and CorrectionBolusSize (the rest,
 * negative when the food part is larger), whose sum the reader takes as the recommendation.
 */
function wizardCells(record: Extract<CanonicalRecord, { type: 'wizard' }>): Record<string, string> {
  const text = (value: number | null, format: (value: number) => string): string =>
    value === null ? '' : format(value);
  const { recommendedUnits: recommended, insulinCarbRatio: ratio, carbsGrams: carbs } = record;
  let food = '';
  let correction = '';
  if (recommended !== null) {
    food = formatTConnectUnits(
      ratio !== null && ratio > 0 && carbs !== null ? carbs / ratio : recommended,
    );
    // Adding 0 turns a rounded -0 into 0, so the cell never reads "-0.00".
    correction = formatTConnectUnits(Math.round((recommended - Number(food)) * 100) / 100 + 0);
  }
  return {
    [BOLUS_COLUMNS.carbs]: text(carbs, String),
    [BOLUS_COLUMNS.bg]: text(record.bgInputMgDl, (value) => String(Math.round(value))),
    IOB: text(record.insulinOnBoardUnits, formatTConnectUnits),
    FoodBolusSize: food,
    CorrectionBolusSize: correction,
    EventHistoryReportDetails: text(ratio, (value) => `Carb Ratio 1:${value}`),
  };
}

function bolusCells(record: Extract<CanonicalRecord, { type: 'bolus' }>): Record<string, string> {
  const extended = record.subType !== 'normal';
  const total = (record.normalUnits ?? 0) + (record.extendedUnits ?? 0);
  return {
    Type: 'Bolus',
    Description: extended ? 'Extended' : 'Standard',
    EventDateTime: record.deviceTime,
    RequestDateTime: record.deviceTime,
    [BOLUS_COLUMNS.delivered]: formatTConnectUnits(total),
    [BOLUS_COLUMNS.extendedDelivered]:
      extended && record.extendedUnits !== null ? formatTConnectUnits(record.extendedUnits) : '',
    [BOLUS_COLUMNS.durationMinutes]:
      extended && record.durationMs !== null ? String(Math.round(record.durationMs / 60_000)) : '',
    // The share given at once is 0.00 for a square bolus, which the reader needs to tell it apart.
    [BOLUS_COLUMNS.standardPercent]: formatFixed(
      total > 0 ? (100 * (record.normalUnits ?? 0)) / total : 100,
      2,
    ),
    [UNNAMED_BOLUS_COLUMN]: '0',
  };
}
