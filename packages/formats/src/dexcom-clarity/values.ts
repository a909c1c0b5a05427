/** Parsing and formatting of the numbers and durations in Clarity cells. */

const DECIMAL_POINT = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;
const DECIMAL_COMMA = /^[-+]?(\d+(,\d*)?|,\d+)$/;
const INTEGER = /^[-+]?\d+$/;
const DURATION = /^(\d+):([0-5]\d):([0-5]\d)$/;

/**
 * Parses a decimal number; a decimal comma is accepted when `decimalComma` is set (files that
 * separate fields with `;`). Returns NaN for text that is not a number.
 */
export function parseDecimal(text: string, decimalComma: boolean): number {
  const trimmed = text.trim();
  if (DECIMAL_POINT.test(trimmed)) {
    return Number(trimmed);
  }
  if (decimalComma && DECIMAL_COMMA.test(trimmed)) {
    return Number(trimmed.replace(',', '.'));
  }
  return Number.NaN;
}

/** Parses an integer; returns NaN for anything else. */
export function parseInteger(text: string): number {
  const trimmed = text.trim();
  return INTEGER.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** Parses `hh:mm:ss` into milliseconds; returns NaN for anything else. */
export function parseDurationMs(text: string): number {
  const match = DURATION.exec(text.trim());
  if (match === null) {
    return Number.NaN;
  }
  const [hours, minutes, seconds] = match.slice(1).map(Number) as [number, number, number];
  return ((hours * 60 + minutes) * 60 + seconds) * 1000;
}

/** Formats milliseconds as `hh:mm:ss`, hours at least two digits, rounded to whole seconds. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.round(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
}

/**
 * Formats a number with `decimals` fixed decimals (or the shortest form when `decimals` is
 * null), with a decimal comma when `decimalComma` is set.
 */
export function formatNumber(
  value: number,
  decimals: number | null,
  decimalComma: boolean,
): string {
  const text = decimals === null ? String(value) : value.toFixed(decimals);
  return decimalComma ? text.replace('.', ',') : text;
}
