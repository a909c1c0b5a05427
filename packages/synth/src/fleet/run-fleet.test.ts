import { describe, expect, it } from 'vitest';
import { runFleet, type FleetUpload } from './run-fleet.ts';

const MS_PER_MINUTE = 60_000;

/** Returns a clock that moves only when the fleet sleeps, so tests never wait. */
function fakeTime(startMs: number) {
  let nowMs = startMs;
  return {
    now: () => nowMs,
    sleep: async (ms: number) => {
      nowMs += ms;
    },
  };
}

describe('runFleet', () => {
  it('uploads the backfill, then new records each cycle', async () => {
    const time = fakeTime(Date.UTC(2025, 0, 15, 12));
    const uploads: FleetUpload[] = [];
    const controller = new AbortController();
    const result = await runFleet({
      patients: [{ patientId: 'p1', profile: 't1dexi-mdi', seed: 1 }],
      backfillDays: 1,
      speed: 60,
      ...time,
      signal: controller.signal,
      upload: async (batch) => {
        uploads.push(batch);
        if (uploads.length === 4) {
          controller.abort();
        }
      },
    });
    expect(result.uploads).toBe(4);
    expect(uploads[0]!.records.length).toBeGreaterThan(200);
    const lastBackfill = Date.parse(uploads[0]!.records.at(-1)!.time);
    expect(lastBackfill).toBeLessThanOrEqual(Date.UTC(2025, 0, 15, 12));
    for (const batch of uploads.slice(1)) {
      expect(batch.patientId).toBe('p1');
      expect(Date.parse(batch.records[0]!.time)).toBeGreaterThan(lastBackfill);
      expect(batch.records.length).toBeLessThan(20);
    }
  });

  it('retries records of a failed upload', async () => {
    const time = fakeTime(Date.UTC(2025, 0, 15, 12));
    const seen: string[][] = [];
    const controller = new AbortController();
    let calls = 0;
    const result = await runFleet({
      patients: [{ patientId: 'p1', profile: 'loop', seed: 2 }],
      backfillDays: 1,
      speed: 60,
      uploadIntervalMinutes: 5,
      ...time,
      signal: controller.signal,
      upload: async (batch) => {
        calls += 1;
        seen.push(batch.records.map((record) => record.id));
        if (calls === 1) {
          throw new Error('API unavailable');
        }
        controller.abort();
      },
    });
    expect(result.failedUploads).toBe(1);
    expect(result.uploads).toBe(1);
    expect(seen[1]!.slice(0, seen[0]!.length)).toEqual(seen[0]);
  });

  it('rejects a speed of zero', async () => {
    await expect(runFleet({ patients: [], speed: 0, upload: async () => {} })).rejects.toThrow(
      RangeError,
    );
  });

  it('keeps simulated time at speed times real time', async () => {
    const time = fakeTime(Date.UTC(2025, 0, 15, 12));
    const ends: number[] = [];
    const controller = new AbortController();
    await runFleet({
      patients: [{ patientId: 'p1', profile: 't1dexi-mdi', seed: 3 }],
      backfillDays: 1,
      speed: 12,
      uploadIntervalMinutes: 60,
      ...time,
      signal: controller.signal,
      upload: async (batch) => {
        ends.push(Date.parse(batch.records.at(-1)!.time));
        if (ends.length === 3) {
          controller.abort();
        }
      },
    });
    // Each cycle sleeps 60 / 12 = 5 real minutes, so 60 simulated minutes pass.
    expect(ends[2]! - ends[1]!).toBeLessThanOrEqual(60 * MS_PER_MINUTE);
    expect(ends[2]! - ends[1]!).toBeGreaterThan(50 * MS_PER_MINUTE);
  });
});
