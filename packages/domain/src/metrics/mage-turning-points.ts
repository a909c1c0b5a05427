/**
 * Finds the turning points of a glucose trace by the moving-average method (Fernandes et al.,
 * J Diabetes Sci Technol 2022). `values` is one segment on a regular grid, null where data is
 * missing. Returns the peak and nadir glucose values in time order.
 *
 * Both moving averages trail their point and skip missing values. Points before the first
 * full window take that window's average. Wherever short − long changes sign, a new stretch
 * begins. A stretch entered with short above long contains a peak (its maximum glucose), and
 * one entered with short below long contains a nadir. Each stretch is searched from the
 * previous turning point to the next crossing.
 */
export function findTurningPoints(
  values: readonly (number | null)[],
  shortWindow: number,
  longWindow: number,
): number[] {
  const shortAverage = trailingAverage(values, shortWindow);
  const longAverage = trailingAverage(values, longWindow);
  const delta = values.map((_, index) => {
    const short = shortAverage[index];
    const long = longAverage[index];
    return short === null || short === undefined || long === null || long === undefined
      ? null
      : short - long;
  });

  const crossings = findCrossings(values, delta);
  return pickExtrema(values, crossings);
}

interface Crossing {
  index: number;
  kind: 'peak' | 'nadir';
}

function findCrossings(
  values: readonly (number | null)[],
  delta: readonly (number | null)[],
): Crossing[] {
  const firstDelta = delta[0] ?? 0;
  const crossings: Crossing[] = [{ index: 0, kind: firstDelta > 0 ? 'peak' : 'nadir' }];
  // Zero deltas do not update the sign, so a touch without a crossing is no turning point.
  let lastSign = Math.sign(firstDelta);

  for (let index = 1; index < values.length; index += 1) {
    const current = delta[index];
    if (values[index] === null || current === null || current === undefined || current === 0) {
      continue;
    }
    const sign = Math.sign(current);
    if (lastSign !== 0 && sign !== lastSign) {
      crossings.push({ index, kind: sign > 0 ? 'peak' : 'nadir' });
    }
    lastSign = sign;
  }
  return crossings;
}

function pickExtrema(values: readonly (number | null)[], crossings: readonly Crossing[]): number[] {
  const extrema: number[] = [];
  let searchFrom = 0;

  crossings.forEach((crossing, position) => {
    const next = crossings[position + 1];
    const searchTo = next === undefined ? values.length - 1 : next.index;
    let bestIndex = -1;
    for (let index = searchFrom; index <= searchTo; index += 1) {
      const value = values[index];
      if (value === null || value === undefined) {
        continue;
      }
      const best = bestIndex < 0 ? null : (values[bestIndex] as number);
      if (best === null || (crossing.kind === 'peak' ? value > best : value < best)) {
        bestIndex = index;
      }
    }
    if (bestIndex >= 0) {
      extrema.push(values[bestIndex] as number);
      searchFrom = bestIndex;
    }
  });
  return extrema;
}

/**
 * Returns trailing means over `window` points, skipping nulls. Leading points copy the first
 * full window's mean.
 */
function trailingAverage(values: readonly (number | null)[], window: number): (number | null)[] {
  const averages: (number | null)[] = [];
  let sum = 0;
  let count = 0;

  for (let index = 0; index < values.length; index += 1) {
    const entering = values[index];
    if (entering !== null && entering !== undefined) {
      sum += entering;
      count += 1;
    }
    const leaving = values[index - window];
    if (index >= window && leaving !== null && leaving !== undefined) {
      sum -= leaving;
      count -= 1;
    }
    averages.push(count > 0 ? sum / count : null);
  }

  const firstFull = averages[window - 1];
  for (let index = 0; index < Math.min(window - 1, averages.length); index += 1) {
    averages[index] = firstFull ?? null;
  }
  return averages;
}
