import type { GlucoseReading, OutOfRange } from '../api/types.ts';
import { MS_PER_MINUTE, timeZoneOffsetMs } from '../time/time-zone.ts';

/** Readings further apart than this are drawn with a gap between them. */
export const MAX_READING_GAP_MS = 15 * MS_PER_MINUTE;

/**
 * A reading placed on the chart. `timeMs` is the UTC instant. `plotMs` is the patient's local
 * wall-clock time written as if it were UTC, so a chart that formats in UTC shows local time.
 */
export interface TracePoint {
  timeMs: number;
  plotMs: number;
  valueMgDl: number;
}

/** An out-of-range reading (`Low` or `High`); `thresholdMgDl` is null when the source gave none. */
export interface OutOfRangePoint {
  timeMs: number;
  plotMs: number;
  kind: OutOfRange;
  thresholdMgDl: number | null;
}

/** Readings split for drawing: numeric runs without gaps, and out-of-range readings apart. */
export interface GlucoseTrace {
  /** Runs of numeric readings, each to be drawn as one unbroken line. */
  segments: TracePoint[][];
  outOfRange: OutOfRangePoint[];
  /** Pairs of consecutive readings more than `MAX_READING_GAP_MS` apart. */
  gapCount: number;
}

/**
 * Splits readings (sorted by time) into line segments and out-of-range points. A segment ends
 * at a gap of more than 15 minutes, at a reading without a numeric value, and where the local
 * clock goes back (the repeated hour in autumn), so no line is drawn across any of them.
 * Readings with neither a value nor an out-of-range flag are left out.
 */
export function buildGlucoseTrace(
  readings: readonly GlucoseReading[],
  timeZone: string,
): GlucoseTrace {
  const segments: TracePoint[][] = [];
  const outOfRange: OutOfRangePoint[] = [];
  let gapCount = 0;
  let current: TracePoint[] = [];
  let previousTimeMs: number | null = null;

  const closeSegment = () => {
    if (current.length > 0) {
      segments.push(current);
      current = [];
    }
  };

  for (const reading of readings) {
    const timeMs = Date.parse(reading.time);
    const plotMs = timeMs + timeZoneOffsetMs(timeZone, timeMs);

    if (previousTimeMs !== null && timeMs - previousTimeMs > MAX_READING_GAP_MS) {
      gapCount += 1;
      closeSegment();
    }
    previousTimeMs = timeMs;

    if (reading.outOfRange !== null) {
      closeSegment();
      outOfRange.push({
        timeMs,
        plotMs,
        kind: reading.outOfRange,
        thresholdMgDl: reading.thresholdMgDl,
      });
      continue;
    }
    if (reading.valueMgDl === null) {
      closeSegment();
      continue;
    }

    const last = current[current.length - 1];
    if (last !== undefined && plotMs <= last.plotMs) {
      closeSegment();
    }
    current.push({ timeMs, plotMs, valueMgDl: reading.valueMgDl });
  }
  closeSegment();

  return { segments, outOfRange, gapCount };
}
