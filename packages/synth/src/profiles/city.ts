import { ADULT_BEHAVIOUR, US_ZONES } from './defaults.ts';
import type { ProfileDefinition } from './types.ts';

/**
 * CITY randomized 153 people aged 14–24 with HbA1c 7.5–10.9% to CGM (Dexcom G5) or blood
 * glucose meters for 26 weeks. At baseline HbA1c was 8.9%, time in range 38%, time below
 * 70 mg/dL 3.4% and CV 42%. In the 12-month follow-up of the CGM group, time in range was
 * 38 ± 13% before randomization and did not improve significantly, while HbA1c fell to 8.3%.
 * Adolescents miss 4–5 meal boluses a week, and CGM wear in this age group wanes over months.
 */
export const CITY: ProfileDefinition = {
  id: 'city',
  title: 'CITY adolescents and young adults (14–24 years, injections or pump, Dexcom G5)',
  citation:
    'Laffel LM et al., "Effect of Continuous Glucose Monitoring on Glycemic Control in ' +
    'Adolescents and Young Adults With Type 1 Diabetes: A Randomized Clinical Trial", JAMA ' +
    '2020;323:2388–2396',
  diabetesType: 1,
  ageYears: { mean: 17, sd: 3, min: 14, max: 24 },
  population: {
    bodyWeightKg: { mean: 65, sd: 13, min: 40, max: 110 },
    // Puberty makes adolescents markedly insulin resistant.
    sensitivityScale: 0.38,
    sensitivityCv: 0.3,
    egpScale: 1,
    betaCellGain: 0,
  },
  dawnAmplitude: { mean: 0.28, sd: 0.1 },
  cgm: [{ value: 'dexcom-g5', weight: 1 }],
  pump: [
    { value: 'tandem-tslim-x2', weight: 0.4 },
    { value: 'medtronic-630g', weight: 0.35 },
    { value: 'omnipod-eros', weight: 0.25 },
  ],
  longActing: [{ value: 'glargine', weight: 1 }],
  timezones: US_ZONES,
  units: 'mg/dL',
  studyDays: 90,
  // Most keep their delivery method; some on injections start a pump during the three months,
  // and their pump weeks fall outside the published window.
  therapyPlans: [
    { value: [{ label: 'cgm', startDay: 0, startDaySd: 0, therapy: 'mdi' }], weight: 0.38 },
    {
      value: [
        { label: 'cgm', startDay: 0, startDaySd: 0, therapy: 'mdi' },
        { label: 'pump-start', startDay: 45, startDaySd: 12, therapy: 'pump' },
      ],
      weight: 0.07,
    },
    { value: [{ label: 'cgm', startDay: 0, startDaySd: 0, therapy: 'pump' }], weight: 0.55 },
  ],
  behaviour: {
    ...ADULT_BEHAVIOUR,
    wakeWeekday: { hour: 6.5, sdMinutes: 30 },
    wakeWeekend: { hour: 10, sdMinutes: 70 },
    sleepHours: { mean: 8, sd: 0.8 },
    mealCarbs: { breakfast: 45, lunch: 70, dinner: 85, snack: 30 },
    breakfastSkipProbability: 0.35,
    snacksPerDay: 1.8,
    carbUnderestimate: { mean: 0.27, sd: 0.12 },
    missedBolusesPerWeek: { mean: 4.5, cv: 0.6 },
    lateBolusShare: 0.2,
    preBolusShare: 0.08,
    snackBolusShare: 0.35,
    correction: { thresholdMgDl: 270, probabilityPerHour: 0.2, dose: 0.7 },
    hypo: { grams: 25, awakePerHour: 3, asleepPerHour: 1 },
    exercisePerWeek: 3,
    adherence: {
      mean: 0.55,
      sd: 0.15,
      weeklySd: 0.06,
      trend: [
        [0, 0.1],
        [21, 0.05],
        [90, -0.1],
      ],
    },
    logging: { insulin: 0.35, carbs: 0.08, exercise: 0.1, health: 0.1 },
    longActing: { hour: 21.5, sdMinutes: 70, missedPerMonth: 2.5 },
    clinicVisitDays: [45],
  },
  targets: [
    {
      phase: 'cgm',
      fromDay: 0,
      toDay: 89,
      metrics: {
        tirPercent: { mean: 38, sd: 13 },
        tbrPercent: { mean: 3.4, sd: null },
        cvPercent: { mean: 42, sd: null },
        gmiPercent: {
          mean: 8.9,
          sd: 0.9,
          note: 'HbA1c at randomization, compared with GMI',
          informational: true,
        },
      },
    },
  ],
};
