import type { CbgRecord } from '@phoenix/domain';
import { describe, expect, it } from 'vitest';
import { getProfile } from '../profiles/index.ts';
import { collectPatient } from '../test-helpers.ts';
import { CGM_SPECS, type CgmModel } from './cgm-specs.ts';

const MS_PER_MINUTE = 60_000;

function run(model: CgmModel, days: number, seed = 'sensor') {
  const { records, generated } = collectPatient({
    profile: getProfile('t1dexi-pump'),
    seed,
    days,
    cgmModel: model,
  });
  const readings = records.filter((record): record is CbgRecord => record.type === 'cbg');
  return { readings, sessions: generated.simulator.context.sensor.stats.sessions };
}

describe('CGM readings', () => {
  it.each(['dexcom-g6', 'libre-2', 'libre-3'] as const)(
    '%s values are integers in range or flagged',
    (model) => {
      const spec = CGM_SPECS[model];
      const { readings } = run(model, 10);
      expect(readings.length).toBeGreaterThan(500);
      for (const reading of readings) {
        if (reading.outOfRange === null) {
          expect(Number.isInteger(reading.valueMgDl)).toBe(true);
          expect(reading.valueMgDl).toBeGreaterThanOrEqual(spec.lowLimitMgDl);
          expect(reading.valueMgDl).toBeLessThanOrEqual(spec.highLimitMgDl);
          expect(reading.thresholdMgDl).toBeNull();
        } else {
          expect(reading.valueMgDl).toBeNull();
          expect(reading.thresholdMgDl).toBe(
            reading.outOfRange === 'low' ? spec.lowLimitMgDl : spec.highLimitMgDl,
          );
        }
      }
    },
  );

  it('Libre 2 stores a reading every 15 minutes', () => {
    const { readings } = run('libre-2', 4);
    const steps = readings
      .slice(1)
      .map((reading, i) => Date.parse(reading.time) - Date.parse(readings[i]!.time));
    const typical = steps.filter((step) => step < 20 * MS_PER_MINUTE);
    expect(typical.every((step) => Math.abs(step - 15 * MS_PER_MINUTE) <= 3000)).toBe(true);
  });

  it('Dexcom readings carry transmitter time in 300-second steps', () => {
    const { readings } = run('dexcom-g6', 3);
    for (let i = 1; i < readings.length; i += 1) {
      const previous = readings[i - 1]!;
      const current = readings[i]!;
      if (current.transmitterId === previous.transmitterId) {
        expect((current.transmitterTimeSec! - previous.transmitterTimeSec!) % 300).toBe(0);
      }
    }
  });
});

describe('sensor sessions', () => {
  it.each(['dexcom-g6', 'dexcom-g7', 'libre-2'] as const)(
    '%s sessions last at most their life',
    (model) => {
      const spec = CGM_SPECS[model];
      const { sessions } = run(model, 60, 'sessions');
      expect(sessions.length).toBeGreaterThanOrEqual(3);
      const lifeMs = (spec.sessionMinutes + spec.graceMinutes) * MS_PER_MINUTE;
      for (const session of sessions) {
        expect(session.warmupEndMs - session.insertedMs).toBe(spec.warmupMinutes * MS_PER_MINUTE);
        expect(session.endMs - session.insertedMs).toBeLessThanOrEqual(lifeMs);
        if (!session.endedEarly) {
          expect(session.endMs - session.insertedMs).toBe(lifeMs);
        }
      }
    },
  );

  it('no reading falls in a warm-up', () => {
    const { readings, sessions } = run('dexcom-g7', 30, 'warmup');
    for (const session of sessions) {
      const during = readings.filter((reading) => {
        const t = Date.parse(reading.time);
        return t >= session.insertedMs && t < session.warmupEndMs - 2000;
      });
      expect(during).toEqual([]);
    }
  });

  it('G7 sensors each have their own transmitter', () => {
    const { readings } = run('dexcom-g7', 30, 'g7');
    const transmitters = new Set(readings.map((reading) => reading.transmitterId));
    expect(transmitters.size).toBeGreaterThanOrEqual(3);
    expect([...transmitters].every((id) => /^\d{12}$/.test(id ?? ''))).toBe(true);
  });

  it('about 12% of G7 sensors end early', () => {
    let sessions = 0;
    let early = 0;
    for (let seed = 0; seed < 6; seed += 1) {
      const outcome = run('dexcom-g7', 90, `early-${seed}`);
      sessions += outcome.sessions.length;
      early += outcome.sessions.filter((session) => session.endedEarly).length;
    }
    // About 50 sessions: the binomial SD of the share is under 5 points.
    expect(sessions).toBeGreaterThan(40);
    expect(early / sessions).toBeGreaterThan(0.02);
    expect(early / sessions).toBeLessThan(0.25);
  });
});
