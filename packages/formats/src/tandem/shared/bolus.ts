import {
  mgDlToMmolL,
  mmolLToMgDl,
  PLAUSIBILITY,
  type BolusRecord,
  type WizardRecord,
} from '@phoenix/domain';
import { formatGlucose, type GlucoseUnits } from './glucose.ts';
import type { Body } from './record-body.ts';
import type { RowCells } from './row-cells.ts';

const MS_PER_MINUTE = 60_000;
const MAX_EXTENDED_MINUTES = PLAUSIBILITY.extendedDurationMs.max / MS_PER_MINUTE;

/** Columns of a Tandem bolus file and the way it writes amounts. */
export interface BolusColumns {
  /** Total insulin delivered in U, the extended part included. */
  delivered: string;
  /** Insulin of the extended part in U (`BolexInsulinDelivered`). */
  extendedDelivered: string;
  /** Share of the bolus given at once, in percent. */
  standardPercent: string;
  /** Duration of the extended part in minutes. */
  durationMinutes: string;
  carbs: string;
  bg: string;
  /** Unit of the BG column; mg/dL when not set. */
  bgUnits?: GlucoseUnits;
  /** Insulin on board at the request in U, where the file has it. */
  insulinOnBoard: string | null;
  /** True when the pump gave the bolus by itself (Control-IQ), without calculator input. */
  isAutomatic?: (cells: RowCells) => boolean;
  /** True when the row is an extended bolus. */
  isExtended: (cells: RowCells) => boolean;
  /** Formats an insulin amount as the file writes it. */
  formatUnits: (value: number) => string;
}

/**
 * Reads the bolus of a Tandem row. An extended bolus is `square` when nothing is given at once
 * (Standard Percent 0), `dual/square` otherwise. The delivered amount includes the extended
 * part, as Tandem Source writes it. NOTE: the t:connect export is read the same way, but no
 * t:connect file with an extended bolus was available to confirm it.
 */
export function parseTandemBolus(cells: RowCells, columns: BolusColumns): Body<BolusRecord> | null {
  const amount = { min: 0, max: PLAUSIBILITY.bolusUnits.max, format: columns.formatUnits };
  const total = cells.number(columns.delivered, { ...amount, required: true });
  if (total === null) {
    return null;
  }
  if (!columns.isExtended(cells)) {
    return {
      type: 'bolus',
      subType: 'normal',
      normalUnits: total,
      extendedUnits: null,
      durationMs: null,
    };
  }
  const extended = cells.number(columns.extendedDelivered, amount) ?? 0;
  const minutes = cells.number(columns.durationMinutes, {
    min: 0,
    max: MAX_EXTENDED_MINUTES,
    format: (value) => String(value),
  });
  const square = cells.text(columns.standardPercent).match(/^0+(\.0*)?$/) !== null;
  const normal = Math.round((total - extended) * 1000) / 1000;
  return {
    type: 'bolus',
    subType: square ? 'square' : 'dual/square',
    normalUnits: square && normal === 0 ? null : normal,
    extendedUnits: extended,
    durationMs: minutes === null ? null : minutes * MS_PER_MINUTE,
  };
}

/**
 * True when a Tandem bolus row contains calculator input: carbs above 0, or a BG for a bolus
 * the user requested. An automatic bolus carries the CGM value it acted on, which is no input.
 */
export function hasWizardInput(cells: RowCells, columns: BolusColumns): boolean {
  const carbs = Number(cells.text(columns.carbs));
  if (Number.isFinite(carbs) && carbs > 0) {
    return true;
  }
  return cells.has(columns.bg) && columns.isAutomatic?.(cells) !== true;
}

/**
 * Reads the bolus calculator input of a Tandem row: carbs, BG and insulin on board. The caller
 * passes the recommendation and the ratio, because each file keeps them in its own way.
 */
export function parseTandemWizard(
  cells: RowCells,
  columns: BolusColumns,
  extra: { recommendedUnits: number | null; insulinCarbRatio: number | null },
): Body<WizardRecord> {
  const iob = columns.insulinOnBoard;
  return {
    type: 'wizard',
    carbsGrams: cells.number(columns.carbs, { min: 0, max: 1000, format: String }),
    bgInputMgDl: readBgInput(cells, columns.bg, columns.bgUnits ?? 'mg/dL'),
    insulinOnBoardUnits:
      iob === null ? null : cells.number(iob, { min: 0, max: 250, format: columns.formatUnits }),
    ...extra,
  };
}

/** Reads the BG entered for a bolus, in mg/dL. */
function readBgInput(cells: RowCells, name: string, units: GlucoseUnits): number | null {
  const mmol = units === 'mmol/L';
  const limit = mmol ? mgDlToMmolL(PLAUSIBILITY.glucoseMgDl.max) : PLAUSIBILITY.glucoseMgDl.max;
  const toMgDl = (value: number): number => (mmol ? mmolLToMgDl(value) : value);
  const value = cells.number(name, {
    min: 0,
    max: limit,
    format: (read) => formatGlucose(toMgDl(read), units),
  });
  return value === null ? null : toMgDl(value);
}
