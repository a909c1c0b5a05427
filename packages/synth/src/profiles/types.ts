import type { CgmModel } from '../devices/cgm-specs.ts';
import type { PumpModel } from '../devices/pump-specs.ts';
import type { PopulationPhysiology } from '../physiology/population.ts';

/** How insulin is delivered in a phase of therapy. */
export type Therapy = 'mdi' | 'basal-only' | 'pump' | 'aid';

/** Automated insulin delivery algorithms the simulation models. */
export type AidAlgorithm = 'control-iq' | 'loop';

/** A value and the weight with which it is chosen. */
export interface WeightedChoice<T> {
  value: T;
  weight: number;
}

/** A mean and a between-patient SD. */
export interface Spread {
  mean: number;
  sd: number;
}

/** A log-normal spread: the median and the coefficient of variation (0.2 for 20%). */
export interface LogSpread {
  median: number;
  cv: number;
}

/** A stretch of the simulated period under one therapy. */
export interface TherapyPhase {
  /** Short name used in reports: `baseline`, `control-iq`. */
  label: string;
  /** Day (0-based) the phase starts, on average; the first phase starts at day 0. */
  startDay: number;
  /** SD of the start day between patients, days. */
  startDaySd: number;
  therapy: Therapy;
  algorithm?: AidAlgorithm;
}

/** Metrics with published targets. Percentages are of readings; glucose is mg/dL. */
export type TargetMetric =
  | 'meanMgDl'
  | 'cvPercent'
  | 'gmiPercent'
  | 'tirPercent'
  | 'tbrPercent'
  | 'tbr54Percent'
  | 'tarPercent'
  | 'tar250Percent'
  | 'gri';

/**
 * A published figure: the cohort mean and its between-participant SD. `sd` null means the
 * source gave no spread, and a fixed tolerance applies (see the report). `note` says where the
 * figure comes from when it is not stated in the profile's citation, or that it is an estimate.
 */
export interface MetricTarget {
  mean: number;
  sd: number | null;
  note?: string;
  /**
   * True for a figure shown beside the cohort but not assessed: an HbA1c compared with GMI,
   * which can differ from HbA1c by a point or more in a person (Bergenstal et al., Diabetes
   * Care 2018), so a cohort matching the study's time in range may miss its HbA1c.
   */
  informational?: boolean;
}

/** Targets for a window of days within a profile. */
export interface PhaseTargets {
  /** The therapy phase these targets describe. */
  phase: string;
  /** First and last day (0-based, inclusive) of the window, counted from the phase start. */
  fromDay: number;
  toDay: number;
  metrics: Partial<Record<TargetMetric, MetricTarget>>;
}

/** What patients of a profile do, as population means and spreads. */
export interface BehaviourSettings {
  /** Wake-up time on weekdays and weekends, local hours, and its SD in minutes. */
  wakeWeekday: { hour: number; sdMinutes: number };
  wakeWeekend: { hour: number; sdMinutes: number };
  /** Hours of sleep. */
  sleepHours: Spread;
  /** Median carbohydrate per meal, grams (before the patient's own scale). */
  mealCarbs: { breakfast: number; lunch: number; dinner: number; snack: number };
  /** Between-patient CV of meal size and within-patient CV of one meal. */
  carbScaleCv: number;
  mealCarbCv: number;
  breakfastSkipProbability: number;
  snacksPerDay: number;
  /**
   * Median share by which carbs are underestimated at a 50 g meal, and its between-patient SD.
   * Larger meals are underestimated more (see `carb-counting.ts`).
   */
  carbUnderestimate: Spread;
  /**
   * Missed meal boluses per week: the cohort mean at the profile's mean adherence, and the
   * between-patient CV (log-normal).
   */
  missedBolusesPerWeek: { mean: number; cv: number };
  /** Shares of meal boluses given 15–75 minutes late and 5–20 minutes early. */
  lateBolusShare: number;
  preBolusShare: number;
  /** Share of snacks that get a bolus. */
  snackBolusShare: number;
  /** Correction boluses: glucose above which a patient corrects and how promptly. */
  correction: { thresholdMgDl: number; probabilityPerHour: number; dose: number };
  /** Hypoglycemia treatment: median grams and hourly probability of acting awake and asleep. */
  hypo: { grams: number; awakePerHour: number; asleepPerHour: number };
  /** Exercise sessions per week. */
  exercisePerWeek: number;
  /**
   * Programmed settings as multiples of the patient's true need. Above 1 means more basal, or
   * a weaker carb ratio or correction factor (more grams or mg/dL per unit).
   */
  settingsError: { basal: LogSpread; carbRatio: LogSpread; isf: LogSpread };
  /** Adherence (0..1): mean, between-patient SD, week-to-week SD, and a trend over days. */
  adherence: {
    mean: number;
    sd: number;
    weeklySd: number;
    trend: readonly (readonly [number, number])[];
  };
  /** Probability that a patient on injections logs each event in the CGM app. */
  logging: { insulin: number; carbs: number; exercise: number; health: number };
  /** Long-acting insulin: local hour, timing SD in minutes, missed doses per month. */
  longActing: { hour: number; sdMinutes: number; missedPerMonth: number };
  /** Day-to-day CV of insulin sensitivity, and its drift: SD per week and trend per week. */
  sensitivity: { dayCv: number; weeklyDriftSd: number; trendPerWeek: number };
  illnessPerMonth: number;
  compressionLowsPerNight: number;
  /** Days (from the start) on which a clinician reviews the settings, before jitter. */
  clinicVisitDays: readonly number[];
  /** Share of time an automated-delivery user switches automation off by choice. */
  automationOffShare: number;
}

/** A population of virtual patients grounded in a published dataset or trial. */
export interface ProfileDefinition {
  id: string;
  title: string;
  /** The dataset or trial, with authors, journal and year. */
  citation: string;
  diabetesType: 1 | 2;
  ageYears: { mean: number; sd: number; min: number; max: number };
  population: PopulationPhysiology;
  /** Peak rise of endogenous production at dawn, as a fraction. */
  dawnAmplitude: Spread;
  cgm: readonly WeightedChoice<CgmModel>[];
  pump: readonly WeightedChoice<PumpModel>[];
  longActing: readonly WeightedChoice<'glargine' | 'degludec'>[];
  timezones: readonly WeightedChoice<string>[];
  units: 'mg/dL' | 'mmol/L';
  /** Length of the source study's observation, days (the CLI default). */
  studyDays: number;
  /**
   * Courses of therapy, one drawn per patient by weight: the phases in order, the first
   * starting at day 0. Alternatives share phase labels, so targets apply to all of them.
   */
  therapyPlans: readonly WeightedChoice<readonly TherapyPhase[]>[];
  behaviour: BehaviourSettings;
  targets: readonly PhaseTargets[];
}
