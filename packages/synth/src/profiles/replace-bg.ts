import { ADULT_BEHAVIOUR, ADULT_T1D_POPULATION, US_ZONES } from './defaults.ts';
import type { ProfileDefinition } from './types.ts';

const ESTIMATE = 'estimate for a well-controlled pump cohort; not checked against the paper';

/**
 * REPLACE-BG randomized 226 adults (44 ± 14 years, diabetes for 24 ± 12 years) on insulin pumps
 * with HbA1c 7.0 ± 0.7% to Dexcom G4 Platinum (software 505) with or without confirmatory
 * fingersticks for 26 weeks. In both arms the sensor still asked for two calibrations a day.
 */
export const REPLACE_BG: ProfileDefinition = {
  id: 'replace-bg',
  title: 'REPLACE-BG adults on insulin pumps (Dexcom G4 Platinum)',
  citation:
    'Aleppo G et al., "REPLACE-BG: A Randomized Trial Comparing Continuous Glucose Monitoring ' +
    'With and Without Routine Blood Glucose Monitoring in Adults With Well-Controlled Type 1 ' +
    'Diabetes", Diabetes Care 2017;40:538–545',
  diabetesType: 1,
  ageYears: { mean: 44, sd: 14, min: 18, max: 80 },
  population: ADULT_T1D_POPULATION,
  dawnAmplitude: { mean: 0.18, sd: 0.1 },
  cgm: [{ value: 'dexcom-g4', weight: 1 }],
  pump: [
    { value: 'medtronic-530g', weight: 0.45 },
    { value: 'tandem-tslim-x2', weight: 0.2 },
    { value: 'omnipod-eros', weight: 0.35 },
  ],
  longActing: [{ value: 'glargine', weight: 1 }],
  timezones: US_ZONES,
  units: 'mg/dL',
  studyDays: 90,
  therapyPlans: [
    { value: [{ label: 'pump', startDay: 0, startDaySd: 0, therapy: 'pump' }], weight: 1 },
  ],
  behaviour: { ...ADULT_BEHAVIOUR, missedBolusesPerWeek: { mean: 0.7, cv: 1 } },
  targets: [
    {
      phase: 'pump',
      fromDay: 0,
      toDay: 89,
      metrics: {
        gmiPercent: {
          mean: 7.0,
          sd: 0.7,
          note: 'HbA1c at enrolment, compared with GMI',
          informational: true,
        },
        tirPercent: { mean: 63, sd: 13, note: ESTIMATE },
        tbrPercent: { mean: 3.5, sd: 2.8, note: ESTIMATE },
      },
    },
  ],
};
