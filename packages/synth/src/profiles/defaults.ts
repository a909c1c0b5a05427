import type { PopulationPhysiology } from '../physiology/population.ts';
import type { BehaviourSettings, WeightedChoice } from './types.ts';

/**
 * Behaviour of adults with type 1 diabetes, the base that profiles adjust. Carbs are
 * underestimated by a median of about 25–28%, more for large meals. Many adults miss a meal
 * bolus a week or more, and adolescents 4–5. T1DEXI participants logged about six sessions of
 * activity a week (Riddell et al., Diabetes Care 2023). NOTE: the carb and bolus figures come
 * from a summary of the literature, not from one paper. Wake times, meal sizes and a
 * hypoglycemia treatment of about 16 g are typical figures, not fitted to a study.
 */
export const ADULT_BEHAVIOUR: BehaviourSettings = {
  wakeWeekday: { hour: 6.75, sdMinutes: 30 },
  wakeWeekend: { hour: 8.25, sdMinutes: 50 },
  sleepHours: { mean: 7.3, sd: 0.7 },
  mealCarbs: { breakfast: 40, lunch: 55, dinner: 70, snack: 20 },
  carbScaleCv: 0.25,
  mealCarbCv: 0.35,
  breakfastSkipProbability: 0.15,
  snacksPerDay: 1.2,
  carbUnderestimate: { mean: 0.22, sd: 0.16 },
  missedBolusesPerWeek: { mean: 1, cv: 1 },
  lateBolusShare: 0.1,
  preBolusShare: 0.25,
  snackBolusShare: 0.6,
  correction: { thresholdMgDl: 220, probabilityPerHour: 0.8, dose: 0.8 },
  hypo: { grams: 16, awakePerHour: 2.5, asleepPerHour: 1 },
  exercisePerWeek: 3,
  settingsError: {
    basal: { median: 1, cv: 0.28 },
    carbRatio: { median: 0.87, cv: 0.28 },
    isf: { median: 1.15, cv: 0.3 },
  },
  adherence: { mean: 0.75, sd: 0.18, weeklySd: 0.05, trend: [] },
  logging: { insulin: 0.85, carbs: 0.15, exercise: 0.3, health: 0.3 },
  longActing: { hour: 22, sdMinutes: 40, missedPerMonth: 0.7 },
  sensitivity: { dayCv: 0.15, weeklyDriftSd: 0.03, trendPerWeek: 0 },
  illnessPerMonth: 0.3,
  compressionLowsPerNight: 0.1,
  clinicVisitDays: [45],
  automationOffShare: 0.03,
};

/** Adults with type 1 diabetes: 75 ± 14 kg and the sensitivity scale of `population.ts`. */
export const ADULT_T1D_POPULATION: PopulationPhysiology = {
  bodyWeightKg: { mean: 75, sd: 14, min: 45, max: 130 },
  sensitivityScale: 0.45,
  sensitivityCv: 0.3,
  egpScale: 1,
  betaCellGain: 0,
};

/** Zones of participants in trials run at centres across the United States. */
export const US_ZONES: readonly WeightedChoice<string>[] = [
  { value: 'America/New_York', weight: 0.45 },
  { value: 'America/Chicago', weight: 0.25 },
  { value: 'America/Denver', weight: 0.1 },
  { value: 'America/Los_Angeles', weight: 0.2 },
];
