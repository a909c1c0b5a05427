import type { OutOfRange } from '../api/types.ts';
import { formatGlucose, type GlucoseUnit } from '../units/glucose-units.ts';
import type { OutOfRangePoint } from './glucose-trace.ts';

/** Out-of-range readings of one kind that share one sensor threshold. */
export interface OutOfRangeGroup {
  kind: OutOfRange;
  thresholdMgDl: number | null;
  points: OutOfRangePoint[];
}

/**
 * Groups out-of-range readings by kind and threshold, `Low` groups first, thresholds ascending
 * and an unknown threshold last. Sensors differ (Dexcom reports `Low` below 40 and `High` above
 * 400 mg/dL, LibreView `HI` above 500), so each threshold gets its own legend entry.
 */
export function groupOutOfRange(points: readonly OutOfRangePoint[]): OutOfRangeGroup[] {
  const groups = new Map<string, OutOfRangeGroup>();
  for (const point of points) {
    const key = `${point.kind}:${point.thresholdMgDl ?? ''}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { kind: point.kind, thresholdMgDl: point.thresholdMgDl, points: [] };
      groups.set(key, group);
    }
    group.points.push(point);
  }
  return [...groups.values()].sort(compareGroups);
}

function compareGroups(a: OutOfRangeGroup, b: OutOfRangeGroup): number {
  if (a.kind !== b.kind) {
    return a.kind === 'low' ? -1 : 1;
  }
  const aThreshold = a.thresholdMgDl ?? Number.POSITIVE_INFINITY;
  const bThreshold = b.thresholdMgDl ?? Number.POSITIVE_INFINITY;
  return aThreshold - bThreshold;
}

/**
 * Label of an out-of-range group in the legend and the tooltip, for example
 * "Low (below 40 mg/dL)" or "High (above 22.2 mmol/L)".
 */
export function outOfRangeLabel(
  kind: OutOfRange,
  thresholdMgDl: number | null,
  unit: GlucoseUnit,
): string {
  const name = kind === 'low' ? 'Low' : 'High';
  const side = kind === 'low' ? 'below' : 'above';
  const limit = thresholdMgDl === null ? 'the sensor range' : formatGlucose(thresholdMgDl, unit);
  return `${name} (${side} ${limit})`;
}
