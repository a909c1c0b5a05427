/** Colours of the daily view's treatment series. */
export const DAILY_STYLE = {
  fastInsulinColor: '#2563eb',
  longInsulinColor: '#7c3aed',
  extendedBolusColor: '#93c5fd',
  carbsColor: '#d97706',
  basalColor: '#0e7490',
  basalFill: 'rgba(14, 116, 144, 0.2)',
  fingerstickColor: '#ffffff',
} as const;

/** Series IDs of the daily chart, beyond the glucose chart's own. */
export const DAILY_SERIES = {
  bolus: 'bolus',
  longActingBolus: 'long-acting-bolus',
  extendedBolus: 'extended-bolus',
  carbs: 'carbs',
  basal: 'basal',
  fingerstick: 'fingerstick',
} as const;

/** Returns the colour of a bolus by insulin kind: long-acting in violet, others in blue. */
export function bolusColor(insulinKind: string | null): string {
  return insulinKind !== null && /long/i.test(insulinKind)
    ? DAILY_STYLE.longInsulinColor
    : DAILY_STYLE.fastInsulinColor;
}
