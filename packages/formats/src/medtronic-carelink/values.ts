/**
 * Parsing and formatting of the numbers, times and durations in CareLink cells. Files separated
 * by `;` write a decimal comma (`1,9`), files separated by `,` a decimal point.
 */

const DECIMAL_POINT = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;
const DECIMAL_COMMA = /^[-+]?(\d+(,\d*)?|,\d+)$/;
const HMS = /^(\d+):([0-5]\d):([0-5]\d)$/;
const CLOCK_TIME = /^(\d{1,2}):([0-5]\d)(?::([0-5]\d))?$/;

/**
 * Parses a decimal number; a decimal comma is accepted when `decimalComma` is set. Returns NaN
 * for text that is not a number.
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

/**
 * Formats a number as CareLink writes insulin amounts and rates: rounded to 0.001 and without
 * trailing zeros (`1,9`, `20,494`, `0`).
 */
export function formatShortest(value: number, decimalComma: boolean): string {
  const rounded = Math.round(value * 1000) / 1000;
  const text = String(Object.is(rounded, -0) ? 0 : rounded);
  return decimalComma ? text.replace('.', ',') : text;
}

/** Formats a number with a fixed number of decimals, as CareLink writes carbs (`14,00`). */
export function formatFixed(value: number, decimals: number, decimalComma: boolean): string {
  const text = value.toFixed(decimals);
  return decimalComma ? text.replace('.', ',') : text;
}

/** Parses `h:mm:ss` (hours of any length) into milliseconds; returns NaN for anything else. */
export function parseHms(text: string): number {
  const match = HMS.exec(text.trim());
  if (match === null) {
    return Number.NaN;
  }
  const [hours, minutes, seconds] = match.slice(1).map(Number) as [number, number, number];
  return ((hours * 60 + minutes) * 60 + seconds) * 1000;
}

/** Formats milliseconds as `h:mm:ss`, hours unpadded, rounded to whole seconds. */
export function formatHms(ms: number): string {
  const totalSeconds = Math.round(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${hours}:${pad(minutes)}:${pad(seconds)}`;
}

/** Parses a Time cell (`23:09:51`, or `23:09` read as `23:09:00`) into `HH:mm:ss`, or null. */
export function parseClockTime(text: string): string | null {
  const match = CLOCK_TIME.exec(text.trim());
  if (match === null) {
    return null;
  }
  const hours = Number(match[1]);
  if (hours > 23) {
    return null;
  }
  return `${String(hours).padStart(2, '0')}:${match[2]}:${match[3] ?? '00'}`;
}

/** Formats a generated Index as CareLink writes it: `69,00000` or `69.00000`. */
export function formatIndex(index: number, decimalComma: boolean): string {
  return `${index}${decimalComma ? ',' : '.'}00000`;
}
