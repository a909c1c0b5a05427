import type { Random } from '../random/prng.ts';
import type { LocalClock } from '../records/local-clock.ts';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

/**
 * The clock of a pump that its user sets by hand. It starts a few minutes off, drifts by
 * seconds a week, and does not follow daylight-saving changes: after a change it shows the old
 * offset until the user resets it, a few hours to days later. NOTE: the sizes (±4 minutes at
 * start, ±3 s/day drift, reset within 0–3 days) are assumptions, not measured.
 */
export class PumpClock {
  private readonly initialErrorMs: number;
  private readonly driftMsPerDay: number;
  /** Offsets (minutes) the pump still shows after each zone change, with the reset time. */
  private readonly pendingChanges: {
    changeMs: number;
    resetMs: number;
    shownOffsetDelta: number;
  }[] = [];

  constructor(
    random: Random,
    private readonly zoneClock: LocalClock,
    private readonly startMs: number,
    endMs: number,
    automatic: boolean,
  ) {
    this.initialErrorMs = automatic ? 0 : Math.round(random.between(-240, 240)) * 1000;
    this.driftMsPerDay = automatic ? 0 : random.between(-3000, 3000);
    if (!automatic) {
      this.findChanges(random, startMs, endMs);
    }
  }

  /** Milliseconds the pump clock is ahead of true local time at `utcMs`. */
  errorMs(utcMs: number): number {
    let error = this.initialErrorMs + ((utcMs - this.startMs) / MS_PER_DAY) * this.driftMsPerDay;
    for (const change of this.pendingChanges) {
      if (utcMs >= change.changeMs && utcMs < change.resetMs) {
        error -= change.shownOffsetDelta * MS_PER_MINUTE;
      }
    }
    return Math.round(error);
  }

  /** Resets of the pump clock after zone changes, for `timeChange` device events. */
  resets(): { resetMs: number; correctionMinutes: number }[] {
    return this.pendingChanges.map((change) => ({
      resetMs: change.resetMs,
      correctionMinutes: change.shownOffsetDelta,
    }));
  }

  private findChanges(random: Random, startMs: number, endMs: number): void {
    let previous = this.zoneClock.offsetMinutes(startMs);
    for (let t = startMs; t < endMs; t += 3_600_000) {
      const offset = this.zoneClock.offsetMinutes(t);
      if (offset !== previous) {
        const resetMs = t + random.between(2, 72) * 3_600_000;
        this.pendingChanges.push({ changeMs: t, resetMs, shownOffsetDelta: offset - previous });
        previous = offset;
      }
    }
  }
}
