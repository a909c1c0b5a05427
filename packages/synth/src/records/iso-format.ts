/**
 * Formats instants as ISO 8601 text faster than `Date.prototype.toISOString`, by caching the
 * date part of the current day. Output equals `toISOString` (`2024-09-02T07:05:09.000Z`) and
 * its first 19 characters for years 1000–9999.
 */
const MS_PER_DAY = 86_400_000;

/** Caches of the date part: one for UTC instants, one for wall-clock times, which differ. */
class DayPrefixCache {
  private day = Number.NaN;
  private prefix = '';

  /** Returns `YYYY-MM-DDT` of the day containing `ms`. */
  prefixOf(ms: number): string {
    const day = Math.floor(ms / MS_PER_DAY);
    if (day !== this.day) {
      this.day = day;
      this.prefix = new Date(day * MS_PER_DAY).toISOString().slice(0, 11);
    }
    return this.prefix;
  }
}

const utcDays = new DayPrefixCache();
const wallDays = new DayPrefixCache();

const TWO_DIGITS: string[] = Array.from({ length: 60 }, (_, i) => (i < 10 ? `0${i}` : String(i)));

function clockText(ms: number): string {
  const secondsOfDay = Math.floor((ms - Math.floor(ms / MS_PER_DAY) * MS_PER_DAY) / 1000);
  const hours = Math.floor(secondsOfDay / 3600);
  const minutes = Math.floor((secondsOfDay - hours * 3600) / 60);
  const seconds = secondsOfDay - hours * 3600 - minutes * 60;
  return `${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}`;
}

/** Formats whole-second epoch milliseconds as `YYYY-MM-DDTHH:mm:ss.000Z`. */
export function isoUtcWholeSecond(ms: number): string {
  return `${utcDays.prefixOf(ms)}${clockText(ms)}.000Z`;
}

/** Formats whole-second wall-clock milliseconds (read as UTC) as `YYYY-MM-DDTHH:mm:ss`. */
export function localDateTimeWholeSecond(wallMs: number): string {
  return `${wallDays.prefixOf(wallMs)}${clockText(wallMs)}`;
}
