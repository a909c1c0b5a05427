import {
  PLAUSIBILITY,
  wallTimeCandidates,
  type BasalRecord,
  type BolusRecord,
  type DeviceEventRecord,
} from '@phoenix/domain';
import {
  AUTO_INSULIN_SOURCE,
  BOLUS_TYPE_TEXT,
  formatUnits,
  isResumeText,
  parseBolusType,
  type BolusPart,
} from './formats.ts';
import type { Body } from './record-body.ts';
import type { RowCells } from './row-cells.ts';
import { formatHms, parseHms } from './values.ts';

const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;

/** Reads an insulin amount or rate in U or U/h, within the domain's limit `max`. */
function readUnits(cells: RowCells, column: Parameters<RowCells['number']>[0], max: number) {
  return cells.number(column, {
    min: 0,
    max,
    required: true,
    format: (value) => formatUnits(value, cells.context.decimalComma),
  });
}

/** Reads an `h:mm:ss` duration cell; warns and returns null when it is not one. */
function readDuration(cells: RowCells, column: 'bolusDuration' | 'tempBasalDuration') {
  const text = cells.text(column);
  if (text === '') {
    return null;
  }
  const ms = parseHms(text);
  if (Number.isNaN(ms)) {
    cells.issue(column, 'Invalid duration. Expected h:mm:ss. The field is left empty.', 'warning');
    return null;
  }
  cells.takeIf(column, formatHms(ms));
  return ms;
}

/**
 * Reads a bolus row of the Pump section. CareLink writes each bolus twice: a row with the
 * selected amount when it is programmed, and a row with the delivered amount when it ends. The
 * first becomes a `bolusProgrammed` event, the second the bolus. A dual wave bolus has one row
 * per part, `Dual (normal part)` and `Dual (square part)`, and each becomes a `dual/square` bolus.
 */
export function parseBolus(cells: RowCells): Body<BolusRecord> | Body<DeviceEventRecord> | null {
  if (!cells.has('bolusDelivered')) {
    const detail = cells.text('bolusType');
    cells.take('bolusType');
    return { type: 'deviceEvent', subType: 'bolusProgrammed', detail: detail || null };
  }
  const delivered = readUnits(cells, 'bolusDelivered', PLAUSIBILITY.bolusUnits.max);
  if (delivered === null) {
    return null;
  }
  cells.takeIf('bolusSelected', formatUnits(delivered, cells.context.decimalComma));
  const durationMs = readDuration(cells, 'bolusDuration');
  const part = parseBolusType(cells.text('bolusType')) ?? (durationMs === null ? null : 'square');
  if (part !== null) {
    cells.takeIf('bolusType', BOLUS_TYPE_TEXT[part]);
  }
  return bolusBody(part ?? 'normal', delivered, durationMs);
}

const SUBTYPE_OF_PART: Record<BolusPart, BolusRecord['subType']> = {
  normal: 'normal',
  square: 'square',
  dualNormal: 'dual/square',
  dualSquare: 'dual/square',
};

function bolusBody(part: BolusPart, units: number, durationMs: number | null): Body<BolusRecord> {
  const extended = part === 'square' || part === 'dualSquare';
  return {
    type: 'bolus',
    subType: SUBTYPE_OF_PART[part],
    normalUnits: extended ? null : units,
    extendedUnits: extended ? units : null,
    durationMs: extended ? durationMs : null,
  };
}

/**
 * Reads a row of the Aggregated Auto Insulin Data section: the insulin that the 780G gave by
 * itself (auto basal and auto corrections) over one day. It becomes an `automated` basal at
 * the mean rate, from the row's time to the next local midnight.
 */
export function parseAutoInsulin(cells: RowCells, wallMs: number): Body<BasalRecord> | null {
  const total = readUnits(cells, 'bolusDelivered', PLAUSIBILITY.bolusUnits.max * 24);
  if (total === null) {
    return null;
  }
  const decimalComma = cells.context.decimalComma;
  cells.takeIf('bolusSelected', formatUnits(total, decimalComma));
  cells.takeIf('bolusType', BOLUS_TYPE_TEXT.normal);
  cells.takeIf('bolusSource', AUTO_INSULIN_SOURCE);

  const zone = cells.context.timezone;
  const nextMidnight = (Math.floor(wallMs / MS_PER_DAY) + 1) * MS_PER_DAY;
  const durationMs =
    wallTimeCandidates(nextMidnight, zone).instantMs - wallTimeCandidates(wallMs, zone).instantMs;
  return {
    type: 'basal',
    deliveryType: 'automated',
    rateUnitsPerHour: total / (durationMs / MS_PER_HOUR),
    durationMs,
  };
}

/**
 * Reads a Basal Rate cell: the scheduled rate from this time on, or `suspend` when the row
 * also records a suspension. The reader sets the duration from the next basal row.
 */
export function parseBasalRate(cells: RowCells): Body<BasalRecord> | null {
  const rate = readUnits(cells, 'basalRate', PLAUSIBILITY.basalUnitsPerHour.max);
  if (rate === null) {
    return null;
  }
  const suspended = cells.has('suspend') && !isResumeText(cells.text('suspend'));
  return {
    type: 'basal',
    deliveryType: suspended ? 'suspend' : 'scheduled',
    rateUnitsPerHour: rate,
    durationMs: null,
  };
}

/**
 * Reads a temporary basal. A `Percent` type sets a share of the scheduled rate, which the row
 * does not give, so the rate is left empty and the amount kept verbatim. Any other type is
 * read as a rate in U/h.
 */
export function parseTempBasal(cells: RowCells): Body<BasalRecord> {
  const percent = /percent|prozent/i.test(cells.text('tempBasalType'));
  const rate = percent
    ? null
    : cells.number('tempBasalAmount', {
        min: 0,
        max: PLAUSIBILITY.basalUnitsPerHour.max,
        format: (value) => formatUnits(value, cells.context.decimalComma),
      });
  return {
    type: 'basal',
    deliveryType: 'temp',
    rateUnitsPerHour: rate,
    durationMs: readDuration(cells, 'tempBasalDuration'),
  };
}
