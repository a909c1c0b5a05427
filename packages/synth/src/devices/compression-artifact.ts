import { clamp, logNormal } from '../random/distributions.ts';
import type { Random } from '../random/prng.ts';

const MS_PER_MINUTE = 60_000;
/** Minutes of a night's sleep during which compression can start, for the start probability. */
const SLEEP_TICKS_PER_NIGHT = (7 * 60) / 5;
/** Minutes the reading takes to fall to its lowest and to recover. */
const RAMP_MINUTES = 10;

/**
 * Nocturnal compression lows: lying on the sensor squeezes interstitial fluid away and the
 * reading drops sharply, then recovers within minutes of turning over, while blood glucose is
 * unchanged. NOTE: episode length (median 35 minutes) and depth (readings at 45–75% of the
 * true value) are assumptions shaped after published CGM traces, not fitted to a study.
 */
export class CompressionArtifact {
  private episode: { startMs: number; endMs: number; depth: number } | null = null;

  constructor(
    private readonly random: Random,
    private readonly perNight: number,
  ) {}

  /**
   * Returns the factor (0..1] applied to the reading at `timeMs`, starting an episode now and
   * then while the patient sleeps.
   */
  factor(timeMs: number, asleep: boolean): number {
    if (this.episode !== null && timeMs >= this.episode.endMs) {
      this.episode = null;
    }
    if (this.episode === null) {
      if (!asleep || !this.random.chance(this.perNight / SLEEP_TICKS_PER_NIGHT)) {
        return 1;
      }
      const minutes = clamp(logNormal(this.random, 35, 0.5), 15, 120);
      this.episode = {
        startMs: timeMs,
        endMs: timeMs + minutes * MS_PER_MINUTE,
        depth: this.random.between(0.45, 0.75),
      };
    }
    const { startMs, endMs, depth } = this.episode;
    const sinceStart = (timeMs - startMs) / MS_PER_MINUTE;
    const untilEnd = (endMs - timeMs) / MS_PER_MINUTE;
    const ramp = Math.min(1, sinceStart / RAMP_MINUTES, untilEnd / RAMP_MINUTES);
    return 1 - (1 - depth) * ramp;
  }
}
