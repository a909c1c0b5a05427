/**
 * Glucose cells of Tandem files. Tandem pumps show Dexcom readings, which stop at 40 and 400
 * mg/dL; beyond that a file may write `Low`/`High` or a value just past the limit (39, 401).
 * Both become out-of-range readings with the 40 or 400 mg/dL threshold.
 */
import { mgDlToMmolL, mmolLToMgDl, PLAUSIBILITY, type GlucoseFields } from '@phoenix/domain';
import type { NumberRule, RowCells } from './row-cells.ts';
import { formatFixed } from './values.ts';

/** Reporting limits of Dexcom sensors, in mg/dL. */
export const LOW_THRESHOLD_MG_DL = 40;
export const HIGH_THRESHOLD_MG_DL = 400;

export type GlucoseUnits = 'mg/dL' | 'mmol/L';

/** Returns the glucose unit a header name carries (`Readings (mmol/L)`), mg/dL by default. */
export function unitsOfName(name: string): GlucoseUnits {
  return /mmol\/l/i.test(name) ? 'mmol/L' : 'mg/dL';
}

/** Formats glucose as Tandem writes it: whole mg/dL, or mmol/L with one decimal. */
export function formatGlucose(valueMgDl: number, units: GlucoseUnits): string {
  return units === 'mmol/L'
    ? formatFixed(mgDlToMmolL(valueMgDl), 1)
    : String(Math.round(valueMgDl));
}

/**
 * Returns the text written for an out-of-range reading when the record does not keep its own:
 * one past the threshold (39 and 401 for Dexcom's limits), as Dexcom's own relays write it.
 * NOTE: no Tandem export with an out-of-range reading was available, so whether Tandem writes
 * these numbers or `Low`/`High` is not established; the reader accepts both.
 */
export function outOfRangeText(
  outOfRange: 'low' | 'high',
  thresholdMgDl: number | null,
  units: GlucoseUnits,
): string {
  const low = outOfRange === 'low';
  const threshold = thresholdMgDl ?? (low ? LOW_THRESHOLD_MG_DL : HIGH_THRESHOLD_MG_DL);
  return formatGlucose(low ? threshold - 1 : threshold + 1, units);
}

/**
 * Reads a CGM or BG cell under `name` in `units`. `Low`/`High` (any case) and values below 40
 * or above 400 mg/dL become out-of-range readings. For those the cell is kept verbatim,
 * because the record no longer contains the number. Records an issue and returns null for
 * anything else.
 */
export function readTandemGlucose(
  cells: RowCells,
  name: string,
  units: GlucoseUnits,
): GlucoseFields | null {
  const text = cells.text(name);
  const label = text.toLowerCase();
  if (label === 'low' || label === 'high') {
    return outOfRange(label, units);
  }
  const value = cells.number(name, GLUCOSE_RULES[units]);
  if (value === null) {
    return null;
  }
  const valueMgDl = units === 'mmol/L' ? mmolLToMgDl(value) : value;
  const kind = outOfRangeKind(Math.round(valueMgDl));
  if (kind === null) {
    return { valueMgDl, outOfRange: null, thresholdMgDl: null, sourceUnits: units };
  }
  const fields = outOfRange(kind, units);
  if (text !== outOfRangeText(kind, fields.thresholdMgDl, units)) {
    cells.release(name);
  }
  return fields;
}

/** Limits and format of a glucose cell in each unit, built once rather than per row. */
const GLUCOSE_RULES: Record<GlucoseUnits, NumberRule> = {
  'mg/dL': {
    min: 0,
    max: PLAUSIBILITY.glucoseMgDl.max,
    required: true,
    format: (read) => formatGlucose(read, 'mg/dL'),
  },
  'mmol/L': {
    min: 0,
    max: mgDlToMmolL(PLAUSIBILITY.glucoseMgDl.max),
    required: true,
    format: (read) => formatGlucose(mmolLToMgDl(read), 'mmol/L'),
  },
};

function outOfRange(kind: 'low' | 'high', units: GlucoseUnits): GlucoseFields {
  const thresholdMgDl = kind === 'low' ? LOW_THRESHOLD_MG_DL : HIGH_THRESHOLD_MG_DL;
  return { valueMgDl: null, outOfRange: kind, thresholdMgDl, sourceUnits: units };
}

function outOfRangeKind(roundedMgDl: number): 'low' | 'high' | null {
  if (roundedMgDl < LOW_THRESHOLD_MG_DL) {
    return 'low';
  }
  if (roundedMgDl > HIGH_THRESHOLD_MG_DL) {
    return 'high';
  }
  return null;
}
