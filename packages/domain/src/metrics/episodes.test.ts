import { describe, expect, it } from 'vitest';

import { summarizeEpisodes } from './episode-summary.ts';
import { detectEpisodes, type EpisodeOptions } from './episodes.ts';
import { MINUTE_MS, outOfRangeSample, samplesEvery, valueSample } from './test-fixtures.ts';

const T0 = Date.UTC(2024, 0, 1, 12);
const DEXCOM: EpisodeOptions = { timezone: 'UTC', sampleIntervalMinutes: 5 };

function at(minutes: number): number {
  return T0 + minutes * MINUTE_MS;
}

describe('detectEpisodes', () => {
  it('bounds a level 1 hypo episode', () => {
    // 100 at 0..10, 65 at 15..30 (4 readings), 100 at 35..50.
    // Lows cover 15 minutes at the third low (25), so the episode starts at 15.
    // Back-in-range readings cover 15 minutes at 45, so it ends at the first of them, 35.
    const samples = samplesEvery(T0, 5, [100, 100, 100, 65, 65, 65, 65, 100, 100, 100, 100]);
    const episodes = detectEpisodes(samples, 'hypoLevel1', DEXCOM);

    expect(episodes).toHaveLength(1);
    expect(episodes[0]?.startMs).toBe(at(15));
    expect(episodes[0]?.endMs).toBe(at(35));
    expect(episodes[0]?.durationMinutes).toBe(20);
    expect(episodes[0]?.extremeMgDl).toBe(65);
    expect(episodes[0]?.endConfirmed).toBe(true);
  });

  it('needs 15 minutes to start', () => {
    // Two lows cover only 10 minutes.
    const samples = samplesEvery(T0, 5, [100, 65, 65, 100, 100, 100]);
    expect(detectEpisodes(samples, 'hypoLevel1', DEXCOM)).toEqual([]);
  });

  it('keeps one episode across a short return', () => {
    // Lows at 0..10, 100 at 15..20 (10 minutes back), lows at 25..35, 100 at 40..50.
    // The 10-minute return does not end it: one episode from 0 to 40.
    const samples = samplesEvery(T0, 5, [65, 65, 65, 100, 100, 65, 65, 65, 100, 100, 100]);
    const episodes = detectEpisodes(samples, 'hypoLevel1', DEXCOM);

    expect(episodes).toHaveLength(1);
    expect(episodes[0]?.startMs).toBe(at(0));
    expect(episodes[0]?.endMs).toBe(at(40));
  });

  it('counts a level 2 episode inside level 1', () => {
    // 65 at 0, 50 at 5..15, 65 at 20, 100 at 25..35.
    // Level 1: below 70 from 0, back at 25 -> 0..25. Level 2: below 54 from 5; 65 at 20 is
    // already back above 54, and 20..30 covers 15 minutes -> 5..20.
    const samples = samplesEvery(T0, 5, [65, 50, 50, 50, 65, 100, 100, 100]);
    const level1 = detectEpisodes(samples, 'hypoLevel1', DEXCOM);
    const level2 = detectEpisodes(samples, 'hypoLevel2', DEXCOM);

    expect(level1.map((episode) => [episode.startMs, episode.endMs])).toEqual([[at(0), at(25)]]);
    expect(level2.map((episode) => [episode.startMs, episode.endMs])).toEqual([[at(5), at(20)]]);
    expect(level2[0]?.extremeMgDl).toBe(50);
  });

  it('counts Low readings as level 2', () => {
    const samples = [
      ...[0, 5, 10].map((minute) => outOfRangeSample(at(minute), 'low', 40)),
      ...samplesEvery(at(15), 5, [100, 100, 100]),
    ];
    const episodes = detectEpisodes(samples, 'hypoLevel2', DEXCOM);

    expect(episodes).toHaveLength(1);
    expect(episodes[0]?.extremeMgDl).toBe(40);
  });

  it('finds extended hypoglycemia beyond 120 minutes', () => {
    // 24 lows cover exactly 120 minutes: not more than 120. A 25th makes 125.
    const back = [100, 100, 100];
    const exactly120 = samplesEvery(T0, 5, [...new Array<number>(24).fill(60), ...back]);
    const over120 = samplesEvery(T0, 5, [...new Array<number>(25).fill(60), ...back]);

    expect(detectEpisodes(exactly120, 'extendedHypo', DEXCOM)).toEqual([]);
    const episodes = detectEpisodes(over120, 'extendedHypo', DEXCOM);
    expect(episodes).toHaveLength(1);
    expect(episodes[0]?.startMs).toBe(at(0));
    expect(episodes[0]?.endMs).toBe(at(125));
  });

  it('finds hyperglycemia of both levels', () => {
    // 190 at 0..10, 260 at 15..25, 190 at 30..40, 150 at 45..55.
    // Level 1 (> 180): 0 to 45. Level 2 (> 250): 15 to 30, since 190 is back under 250.
    const samples = samplesEvery(
      T0,
      5,
      [190, 190, 190, 260, 260, 260, 190, 190, 190, 150, 150, 150],
    );
    const level1 = detectEpisodes(samples, 'hyperLevel1', DEXCOM);
    const level2 = detectEpisodes(samples, 'hyperLevel2', DEXCOM);

    expect(level1.map((episode) => [episode.startMs, episode.endMs])).toEqual([[at(0), at(45)]]);
    expect(level1[0]?.extremeMgDl).toBe(260);
    expect(level2.map((episode) => [episode.startMs, episode.endMs])).toEqual([[at(15), at(30)]]);
  });

  it('counts one 15-minute reading as 15 minutes', () => {
    // Libre 2 historic data: one low reading represents 15 minutes, and so does one back reading.
    const samples = samplesEvery(T0, 15, [100, 65, 100, 100]);
    const episodes = detectEpisodes(samples, 'hypoLevel1', {
      timezone: 'UTC',
      sampleIntervalMinutes: 15,
    });

    expect(episodes.map((episode) => [episode.startMs, episode.endMs])).toEqual([[at(15), at(30)]]);
  });

  it('ends episode at hour gap', () => {
    // Lows at 0..15, then nothing until 80 (65 minutes later). The episode ends where the
    // last low's 5 minutes end, at 20.
    const samples = [
      ...samplesEvery(T0, 5, [65, 65, 65, 65]),
      ...samplesEvery(at(80), 5, [100, 100, 100]),
    ];
    const episodes = detectEpisodes(samples, 'hypoLevel1', DEXCOM);

    expect(episodes).toHaveLength(1);
    expect(episodes[0]?.endMs).toBe(at(20));
    expect(episodes[0]?.endConfirmed).toBe(false);
  });

  it('does not join lows across a gap', () => {
    // Two lows, a 60-minute gap, one low: 10 then 5 minutes, never 15 in a row.
    const samples = [valueSample(at(0), 65), valueSample(at(5), 65), valueSample(at(65), 65)];
    expect(detectEpisodes(samples, 'hypoLevel1', DEXCOM)).toEqual([]);
  });

  it('ends open episode at data end', () => {
    // Lows at 0..10, 100 at 15: the recovery has begun but not lasted 15 minutes.
    const samples = samplesEvery(T0, 5, [65, 65, 65, 100]);
    const episodes = detectEpisodes(samples, 'hypoLevel1', DEXCOM);

    expect(episodes[0]?.endMs).toBe(at(15));
    expect(episodes[0]?.endConfirmed).toBe(false);
  });

  it('rejects an unknown zone', () => {
    expect(() => detectEpisodes([], 'hypoLevel1', { ...DEXCOM, timezone: 'Mars/Base' })).toThrow(
      /time zone/,
    );
  });
});

describe('summarizeEpisodes', () => {
  it('counts night-time episodes in the local zone', () => {
    // New York is UTC−5 in January. Episode A starts 05:00 UTC = 00:00 local (night);
    // episode B starts 11:00 UTC = 06:00 local (not night, 06:00 excluded).
    // Each: 3 lows then 3 readings of 100, so 15 minutes long.
    const episodeAt = (utcHour: number) =>
      samplesEvery(Date.UTC(2024, 0, 10, utcHour), 5, [60, 60, 60, 100, 100, 100]);
    const samples = [...episodeAt(5), ...episodeAt(11)];
    const summary = summarizeEpisodes(samples, {
      timezone: 'America/New_York',
      sampleIntervalMinutes: 5,
    });

    expect(summary.hypoLevel1.count).toBe(2);
    expect(summary.hypoLevel1.nightCount).toBe(1);
    expect(summary.hypoLevel1.nightPercent).toBe(50);
    expect(summary.hypoLevel1.totalDurationMinutes).toBe(30);
    expect(summary.hypoLevel1.meanDurationMinutes).toBe(15);
    expect(summary.hypoLevel1.episodes[0]?.startsAtNight).toBe(true);
    expect(summary.hypoLevel2.count).toBe(0);
    expect(summary.hyperLevel1.count).toBe(0);
  });

  it('returns empty summaries without readings', () => {
    const summary = summarizeEpisodes([], DEXCOM);

    expect(summary.hypoLevel1).toEqual({
      count: 0,
      totalDurationMinutes: 0,
      meanDurationMinutes: null,
      nightCount: 0,
      nightPercent: null,
      episodes: [],
    });
  });
});
