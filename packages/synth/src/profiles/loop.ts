import { ADULT_BEHAVIOUR, US_ZONES } from './defaults.ts';
import type { ProfileDefinition } from './types.ts';

/**
 * The Loop observational study: 558 children and adults (1–71 years, mean age 23) who started
 * the open-source Loop app, 90% with an Omnipod, followed for six months. Time in range rose
 * from 67 ± 16% before Loop to 73 ± 13%, and HbA1c fell from 6.8 ± 1.0% to 6.5 ± 0.8%. Median
 * time below 54 mg/dL was 0.40% at baseline. Loop modulated basal insulin a median 83% of the
 * time, and CGM was worn 96% of the time.
 */
export const LOOP: ProfileDefinition = {
  id: 'loop',
  title: 'Loop observational study (children and adults, open-source closed loop)',
  citation:
    'Lum JW et al., "A Real-World Prospective Study of the Safety and Effectiveness of the ' +
    'Loop Open Source Automated Insulin Delivery System", Diabetes Technol Ther 2021;23:367–375',
  diabetesType: 1,
  ageYears: { mean: 23, sd: 15, min: 4, max: 71 },
  population: {
    bodyWeightKg: { mean: 58, sd: 20, min: 18, max: 120 },
    sensitivityScale: 0.45,
    sensitivityCv: 0.3,
    egpScale: 1,
    betaCellGain: 0,
  },
  dawnAmplitude: { mean: 0.2, sd: 0.1 },
  cgm: [
    { value: 'dexcom-g6', weight: 0.9 },
    { value: 'dexcom-g5', weight: 0.1 },
  ],
  pump: [
    { value: 'omnipod-eros', weight: 0.9 },
    { value: 'medtronic-530g', weight: 0.1 },
  ],
  longActing: [{ value: 'glargine', weight: 1 }],
  timezones: US_ZONES,
  units: 'mg/dL',
  studyDays: 90,
  therapyPlans: [
    {
      value: [
        { label: 'baseline', startDay: 0, startDaySd: 0, therapy: 'pump' },
        { label: 'loop', startDay: 14, startDaySd: 0, therapy: 'aid', algorithm: 'loop' },
      ],
      weight: 1,
    },
  ],
  behaviour: {
    ...ADULT_BEHAVIOUR,
    carbUnderestimate: { mean: 0.18, sd: 0.1 },
    missedBolusesPerWeek: { mean: 0.5, cv: 1 },
    automationOffShare: 0.12,
  },
  targets: [
    { phase: 'baseline', fromDay: 0, toDay: 13, metrics: { tirPercent: { mean: 67, sd: 16 } } },
    {
      phase: 'loop',
      fromDay: 0,
      toDay: 89,
      metrics: {
        tirPercent: { mean: 73, sd: 13 },
        tbr54Percent: { mean: 0.4, sd: null, note: 'median of the study; no SD published' },
        gmiPercent: {
          mean: 6.5,
          sd: 0.8,
          note: 'HbA1c at six months, compared with GMI',
          informational: true,
        },
      },
    },
  ],
};
