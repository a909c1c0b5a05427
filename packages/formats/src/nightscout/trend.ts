import type { Trend } from '@phoenix/domain';

/**
 * Dexcom trend arrows as Nightscout names them in `direction`, and the canonical trend of each.
 * xDrip+ adds triple arrows for faster changes, which the canonical model folds into the rapid
 * trends.
 */
const TREND_BY_DIRECTION: Readonly<Record<string, Trend | null>> = {
  TripleUp: 'rapidRise',
  DoubleUp: 'rapidRise',
  SingleUp: 'moderateRise',
  FortyFiveUp: 'slowRise',
  Flat: 'constant',
  FortyFiveDown: 'slowFall',
  SingleDown: 'moderateFall',
  DoubleDown: 'rapidFall',
  TripleDown: 'rapidFall',
  // Directions without an arrow. Both spellings of "not computable" occur in uploads.
  NONE: null,
  'NOT COMPUTABLE': null,
  NotComputable: null,
  'RATE OUT OF RANGE': null,
  RateOutOfRange: null,
};

/** The `direction` the writer gives each trend. */
export const DIRECTION_BY_TREND: Readonly<Record<Trend, string>> = {
  rapidRise: 'DoubleUp',
  moderateRise: 'SingleUp',
  slowRise: 'FortyFiveUp',
  constant: 'Flat',
  slowFall: 'FortyFiveDown',
  moderateFall: 'SingleDown',
  rapidFall: 'DoubleDown',
};

/**
 * Dexcom Share's numeric trend codes, which Loop also writes as `trend`: 1 DoubleUp to
 * 7 DoubleDown, 8 not computable, 9 rate out of range.
 */
const DIRECTION_BY_TREND_CODE: readonly string[] = [
  'NONE',
  'DoubleUp',
  'SingleUp',
  'FortyFiveUp',
  'Flat',
  'FortyFiveDown',
  'SingleDown',
  'DoubleDown',
  'NOT COMPUTABLE',
  'RATE OUT OF RANGE',
];

/**
 * Returns the canonical trend of a `direction` name: a trend, null for a known direction
 * without an arrow, or undefined for a name this module does not know.
 */
export function trendOfDirection(direction: string): Trend | null | undefined {
  return Object.hasOwn(TREND_BY_DIRECTION, direction) ? TREND_BY_DIRECTION[direction] : undefined;
}

/** Returns the direction name of a numeric trend code 0–9, or undefined for other values. */
export function directionOfTrendCode(code: unknown): string | undefined {
  return typeof code === 'number' && Number.isInteger(code)
    ? DIRECTION_BY_TREND_CODE[code]
    : undefined;
}
