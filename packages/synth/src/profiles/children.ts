import { ADULT_BEHAVIOUR, US_ZONES } from './defaults.ts';
import type { ProfileDefinition } from './types.ts';

/**
 * The pediatric Control-IQ trial randomized 101 children aged 6–13 (3:1) to Control-IQ or a
 * sensor-augmented pump for 16 weeks. Time in range rose from 53 ± 17% to 67 ± 10% with the
 * closed loop (51 ± 16% to 55 ± 13% on the pump). Median time below 70 mg/dL was 1.6% and 1.8%,
 * and closed-loop mode ran a median 93% of the time. Children use about 0.7 U/kg/day of
 * insulin, 38% of it as basal. Here the first two weeks are on the pump alone.
 */
export const CHILDREN_CONTROL_IQ: ProfileDefinition = {
  id: 'children-control-iq',
  title: 'Children aged 6–13 starting Control-IQ',
  citation:
    'Breton MD et al., "A Randomized Trial of Closed-Loop Control in Children with Type 1 ' +
    'Diabetes", N Engl J Med 2020;383:836–845',
  diabetesType: 1,
  ageYears: { mean: 10, sd: 2, min: 6, max: 13 },
  population: {
    bodyWeightKg: { mean: 38, sd: 11, min: 18, max: 75 },
    sensitivityScale: 0.38,
    sensitivityCv: 0.3,
    egpScale: 0.85,
    betaCellGain: 0,
  },
  dawnAmplitude: { mean: 0.15, sd: 0.1 },
  cgm: [{ value: 'dexcom-g6', weight: 1 }],
  pump: [{ value: 'tandem-tslim-x2', weight: 1 }],
  longActing: [{ value: 'glargine', weight: 1 }],
  timezones: US_ZONES,
  units: 'mg/dL',
  studyDays: 90,
  therapyPlans: [
    {
      value: [
        { label: 'baseline', startDay: 0, startDaySd: 0, therapy: 'pump' },
        {
          label: 'control-iq',
          startDay: 14,
          startDaySd: 0,
          therapy: 'aid',
          algorithm: 'control-iq',
        },
      ],
      weight: 1,
    },
  ],
  behaviour: {
    ...ADULT_BEHAVIOUR,
    wakeWeekday: { hour: 6.75, sdMinutes: 20 },
    wakeWeekend: { hour: 7.75, sdMinutes: 40 },
    sleepHours: { mean: 9.5, sd: 0.5 },
    mealCarbs: { breakfast: 35, lunch: 45, dinner: 50, snack: 20 },
    snacksPerDay: 2,
    carbUnderestimate: { mean: 0.27, sd: 0.12 },
    missedBolusesPerWeek: { mean: 2.5, cv: 0.8 },
    lateBolusShare: 0.2,
    sensitivity: { dayCv: 0.22, weeklyDriftSd: 0.04, trendPerWeek: 0 },
    settingsError: {
      basal: { median: 0.95, cv: 0.22 },
      carbRatio: { median: 0.95, cv: 0.28 },
      isf: { median: 1.15, cv: 0.3 },
    },
    preBolusShare: 0.15,
    snackBolusShare: 0.4,
    hypo: { grams: 15, awakePerHour: 4, asleepPerHour: 2 },
    exercisePerWeek: 5,
    compressionLowsPerNight: 0.15,
    automationOffShare: 0.04,
  },
  targets: [
    { phase: 'baseline', fromDay: 0, toDay: 13, metrics: { tirPercent: { mean: 53, sd: 17 } } },
    {
      phase: 'control-iq',
      fromDay: 0,
      toDay: 89,
      metrics: {
        tirPercent: { mean: 67, sd: 10 },
        tbrPercent: { mean: 1.6, sd: null, note: 'median of the trial; no SD published' },
      },
    },
  ],
};
