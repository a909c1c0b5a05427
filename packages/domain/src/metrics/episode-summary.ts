import {
  detectEpisodes,
  EPISODE_KINDS,
  type EpisodeKind,
  type EpisodeOptions,
  type GlucoseEpisode,
} from './episodes.ts';
import type { GlucoseSample } from './glucose-sample.ts';

/** Counts and durations of the episodes of one kind. */
export interface EpisodeSummary {
  count: number;
  /** Sum of episode durations in minutes. */
  totalDurationMinutes: number;
  /** Mean episode duration in minutes; null without episodes. */
  meanDurationMinutes: number | null;
  /** Episodes that started between 00:00 and 06:00 local time. */
  nightCount: number;
  /** 100 × night count / count; null without episodes. */
  nightPercent: number | null;
  episodes: GlucoseEpisode[];
}

/**
 * Detects the episodes of every kind with `detectEpisodes` and summarizes each kind.
 * Throws as `detectEpisodes` does.
 */
export function summarizeEpisodes(
  samples: readonly GlucoseSample[],
  options: EpisodeOptions,
): Record<EpisodeKind, EpisodeSummary> {
  const summaries = {} as Record<EpisodeKind, EpisodeSummary>;
  for (const kind of EPISODE_KINDS) {
    summaries[kind] = summarizeEpisodeList(detectEpisodes(samples, kind, options));
  }
  return summaries;
}

/** Summarizes a list of episodes of one kind. */
export function summarizeEpisodeList(episodes: readonly GlucoseEpisode[]): EpisodeSummary {
  let totalDurationMinutes = 0;
  let nightCount = 0;
  for (const episode of episodes) {
    totalDurationMinutes += episode.durationMinutes;
    if (episode.startsAtNight) {
      nightCount += 1;
    }
  }

  const count = episodes.length;
  return {
    count,
    totalDurationMinutes,
    meanDurationMinutes: count === 0 ? null : totalDurationMinutes / count,
    nightCount,
    nightPercent: count === 0 ? null : (100 * nightCount) / count,
    episodes: [...episodes],
  };
}
