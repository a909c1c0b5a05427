import { clamp, normal, poisson } from '../random/distributions.ts';
import type { Random } from '../random/prng.ts';
import type { BehaviourSettings } from '../profiles/types.ts';
import { detExp } from '../random/det-math.ts';

/** A patient's course over the simulated days. Arrays are indexed by day (0-based). */
export interface PatientEvolution {
  /** Adherence (0..1) each day: weekly steps around the patient's level plus the profile trend. */
  adherenceByDay: number[];
  /** Multiplier of insulin sensitivity each day: slow drift times day-to-day variation. */
  sensitivityByDay: number[];
  /** Days of illness (insulin resistance, more glucose production). */
  illnessDays: Set<number>;
}

/** Interpolates a trend given as (day, shift) knots; 0 before the first and flat after the last. */
export function trendAt(knots: readonly (readonly [number, number])[], day: number): number {
  if (knots.length === 0) {
    return 0;
  }
  const first = knots[0] as readonly [number, number];
  if (day <= first[0]) {
    return first[1];
  }
  for (let i = 1; i < knots.length; i += 1) {
    const [d1, v1] = knots[i] as readonly [number, number];
    if (day <= d1) {
      const [d0, v0] = knots[i - 1] as readonly [number, number];
      return v0 + ((v1 - v0) * (day - d0)) / (d1 - d0);
    }
  }
  return (knots[knots.length - 1] as readonly [number, number])[1];
}

/**
 * Draws a patient's course over `days`. Adherence moves in weekly AR(1) steps toward the
 * patient's level shifted by the profile's trend. Sensitivity drifts as a weekly random walk
 * with the profile's trend and varies from day to day (log-normal). Illness comes as episodes
 * of 2–4 days at the profile's monthly rate.
 */
export function drawEvolution(
  random: Random,
  behaviour: BehaviourSettings,
  patientAdherence: number,
  days: number,
): PatientEvolution {
  const adherenceByDay: number[] = [];
  const sensitivityByDay: number[] = [];
  const weeks = Math.ceil(days / 7) + 1;

  let adherence = patientAdherence;
  let drift = 0;
  const weeklyAdherence: number[] = [];
  const weeklyDrift: number[] = [];
  for (let week = 0; week < weeks; week += 1) {
    const level = clamp(patientAdherence + trendAt(behaviour.adherence.trend, week * 7), 0.05, 1);
    adherence = clamp(
      adherence + 0.5 * (level - adherence) + normal(random, 0, behaviour.adherence.weeklySd),
      0.02,
      1,
    );
    weeklyAdherence.push(adherence);
    drift += normal(
      random,
      behaviour.sensitivity.trendPerWeek,
      behaviour.sensitivity.weeklyDriftSd,
    );
    weeklyDrift.push(drift);
  }
  const daySigma = behaviour.sensitivity.dayCv;
  for (let day = 0; day < days; day += 1) {
    const week = Math.floor(day / 7);
    adherenceByDay.push(weeklyAdherence[week] as number);
    const dayNoise = detExp(normal(random, 0, daySigma) - (daySigma * daySigma) / 2);
    sensitivityByDay.push(detExp(weeklyDrift[week] as number) * dayNoise);
  }

  const illnessDays = new Set<number>();
  const episodes = poisson(random, (behaviour.illnessPerMonth * days) / 30);
  for (let i = 0; i < episodes; i += 1) {
    const start = random.integer(0, Math.max(0, days - 1));
    const length = random.integer(2, 4);
    for (let day = start; day < Math.min(days, start + length); day += 1) {
      illnessDays.add(day);
    }
  }
  return { adherenceByDay, sensitivityByDay, illnessDays };
}
