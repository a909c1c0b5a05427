/** Formats a percentage with one decimal, for example "72.4%". */
export function formatPercent(percent: number): string {
  return `${percent.toFixed(1)}%`;
}

/**
 * Formats a share of the day as time per day, rounded to whole minutes: 10% of 24 hours is
 * "2 h 24 min", 0.5% is "7 min".
 */
export function formatTimePerDay(percent: number): string {
  const totalMinutes = Math.round((percent / 100) * 24 * 60);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0) {
    return `${minutes} min`;
  }
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

/** Formats a count with thousands separators, for example "4,032". */
export function formatCount(count: number): string {
  return count.toLocaleString('en-GB');
}

/** Formats a number of days, with one decimal only where it is not whole ("14", "13.9"). */
export function formatDays(days: number): string {
  const rounded = Math.round(days * 10) / 10;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}
