import { formatZonedDateTime } from '../time/time-zone.ts';
import { formatValueInUnit, type GlucoseUnit } from '../units/glucose-units.ts';
import { GLUCOSE_SERIES_ID } from './chart-style.ts';

/** Tooltip label of each series, by series ID. */
export type TooltipSeriesLabels = ReadonlyMap<string, string>;

interface TooltipItem {
  seriesId: string;
  value: [number, number, number];
}

function toTooltipItem(param: unknown): TooltipItem | null {
  if (typeof param !== 'object' || param === null) {
    return null;
  }
  const { seriesId, value } = param as { seriesId?: unknown; value?: unknown };
  if (typeof seriesId !== 'string' || !Array.isArray(value) || value.length < 3) {
    return null;
  }
  if (typeof value[1] !== 'number' || typeof value[2] !== 'number') {
    return null;
  }
  return { seriesId, value: value as TooltipItem['value'] };
}

/**
 * Formats the tooltip of the glucose chart from ECharts formatter parameters (one item or a
 * list): the reading's local time with zone abbreviation, then its value or, for an
 * out-of-range reading, its label. Returns an empty string when no reading is under the pointer.
 * The result is HTML built only from numbers and fixed labels.
 */
export function formatTraceTooltip(
  params: unknown,
  labels: TooltipSeriesLabels,
  timeZone: string,
  unit: GlucoseUnit,
): string {
  const list = Array.isArray(params) ? params : [params];
  const item = list.map(toTooltipItem).find((candidate) => candidate !== null);
  if (item === undefined || item === null) {
    return '';
  }

  const [, value, timeMs] = item.value;
  const time = formatZonedDateTime(timeZone, timeMs);
  const label = labels.get(item.seriesId) ?? item.seriesId;
  if (item.seriesId !== GLUCOSE_SERIES_ID) {
    return `${time}<br/>${label}`;
  }
  // Chart values are already in the unit shown.
  return `${time}<br/>${formatValueInUnit(value, unit)} ${unit}`;
}
