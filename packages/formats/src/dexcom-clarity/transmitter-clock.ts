/**
 * Resolves local times in the repeated autumn hour from the Dexcom transmitter clock.
 *
 * A transmitter counts seconds since it started, independently of the phone's wall clock, so
 * within one transmitter `UTC seconds - transmitter seconds` is constant up to a few seconds of
 * drift. The two candidates of a repeated local time differ by 3,600 s, so the candidate whose
 * difference matches the transmitter's reference is the true instant.
 */

/** Largest distance, in seconds, between a candidate's clock difference and the reference. */
const MAX_DEVIATION_SEC = 600;

/** Outcome of `choose`: the chosen instant, no reference yet, or no candidate that fits. */
export type ClockChoice =
  { kind: 'chosen'; instantMs: number } | { kind: 'noReference' } | { kind: 'noFit' };

/** Reference clock differences per transmitter, learned from rows whose time is exact. */
export class TransmitterClock {
  private readonly differenceSec = new Map<string, number>();

  /** Records the clock difference of a row whose local time maps to one instant. */
  observe(transmitterId: string, transmitterTimeSec: number, utcMs: number): void {
    this.differenceSec.set(transmitterId, utcMs / 1000 - transmitterTimeSec);
  }

  /** Returns true when `transmitterId` has a reference difference. */
  has(transmitterId: string): boolean {
    return this.differenceSec.has(transmitterId);
  }

  /** Chooses among `candidatesMs` the instant that agrees with the transmitter clock. */
  choose(transmitterId: string, transmitterTimeSec: number, candidatesMs: number[]): ClockChoice {
    const reference = this.differenceSec.get(transmitterId);
    if (reference === undefined) {
      return { kind: 'noReference' };
    }

    let best: { instantMs: number; deviation: number } | null = null;
    for (const instantMs of candidatesMs) {
      const deviation = Math.abs(instantMs / 1000 - transmitterTimeSec - reference);
      if (best === null || deviation < best.deviation) {
        best = { instantMs, deviation };
      }
    }
    if (best === null || best.deviation > MAX_DEVIATION_SEC) {
      return { kind: 'noFit' };
    }
    return { kind: 'chosen', instantMs: best.instantMs };
  }
}
