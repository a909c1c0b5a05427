import { mgDlToMmolL } from '@phoenix/domain/units';

/** Unit in which glucose values are shown. The API always sends mg/dL. */
export type GlucoseUnit = 'mg/dL' | 'mmol/L';

/** Converts a glucose value from mg/dL to `unit` (1 mmol/L = 18.01559 mg/dL), unrounded. */
export function convertFromMgDl(valueMgDl: number, unit: GlucoseUnit): number {
  return unit === 'mmol/L' ? mgDlToMmolL(valueMgDl) : valueMgDl;
}

/**
 * Formats a glucose value given in mg/dL as a number in `unit`: whole mg/dL, or mmol/L with one
 * decimal, as meters and reports show them (180 mg/dL → "180" or "10.0").
 */
export function formatGlucoseNumber(valueMgDl: number, unit: GlucoseUnit): string {
  return formatValueInUnit(convertFromMgDl(valueMgDl, unit), unit);
}

/** Formats a glucose value that is already in `unit`: whole mg/dL or mmol/L with one decimal. */
export function formatValueInUnit(value: number, unit: GlucoseUnit): string {
  return unit === 'mmol/L' ? value.toFixed(1) : String(Math.round(value));
}

/** Formats a glucose value given in mg/dL with its unit, for example "6.7 mmol/L". */
export function formatGlucose(valueMgDl: number, unit: GlucoseUnit): string {
  return `${formatGlucoseNumber(valueMgDl, unit)} ${unit}`;
}
