import { glucoseValueForAverages, type GlucoseSample } from './glucose-sample.ts';
import { createLocalClock } from './local-clock.ts';
import { MS_PER_MINUTE } from './period.ts';
import { classifyGlucoseSample, type BandUnit, type GlucoseBand } from './ranges.ts';
import { weightSamplesByInterval, type WeightedSample } from './time-weighted.ts';

/**
 * Kinds of CGM episode, as defined by Battelino et al. ("Continuous glucose monitoring and
 * metrics for clinical trials: an international consensus statement", Lancet Diabetes
 * Endocrinol 2023). Hypoglycemia is level 1 below 70 and level 2 below 54 mg/dL.
 * Hyperglycemia is level 1 above 180 and level 2 above 250 mg/dL. Extended hypoglycemia is
 * more than 120 minutes below 70 mg/dL.
 */
export type EpisodeKind =
  'hypoLevel1' | 'hypoLevel2' | 'hyperLevel1' | 'hyperLevel2' | 'extendedHypo';

/** All episode kinds, in the order summaries list them. */
export const EPISODE_KINDS: readonly EpisodeKind[] = [
  'hypoLevel1',
  'hypoLevel2',
  'extendedHypo',
  'hyperLevel1',
  'hyperLevel2',
];

interface EpisodeRule {
  /** Bands beyond the threshold. */
  beyond: readonly GlucoseBand[];
  /** Minutes beyond the threshold before an episode begins. */
  startMinutes: number;
  /** True when the time beyond must exceed `startMinutes` rather than reach it. */
  startStrict: boolean;
  direction: 'hypo' | 'hyper';
}

/** Minutes back inside the threshold that end an episode. */
export const EPISODE_END_MINUTES = 15;

const EPISODE_RULES: Readonly<Record<EpisodeKind, EpisodeRule>> = {
  hypoLevel1: {
    beyond: ['veryLow', 'low'],
    startMinutes: 15,
    startStrict: false,
    direction: 'hypo',
  },
  hypoLevel2: { beyond: ['veryLow'], startMinutes: 15, startStrict: false, direction: 'hypo' },
  extendedHypo: {
    beyond: ['veryLow', 'low'],
    startMinutes: 120,
    startStrict: true,
    direction: 'hypo',
  },
  hyperLevel1: {
    beyond: ['high', 'veryHigh'],
    startMinutes: 15,
    startStrict: false,
    direction: 'hyper',
  },
  hyperLevel2: { beyond: ['veryHigh'], startMinutes: 15, startStrict: false, direction: 'hyper' },
};

/** One episode. Times are UTC epoch ms. */
export interface GlucoseEpisode {
  kind: EpisodeKind;
  /** Time of the first reading beyond the threshold. */
  startMs: number;
  /**
   * Time of the first reading back inside, when 15 minutes back inside confirmed the end.
   * Otherwise the end of the last reading's interval before a gap or the end of data.
   */
  endMs: number;
  durationMinutes: number;
  /** Lowest (hypo) or highest (hyper) glucose in mg/dL; `Low`/`High` count as the threshold. */
  extremeMgDl: number;
  /** False when a gap or the end of data cut the episode before 15 minutes back inside. */
  endConfirmed: boolean;
  /** Whether the episode started between 00:00 and 06:00 local time (06:00 excluded). */
  startsAtNight: boolean;
}

/** Options of the episode functions. */
export interface EpisodeOptions {
  /** IANA zone of the patient, for night-time; for example `America/New_York`. */
  timezone: string;
  /** The device's reading interval in minutes, so the maximum time one reading represents. */
  sampleIntervalMinutes: number;
  /** Readings further apart than this many minutes break an episode; 45 by default. */
  maxGapMinutes?: number;
  /** Unit whose band limits apply (see `BandUnit`); `mg/dL` by default. */
  unit?: BandUnit;
}

/**
 * Finds the episodes of one kind. An episode begins once readings beyond the threshold have
 * covered at least 15 minutes (more than 120 for extended hypoglycemia). It ends once readings
 * back inside have covered at least 15 minutes, so shorter returns do not split it. Each reading
 * covers the time to the next one, at most `sampleIntervalMinutes` (see
 * `weightSamplesByInterval`), so three 5-minute readings or one 15-minute reading make 15
 * minutes. A gap longer than `maxGapMinutes` ends an episode without confirmation.
 * Level 2 episodes also appear as level 1 episodes. Throws `InvalidTimeZoneError` for an
 * unknown zone and a RangeError for an interval that is not above 0.
 */
export function detectEpisodes(
  samples: readonly GlucoseSample[],
  kind: EpisodeKind,
  options: EpisodeOptions,
): GlucoseEpisode[] {
  const clock = createLocalClock(options.timezone);
  const weighted = weightSamplesByInterval(samples, {
    maxIntervalMinutes: options.sampleIntervalMinutes,
  });
  const tracker = new EpisodeTracker(kind, EPISODE_RULES[kind], options.unit ?? 'mg/dL');
  const maxGapMs = (options.maxGapMinutes ?? 45) * MS_PER_MINUTE;

  let previousMs: number | null = null;
  for (const reading of weighted) {
    if (previousMs !== null && reading.sample.timeMs - previousMs > maxGapMs) {
      tracker.interrupt();
    }
    tracker.add(reading);
    previousMs = reading.sample.timeMs;
  }
  tracker.interrupt();

  return tracker.episodes.map((episode) => ({
    ...episode,
    startsAtNight: clock(episode.startMs).hour < 6,
  }));
}

type OpenEpisode = Omit<GlucoseEpisode, 'startsAtNight'>;

/** State machine over time-ordered readings for one episode kind. */
class EpisodeTracker {
  readonly episodes: OpenEpisode[] = [];
  private runStartMs = 0;
  private runMinutes = 0;
  private runExtreme = 0;
  private current: { startMs: number; extremeMgDl: number; lastBeyondEndMs: number } | null = null;
  private recoveryStartMs: number | null = null;
  private recoveryMinutes = 0;

  constructor(
    private readonly kind: EpisodeKind,
    private readonly rule: EpisodeRule,
    private readonly unit: BandUnit,
  ) {}

  add({ sample, weightMinutes }: WeightedSample): void {
    const band = classifyGlucoseSample(sample, this.unit);
    const value = glucoseValueForAverages(sample) as number;
    const beyond = band !== null && this.rule.beyond.includes(band);

    if (this.current === null) {
      this.addOutside(sample.timeMs, value, weightMinutes, beyond);
    } else {
      this.addInside(sample.timeMs, value, weightMinutes, beyond);
    }
  }

  /** Ends any run or episode at a gap or at the end of data. */
  interrupt(): void {
    if (this.current !== null) {
      this.close(this.recoveryStartMs ?? this.current.lastBeyondEndMs, false);
    }
    this.runMinutes = 0;
  }

  private addOutside(timeMs: number, value: number, weightMinutes: number, beyond: boolean): void {
    if (!beyond) {
      this.runMinutes = 0;
      return;
    }
    if (this.runMinutes === 0) {
      this.runStartMs = timeMs;
      this.runExtreme = value;
    }
    this.runMinutes += weightMinutes;
    this.runExtreme = this.moreExtreme(this.runExtreme, value);

    const started = this.rule.startStrict
      ? this.runMinutes > this.rule.startMinutes
      : this.runMinutes >= this.rule.startMinutes;
    if (started) {
      this.current = {
        startMs: this.runStartMs,
        extremeMgDl: this.runExtreme,
        lastBeyondEndMs: timeMs + weightMinutes * MS_PER_MINUTE,
      };
      this.recoveryStartMs = null;
      this.recoveryMinutes = 0;
    }
  }

  private addInside(timeMs: number, value: number, weightMinutes: number, beyond: boolean): void {
    const current = this.current as NonNullable<EpisodeTracker['current']>;
    if (beyond) {
      current.extremeMgDl = this.moreExtreme(current.extremeMgDl, value);
      current.lastBeyondEndMs = timeMs + weightMinutes * MS_PER_MINUTE;
      this.recoveryStartMs = null;
      this.recoveryMinutes = 0;
      return;
    }
    this.recoveryStartMs ??= timeMs;
    this.recoveryMinutes += weightMinutes;
    if (this.recoveryMinutes >= EPISODE_END_MINUTES) {
      this.close(this.recoveryStartMs, true);
    }
  }

  private close(endMs: number, endConfirmed: boolean): void {
    const current = this.current as NonNullable<EpisodeTracker['current']>;
    this.episodes.push({
      kind: this.kind,
      startMs: current.startMs,
      endMs,
      durationMinutes: (endMs - current.startMs) / MS_PER_MINUTE,
      extremeMgDl: current.extremeMgDl,
      endConfirmed,
    });
    this.current = null;
    this.recoveryStartMs = null;
    this.recoveryMinutes = 0;
    this.runMinutes = 0;
  }

  private moreExtreme(a: number, b: number): number {
    return this.rule.direction === 'hypo' ? Math.min(a, b) : Math.max(a, b);
  }
}
