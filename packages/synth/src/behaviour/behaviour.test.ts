import { describe, expect, it } from 'vitest';
import { createPatient } from '../patient/create-patient.ts';
import { getProfile } from '../profiles/index.ts';
import { Random } from '../random/prng.ts';
import { runCohort } from '../report/cohort.ts';
import { estimateCarbs } from './carb-counting.ts';
import { lapseFactor } from './day-plan.ts';

describe('carb counting', () => {
  it('underestimates by a median of about a quarter', () => {
    const random = new Random('carbs');
    const ratios = Array.from({ length: 4001 }, () => {
      const grams = random.between(20, 100);
      return estimateCarbs(random, grams, 0.22) / grams;
    }).sort((a, b) => a - b);
    const median = ratios[2000]!;
    expect(1 - median).toBeGreaterThan(0.2);
    expect(1 - median).toBeLessThan(0.32);
  });

  it('underestimates large meals more', () => {
    const random = new Random('sizes');
    const mean = (grams: number): number => {
      let sum = 0;
      for (let i = 0; i < 2000; i += 1) {
        sum += estimateCarbs(random, grams, 0.22) / grams;
      }
      return sum / 2000;
    };
    expect(mean(120)).toBeLessThan(mean(40) - 0.1);
  });
});

describe('missed boluses', () => {
  it.each(['city', 'children-control-iq'])('%s patients draw the profile rate', (id) => {
    const profile = getProfile(id);
    let sum = 0;
    for (let index = 0; index < 300; index += 1) {
      sum += createPatient({ profile, seed: `rate/${index}`, days: 7 }).traits.missedBolusesPerWeek;
    }
    // Log-normal with CV at most 0.8: the SD of a mean of 300 draws is under 5%.
    const expected = profile.behaviour.missedBolusesPerWeek.mean;
    expect(sum / 300).toBeGreaterThan(expected * 0.88);
    expect(sum / 300).toBeLessThan(expected * 1.12);
  });

  it.each(['city', 't1dexi-pump'])('%s patients miss at their own rate', (id) => {
    const cohort = runCohort(getProfile(id), { patients: 16, days: 28, seed: 'missed' });
    let missed = 0;
    let expected = 0;
    for (const outcome of cohort.outcomes) {
      const { traits, evolution, profile } = outcome.patient;
      const lapses = evolution.adherenceByDay.map((adherence) =>
        lapseFactor(adherence, profile.behaviour.adherence.mean),
      );
      const meanLapse = lapses.reduce((total, lapse) => total + lapse, 0) / lapses.length;
      missed += outcome.missedBolusesPerWeek;
      expected += (traits.missedBolusesPerWeek * meanLapse * outcome.mealsPerDay * 7) / 20;
    }
    // Misses are binomial draws; over 16 patients × 4 weeks they stay within 25% of expected.
    expect(missed).toBeGreaterThan(expected * 0.75);
    expect(missed).toBeLessThan(expected * 1.25);
  });
});
