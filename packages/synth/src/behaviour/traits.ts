import { clamp, clampedNormal, logNormal } from '../random/distributions.ts';
import type { Random } from '../random/prng.ts';
import type { BehaviourSettings } from '../profiles/types.ts';

/** One patient's habits, drawn once from the profile's behaviour settings. */
export interface PatientTraits {
  /** Wake-up time on weekdays and weekends, minutes after local midnight. */
  wakeWeekdayMinute: number;
  wakeWeekendMinute: number;
  wakeSdMinutes: number;
  sleepMinutes: number;
  /** Multiplier of the profile's meal sizes. */
  carbScale: number;
  mealCarbCv: number;
  breakfastSkipProbability: number;
  snacksPerDay: number;
  /** Usual share by which this patient underestimates a 50 g meal. */
  carbUnderestimate: number;
  missedBolusesPerWeek: number;
  lateBolusShare: number;
  preBolusShare: number;
  snackBolusShare: number;
  correctionThresholdMgDl: number;
  correctionPerHour: number;
  /** Share of the calculated correction the patient actually takes. */
  correctionDose: number;
  hypoGrams: number;
  hypoAwakePerHour: number;
  hypoAsleepPerHour: number;
  exercisePerWeek: number;
  /** Multipliers of the true need that the patient's programmed settings carry. */
  settingsError: { basal: number; carbRatio: number; isf: number };
  /** The patient's own adherence level before weekly variation (0..1). */
  adherence: number;
  logging: { insulin: number; carbs: number; exercise: number; health: number };
  longActingMinute: number;
  longActingSdMinutes: number;
  longActingMissedPerMonth: number;
  /** Whether the patient has a menstrual cycle that shifts insulin sensitivity. */
  menstruating: boolean;
  cycleOffsetDays: number;
}

/** Draws a patient's traits from the profile's behaviour settings. */
export function drawTraits(random: Random, b: BehaviourSettings, ageYears: number): PatientTraits {
  const minuteOf = (hour: number): number => Math.round(hour * 60);
  const positive = (spread: { mean: number; sd: number }): number =>
    Math.max(0, spread.mean + spread.sd * (2 * random.uniform() - 1) * 1.7);
  const settingsError = b.settingsError;

  return {
    wakeWeekdayMinute: minuteOf(b.wakeWeekday.hour) + clampedNormal(random, 0, 40, -90, 90),
    wakeWeekendMinute: minuteOf(b.wakeWeekend.hour) + clampedNormal(random, 0, 50, -120, 120),
    wakeSdMinutes: b.wakeWeekday.sdMinutes,
    sleepMinutes: 60 * clampedNormal(random, b.sleepHours.mean, b.sleepHours.sd, 5, 10.5),
    carbScale: logNormal(random, 1, b.carbScaleCv),
    mealCarbCv: b.mealCarbCv,
    breakfastSkipProbability: clamp(b.breakfastSkipProbability * logNormal(random, 1, 0.6), 0, 0.9),
    snacksPerDay: b.snacksPerDay * logNormal(random, 1, 0.4),
    carbUnderestimate: clampedNormal(
      random,
      b.carbUnderestimate.mean,
      b.carbUnderestimate.sd,
      -0.1,
      0.6,
    ),
    // Drawn so that the cohort mean equals the profile's mean rate.
    missedBolusesPerWeek: logNormal(
      random,
      b.missedBolusesPerWeek.mean /
        Math.sqrt(1 + b.missedBolusesPerWeek.cv * b.missedBolusesPerWeek.cv),
      b.missedBolusesPerWeek.cv,
    ),
    lateBolusShare: clamp(b.lateBolusShare * logNormal(random, 1, 0.35), 0, 0.6),
    preBolusShare: clamp(b.preBolusShare * logNormal(random, 1, 0.5), 0, 0.9),
    snackBolusShare: clamp(b.snackBolusShare * logNormal(random, 1, 0.3), 0, 1),
    correctionThresholdMgDl: clampedNormal(random, b.correction.thresholdMgDl, 25, 150, 320),
    correctionPerHour: b.correction.probabilityPerHour * logNormal(random, 1, 0.7),
    correctionDose: clamp(b.correction.dose * logNormal(random, 1, 0.2), 0.3, 1.2),
    hypoGrams: b.hypo.grams * logNormal(random, 1, 0.25),
    hypoAwakePerHour: b.hypo.awakePerHour * logNormal(random, 1, 0.3),
    hypoAsleepPerHour: b.hypo.asleepPerHour * logNormal(random, 1, 0.4),
    exercisePerWeek: positive({ mean: b.exercisePerWeek, sd: b.exercisePerWeek * 0.4 }),
    // Settings far off the need do not survive years of use and clinic visits. Too much
    // insulin goes sooner than too little, because it causes lows: basal at most 1.3 times the
    // need, carb ratio at least 0.72 and correction factor at least 0.85 times theirs.
    settingsError: {
      basal: clamp(
        logNormal(random, settingsError.basal.median, settingsError.basal.cv),
        0.65,
        1.3,
      ),
      carbRatio: clamp(
        logNormal(random, settingsError.carbRatio.median, settingsError.carbRatio.cv),
        0.72,
        1.5,
      ),
      isf: clamp(logNormal(random, settingsError.isf.median, settingsError.isf.cv), 0.85, 1.6),
    },
    adherence: clampedNormal(random, b.adherence.mean, b.adherence.sd, 0.05, 1),
    logging: b.logging,
    longActingMinute: minuteOf(b.longActing.hour) + clampedNormal(random, 0, 60, -180, 180),
    longActingSdMinutes: b.longActing.sdMinutes,
    longActingMissedPerMonth: b.longActing.missedPerMonth * logNormal(random, 1, 0.6),
    menstruating: ageYears >= 12 && ageYears <= 50 && random.chance(0.5),
    cycleOffsetDays: random.integer(0, 27),
  };
}
