import { MS_PER_DAY, MS_PER_MINUTE } from './time-zone.ts';

const MS_PER_HOUR = 60 * MS_PER_MINUTE;

/**
 * Formats how long ago an instant was, in whole units rounded down: "just now" under a
 * minute, then minutes, hours up to 48 hours, and days ("3 days ago"). An instant in the
 * future (a clock ahead of this one) also reads "just now".
 */
export function formatTimeAgo(nowMs: number, thenMs: number): string {
  const elapsedMs = nowMs - thenMs;
  if (elapsedMs < MS_PER_MINUTE) {
    return 'just now';
  }
  if (elapsedMs < MS_PER_HOUR) {
    return `${Math.floor(elapsedMs / MS_PER_MINUTE)} min ago`;
  }
  if (elapsedMs < 48 * MS_PER_HOUR) {
    return `${Math.floor(elapsedMs / MS_PER_HOUR)} h ago`;
  }
  const days = Math.floor(elapsedMs / MS_PER_DAY);
  return `${days.toLocaleString('en-GB')} days ago`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let cached = formatters.get(key);
  if (cached === undefined) {
    cached = new Intl.DateTimeFormat('en-GB', options);
    formatters.set(key, cached);
  }
  return cached;
}

/** Formats the calendar date of an instant in a time zone, for example "15 Oct 2019". */
export function formatZonedDate(timeZone: string, instantMs: number): string {
  return formatter(`date:${timeZone}`, {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(instantMs);
}

/** Formats the weekday and date of an instant in a time zone, for example "Tue 15 Oct". */
export function formatZonedWeekday(timeZone: string, instantMs: number): string {
  return formatter(`weekday:${timeZone}`, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  }).format(instantMs);
}

/** Formats the wall-clock time of an instant in a time zone, 24-hour, for example "07:05". */
export function formatZonedTime(timeZone: string, instantMs: number): string {
  return formatter(`time:${timeZone}`, {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instantMs);
}

/** Formats minutes since local midnight as "HH:MM", for example 390 → "06:30". */
export function formatMinuteOfDay(minuteOfDay: number): string {
  const hours = Math.floor(minuteOfDay / 60) % 24;
  const minutes = Math.floor(minuteOfDay % 60);
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}
