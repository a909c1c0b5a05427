/**
 * Glucose unit conversion.
 *
 * The canonical unit is mg/dL held as a double. Integer mg/dL values are stored unchanged, and a
 * mmol/L value with one decimal is stored as `mmolLToMgDl(x)`, which `mgDlToMmolL` rounded to one
 * decimal turns back into the same value.
 */

/**
 * Milligrams per decilitre in one millimole per litre of glucose (molar mass 180.156 g/mol), the
 * factor Tidepool's data platform uses.
 */
export const MG_DL_PER_MMOL_L = 18.01559;

/** Converts a glucose concentration from mmol/L to mg/dL, unrounded. */
export function mmolLToMgDl(mmolL: number): number {
  return mmolL * MG_DL_PER_MMOL_L;
}

/** Converts a glucose concentration from mg/dL to mmol/L, unrounded. */
export function mgDlToMmolL(mgDl: number): number {
  return mgDl / MG_DL_PER_MMOL_L;
}
