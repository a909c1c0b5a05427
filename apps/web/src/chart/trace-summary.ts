import type { TimePeriod } from '../range/date-range.ts';
import { formatZonedDateTime } from '../time/time-zone.ts';
import { formatGlucoseNumber, type GlucoseUnit } from '../units/glucose-units.ts';
import type { GlucoseTrace } from './glucose-trace.ts';

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? singular : pluralForm}`;
}

function describeValues(trace: GlucoseTrace, unit: GlucoseUnit): string {
  const values = trace.segments.flatMap((segment) => segment.map((point) => point.valueMgDl));
  if (values.length === 0) {
    return 'no readings with a glucose value';
  }
  // A loop, because spreading tens of thousands of values into Math.min can overflow the stack.
  let lowestMgDl = Number.POSITIVE_INFINITY;
  let highestMgDl = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    lowestMgDl = Math.min(lowestMgDl, value);
    highestMgDl = Math.max(highestMgDl, value);
  }
  const lowest = formatGlucoseNumber(lowestMgDl, unit);
  const highest = formatGlucoseNumber(highestMgDl, unit);
  return `${plural(values.length, 'reading')} from ${lowest} to ${highest} ${unit}`;
}

function describeOutOfRange(trace: GlucoseTrace): string | null {
  const lowCount = trace.outOfRange.filter((point) => point.kind === 'low').length;
  const highCount = trace.outOfRange.length - lowCount;
  if (lowCount + highCount === 0) {
    return null;
  }
  return `${lowCount} Low and ${highCount} High outside the sensor range`;
}

/**
 * Describes a CGM trace in one sentence for readers who cannot see the chart: the period in
 * local time, the number and spread of readings, the out-of-range readings and the gaps.
 */
export function describeGlucoseTrace(
  trace: GlucoseTrace,
  timeZone: string,
  unit: GlucoseUnit,
  period: TimePeriod,
): string {
  const from = formatZonedDateTime(timeZone, period.fromMs);
  const to = formatZonedDateTime(timeZone, period.toMs);
  const parts = [describeValues(trace, unit)];

  const outOfRange = describeOutOfRange(trace);
  if (outOfRange !== null) {
    parts.push(outOfRange);
  }
  parts.push(
    trace.gapCount === 0
      ? 'no gaps of more than 15 minutes'
      : `${plural(trace.gapCount, 'gap')} of more than 15 minutes`,
  );
  return `Glucose from ${from} to ${to}: ${parts.join(', ')}.`;
}
