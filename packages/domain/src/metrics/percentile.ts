/**
 * Returns the percentile of ascending-sorted values by linear interpolation between order
 * statistics (Hyndman and Fan type 7, the default of R and of NumPy). The position is
 * h = (n − 1) × p / 100 and the value x[⌊h⌋] + (h − ⌊h⌋) × (x[⌊h⌋ + 1] − x[⌊h⌋]).
 * Returns null for an empty list.
 * `sortedValues` must be sorted ascending; `percent` is 0..100.
 */
export function percentileOfSorted(
  sortedValues: readonly number[],
  percent: number,
): number | null {
  if (sortedValues.length === 0) {
    return null;
  }
  const position = ((sortedValues.length - 1) * percent) / 100;
  const lowerIndex = Math.floor(position);
  const lower = sortedValues[lowerIndex] as number;
  const upper = sortedValues[Math.min(lowerIndex + 1, sortedValues.length - 1)] as number;
  return lower + (position - lowerIndex) * (upper - lower);
}
