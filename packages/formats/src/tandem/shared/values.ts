/** Parsing and formatting of the numbers in Tandem cells, which always use a decimal point. */

const DECIMAL = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;

/** Parses a decimal number; returns NaN for text that is not one. */
export function parseDecimal(text: string): number {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** Formats a number rounded to `maxDecimals` without trailing zeros (`0.04`, `100`). */
export function formatShortest(value: number, maxDecimals = 3): string {
  const factor = 10 ** maxDecimals;
  const rounded = Math.round(value * factor) / factor;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** Formats a number with a fixed number of decimals (`13.53`, `0.00`). */
export function formatFixed(value: number, decimals: number): string {
  return value.toFixed(decimals);
}
