import { wallTimeCandidates, type LocalTimeCandidates } from '@phoenix/domain';

const MS_PER_HOUR = 3_600_000;
/** Offset of the last second of a wall-clock hour from its start. */
const LAST_SECOND_MS = MS_PER_HOUR - 1000;

/**
 * Turns wall-clock times of one zone into UTC candidates, as `wallTimeCandidates` does, with a
 * cache for rows read in time order. When a second row falls in the wall-clock hour of the row
 * before it, the clock checks that the hour's first and last second both map to one instant
 * each with the same offset. If they do, every time of that hour maps with that offset, because
 * no zone changes its offset twice within an hour, and later rows of the hour skip the zone
 * lookups.
 */
export class ZoneClock {
  private lastHourMs = Number.NaN;
  /** Offset (local minus UTC) of `lastHourMs` in milliseconds, or null when not known exact. */
  private exactOffsetMs: number | null = null;
  private hourChecked = false;

  /** @param timezone IANA zone, already checked by the caller. */
  constructor(readonly timezone: string) {}

  /** Returns the UTC candidates of `wallMs` (a wall-clock time read as if it were UTC). */
  candidates(wallMs: number): LocalTimeCandidates {
    const hourMs = wallMs - positiveRemainder(wallMs, MS_PER_HOUR);
    if (hourMs === this.lastHourMs) {
      if (!this.hourChecked) {
        this.hourChecked = true;
        this.exactOffsetMs = this.exactHourOffset(hourMs);
      }
      if (this.exactOffsetMs !== null) {
        const instantMs = wallMs - this.exactOffsetMs;
        return { kind: 'exact', candidatesMs: [instantMs], instantMs };
      }
    } else {
      this.lastHourMs = hourMs;
      this.exactOffsetMs = null;
      this.hourChecked = false;
    }
    return wallTimeCandidates(wallMs, this.timezone);
  }

  /** Returns the offset of a wall-clock hour whose every time maps to one instant, else null. */
  private exactHourOffset(hourMs: number): number | null {
    const first = wallTimeCandidates(hourMs, this.timezone);
    const last = wallTimeCandidates(hourMs + LAST_SECOND_MS, this.timezone);
    if (first.kind !== 'exact' || last.kind !== 'exact') {
      return null;
    }
    const offsetMs = hourMs - first.instantMs;
    return hourMs + LAST_SECOND_MS - last.instantMs === offsetMs ? offsetMs : null;
  }
}

function positiveRemainder(value: number, divisor: number): number {
  const remainder = value % divisor;
  return remainder < 0 ? remainder + divisor : remainder;
}
