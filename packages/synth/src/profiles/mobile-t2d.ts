import { ADULT_BEHAVIOUR, US_ZONES } from './defaults.ts';
import type { ProfileDefinition } from './types.ts';

/**
 * MOBILE: 175 adults with type 2 diabetes (57 ± 9 years) on one or two daily injections of
 * basal insulin without prandial insulin, in primary care, randomized to Dexcom G6 or meters
 * for eight months. HbA1c fell from 9.1% to 8.0% with CGM; time in range was 59% with CGM
 * against 43% with meters. A follow-up reports time in range 38% before CGM and 62% after eight
 * months, and a three-month analysis found most of the gain within weeks. Participants were
 * taught to titrate their basal dose to fasting glucose. Here days 0–13 are the first two
 * weeks of CGM and days 60–89 the third month.
 */
export const MOBILE_T2D: ProfileDefinition = {
  id: 'mobile-t2d',
  title: 'MOBILE adults with type 2 diabetes on basal insulin (Dexcom G6)',
  citation:
    'Martens T et al., "Effect of Continuous Glucose Monitoring on Glycemic Control in Patients ' +
    'With Type 2 Diabetes Treated With Basal Insulin: A Randomized Clinical Trial", JAMA ' +
    '2021;325:2262–2272',
  diabetesType: 2,
  ageYears: { mean: 57, sd: 9, min: 30, max: 80 },
  population: {
    bodyWeightKg: { mean: 98, sd: 20, min: 60, max: 170 },
    sensitivityScale: 0.15,
    sensitivityCv: 0.35,
    egpScale: 1.2,
    betaCellGain: 4,
  },
  dawnAmplitude: { mean: 0.25, sd: 0.1 },
  cgm: [{ value: 'dexcom-g6', weight: 1 }],
  pump: [],
  longActing: [
    { value: 'glargine', weight: 0.7 },
    { value: 'degludec', weight: 0.3 },
  ],
  timezones: US_ZONES,
  units: 'mg/dL',
  studyDays: 90,
  therapyPlans: [
    { value: [{ label: 'basal', startDay: 0, startDaySd: 0, therapy: 'basal-only' }], weight: 1 },
  ],
  behaviour: {
    ...ADULT_BEHAVIOUR,
    wakeWeekday: { hour: 6.5, sdMinutes: 40 },
    mealCarbs: { breakfast: 45, lunch: 60, dinner: 75, snack: 25 },
    snacksPerDay: 1.5,
    exercisePerWeek: 1,
    settingsError: {
      basal: { median: 0.8, cv: 0.25 },
      carbRatio: { median: 1, cv: 0.2 },
      isf: { median: 1, cv: 0.2 },
    },
    adherence: {
      mean: 0.7,
      sd: 0.15,
      weeklySd: 0.05,
      trend: [
        [0, 0],
        [30, 0.1],
        [90, 0.05],
      ],
    },
    logging: { insulin: 0.4, carbs: 0.05, exercise: 0.05, health: 0.05 },
    longActing: { hour: 21, sdMinutes: 60, missedPerMonth: 1.5 },
    hypo: { grams: 20, awakePerHour: 4, asleepPerHour: 1.5 },
    clinicVisitDays: [],
  },
  targets: [
    {
      phase: 'basal',
      fromDay: 0,
      toDay: 13,
      metrics: {
        tirPercent: { mean: 40, sd: 22, note: 'time in range before CGM, 38–44% in the follow-up' },
        gmiPercent: {
          mean: 9.1,
          sd: 0.9,
          note: 'HbA1c at baseline, compared with GMI',
          informational: true,
        },
      },
    },
    {
      phase: 'basal',
      fromDay: 60,
      toDay: 89,
      metrics: {
        tirPercent: { mean: 58, sd: 22, note: '59% at eight months; SD an estimate' },
        tbrPercent: { mean: 0.3, sd: null, note: 'estimate: little hypoglycemia on basal insulin' },
      },
    },
  ],
};
