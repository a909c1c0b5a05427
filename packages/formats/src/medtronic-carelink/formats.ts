/**
 * CareLink's way of writing each kind of value, shared by the reader and the writer. The
 * reader keeps a cell verbatim when these rules would not reproduce it.
 */
import { mgDlToMmolL, mmolLToMgDl } from '@phoenix/domain';
import type { GlucoseUnits } from './columns.ts';
import { formatFixed, formatShortest } from './values.ts';

/** Formats glucose as CareLink does: whole mg/dL, or mmol/L with one decimal. */
export function formatGlucose(valueMgDl: number, units: GlucoseUnits, decimalComma: boolean) {
  if (units === 'mmol/L') {
    return formatFixed(mgDlToMmolL(valueMgDl), 1, decimalComma);
  }
  return String(Math.round(valueMgDl));
}

/** Converts a glucose value from the file's unit to mg/dL. */
export function toMgDl(value: number, units: GlucoseUnits): number {
  return units === 'mmol/L' ? mmolLToMgDl(value) : value;
}

/** Formats insulin amounts and rates: to 0.001 U without trailing zeros (`1,9`). */
export function formatUnits(value: number, decimalComma: boolean): string {
  return formatShortest(value, decimalComma);
}

/** Formats bolus wizard carbs and carb ratios with two decimals (`14,00`, `7,50`). */
export function formatCarbs(value: number, decimalComma: boolean): string {
  return formatFixed(value, 2, decimalComma);
}

/** Bolus Type texts of the 780G, by kind of bolus part. */
export const BOLUS_TYPE_TEXT = {
  normal: 'Normal',
  square: 'Square',
  dualNormal: 'Dual (normal part)',
  dualSquare: 'Dual (square part)',
} as const;

export type BolusPart = keyof typeof BOLUS_TYPE_TEXT;

/** Returns the bolus part a Bolus Type cell names (any case), or null for other text. */
export function parseBolusType(text: string): BolusPart | null {
  const lower = text.trim().toLowerCase();
  for (const [part, name] of Object.entries(BOLUS_TYPE_TEXT)) {
    if (name.toLowerCase() === lower) {
      return part as BolusPart;
    }
  }
  return null;
}

/** Bolus Source of the rows of the Aggregated Auto Insulin Data section. */
export const AUTO_INSULIN_SOURCE = 'CLOSED_LOOP_AUTO_INSULIN';

/**
 * True for a Suspend cell that ends a suspension. NOTE: `NORMAL_PUMPING` is the resume value
 * seen in CareLink exports of other pumps; no 780G resume row was available to confirm it.
 */
export function isResumeText(text: string): boolean {
  return /resume|normal_pumping/i.test(text);
}
