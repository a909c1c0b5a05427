import { GLUCOSE_SERIES_ID } from '../chart/chart-style.ts';
import { outOfRangeLabel } from '../chart/out-of-range-groups.ts';
import { formatZonedTime } from '../time/format-time.ts';
import { formatValueInUnit, type GlucoseUnit } from '../units/glucose-units.ts';
import { DAILY_SERIES } from './daily-chart-style.ts';

interface TooltipItem {
  seriesId: string;
  value: number;
  timeMs: number;
}

function toItem(param: unknown): TooltipItem | null {
  if (typeof param !== 'object' || param === null) {
    return null;
  }
  const { seriesId, value } = param as { seriesId?: unknown; value?: unknown };
  if (typeof seriesId !== 'string' || !Array.isArray(value) || value.length < 3) {
    return null;
  }
  // Strokes (boluses, carbs) carry the amount as a fourth element, since their points start at 0.
  const [, plotted, timeMs, amount] = value as unknown[];
  const tooltipValue = typeof amount === 'number' ? amount : plotted;
  if (typeof tooltipValue !== 'number' || typeof timeMs !== 'number') {
    return null;
  }
  return { seriesId, value: tooltipValue, timeMs };
}

const OUT_OF_RANGE_ID = /^(low|high)-(\d+(?:\.\d+)?|unknown)$/;

/** Describes one item, or returns null for a series the tooltip does not know. */
function describeItem(item: TooltipItem, unit: GlucoseUnit): string | null {
  switch (item.seriesId) {
    case GLUCOSE_SERIES_ID:
      return `Glucose ${formatValueInUnit(item.value, unit)} ${unit}`;
    case DAILY_SERIES.fingerstick:
      return `Fingerstick ${formatValueInUnit(item.value, unit)} ${unit}`;
    case DAILY_SERIES.carbs:
      return `Carbs ${item.value} g`;
    case DAILY_SERIES.bolus:
      return `Bolus ${item.value} U`;
    case DAILY_SERIES.longActingBolus:
      return `Long-acting insulin ${item.value} U`;
    case DAILY_SERIES.extendedBolus:
      return `Extended bolus ${item.value} U`;
    case DAILY_SERIES.basal:
      return `Basal ${item.value} U/h`;
  }
  const match = OUT_OF_RANGE_ID.exec(item.seriesId);
  if (match === null) {
    return null;
  }
  const threshold = match[2] === 'unknown' ? null : Number(match[2]);
  return outOfRangeLabel(match[1] === 'low' ? 'low' : 'high', threshold, unit);
}

/**
 * Formats the daily chart's tooltip from ECharts formatter parameters: one line per series
 * under the pointer with its local time, for example "07:05 Bolus 8 U". Glucose values are
 * already in `unit`. The result is HTML built only from numbers and fixed labels.
 */
export function formatDailyTooltip(params: unknown, timeZone: string, unit: GlucoseUnit): string {
  const list = Array.isArray(params) ? params : [params];
  const lines: string[] = [];
  for (const param of list) {
    const item = toItem(param);
    const description = item === null ? null : describeItem(item, unit);
    if (item !== null && description !== null) {
      lines.push(`${formatZonedTime(timeZone, item.timeMs)} ${description}`);
    }
  }
  return lines.join('<br/>');
}
