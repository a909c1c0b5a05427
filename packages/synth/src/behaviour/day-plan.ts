import type { AbsorptionKind } from '../physiology/hovorka.ts';
import type { ExerciseIntensity, ExerciseKind } from '../physiology/exercise.ts';
import {
  clamp,
  clampedNormal,
  logNormal,
  normal,
  poisson,
  weightedIndex,
} from '../random/distributions.ts';
import type { Random } from '../random/prng.ts';
import type { BehaviourSettings } from '../profiles/types.ts';
import type { PatientTraits } from './traits.ts';

/** When a meal's bolus comes, relative to the meal. */
export type BolusTiming =
  | { kind: 'on-time' }
  | { kind: 'missed' }
  | { kind: 'late'; minutes: number }
  | { kind: 'pre'; minutes: number };

export type MealKind = 'breakfast' | 'lunch' | 'dinner' | 'snack';

/** A meal of the day; `minute` counts local wall-clock minutes from midnight. */
export interface PlannedMeal {
  minute: number;
  kind: MealKind;
  grams: number;
  /** Share of the carbohydrate in each absorption chain; the shares add up to 1. */
  absorption: Record<AbsorptionKind, number>;
  bolus: BolusTiming;
}

/** A session of activity and what the patient does about it. */
export interface PlannedExercise {
  minute: number;
  durationMinutes: number;
  kind: ExerciseKind;
  intensity: ExerciseIntensity;
  /** Carbohydrate eaten just before, grams (0 when none). */
  snackGrams: number;
  /** Whether a pump user sets a reduced temporary basal an hour before. */
  tempBasal: boolean;
}

/** Everything planned for one local day. Minutes may exceed 1440 (after midnight). */
export interface DayPlan {
  weekend: boolean;
  wakeMinute: number;
  bedMinute: number;
  meals: PlannedMeal[];
  exercise: PlannedExercise[];
  /** Long-acting dose: local minute, or null when forgotten or not on long-acting insulin. */
  longActingMinute: number | null;
}

/**
 * Returns how much more often than the profile's rates a patient lapses (misses or delays a
 * bolus) at `adherence` (0..1): 1 at the profile's mean adherence `reference`, less when more
 * adherent, more when less, within 0.3–2.5.
 */
export function lapseFactor(adherence: number, reference: number): number {
  return clamp(1 + 2.4 * (reference - adherence), 0.3, 2.5);
}

/** Plans one local day for a patient. `adherence` is the patient's level that week. */
export function planDay(
  random: Random,
  traits: PatientTraits,
  settings: BehaviourSettings,
  options: { weekend: boolean; adherence: number; longActing: boolean },
): DayPlan {
  const { weekend } = options;
  const wakeMinute = Math.round(
    normal(
      random,
      weekend ? traits.wakeWeekendMinute : traits.wakeWeekdayMinute,
      traits.wakeSdMinutes,
    ),
  );
  const bedMinute = Math.round(wakeMinute + 1440 - traits.sleepMinutes + normal(random, 0, 40));
  const lapse = lapseFactor(options.adherence, settings.adherence.mean);

  const meals = planMeals(random, traits, settings, wakeMinute, bedMinute, weekend, lapse);
  const exercise = planExercise(random, traits, wakeMinute, weekend);
  let longActingMinute: number | null = null;
  if (options.longActing) {
    const missed = random.chance((traits.longActingMissedPerMonth / 30) * lapse);
    longActingMinute = missed
      ? null
      : Math.round(normal(random, traits.longActingMinute, traits.longActingSdMinutes));
  }
  return { weekend, wakeMinute, bedMinute, meals, exercise, longActingMinute };
}

function planMeals(
  random: Random,
  traits: PatientTraits,
  settings: BehaviourSettings,
  wakeMinute: number,
  bedMinute: number,
  weekend: boolean,
  lapse: number,
): PlannedMeal[] {
  const sizes = settings.mealCarbs;
  const meals: PlannedMeal[] = [];
  const late = weekend ? 45 : 0;
  const add = (kind: MealKind, minute: number, median: number): void => {
    const grams = Math.round(
      clamp(logNormal(random, median * traits.carbScale, traits.mealCarbCv), 5, 250),
    );
    meals.push({
      minute: Math.round(minute),
      kind,
      grams,
      absorption: absorptionOf(random, kind),
      bolus: bolusTiming(random, traits, kind, lapse),
    });
  };

  if (!random.chance(traits.breakfastSkipProbability * (weekend ? 0.6 : 1))) {
    add('breakfast', wakeMinute + random.between(15, 60), sizes.breakfast);
  }
  add('lunch', clampedNormal(random, 750 + late, 40, 660, 900), sizes.lunch);
  add(
    'dinner',
    clampedNormal(random, 1125 + late, 45, 1020, 1290),
    sizes.dinner * (weekend ? 1.15 : 1),
  );

  const snacks = poisson(random, traits.snacksPerDay * (weekend ? 1.2 : 1));
  for (let i = 0; i < snacks; i += 1) {
    const minute = random.between(wakeMinute + 120, Math.max(wakeMinute + 150, bedMinute - 30));
    if (meals.every((meal) => Math.abs(meal.minute - minute) > 75)) {
      add('snack', minute, sizes.snack);
    }
  }
  meals.sort((a, b) => a.minute - b.minute);
  return meals;
}

/** Splits a meal's carbohydrate between the fast, mixed and slow absorption chains. */
function absorptionOf(random: Random, kind: MealKind): Record<AbsorptionKind, number> {
  if (kind === 'snack') {
    return random.chance(0.5)
      ? { fast: 0.6, mixed: 0.4, slow: 0 }
      : { fast: 0.1, mixed: 0.7, slow: 0.2 };
  }
  if (kind === 'dinner' && random.chance(0.3)) {
    // A meal high in fat and protein (pizza, pasta with cream) is absorbed slowly.
    return { fast: 0, mixed: 0.3, slow: 0.7 };
  }
  if (kind === 'breakfast') {
    return { fast: 0.35, mixed: 0.65, slow: 0 };
  }
  return { fast: 0.1, mixed: 0.6, slow: 0.3 };
}

function bolusTiming(
  random: Random,
  traits: PatientTraits,
  kind: MealKind,
  lapse: number,
): BolusTiming {
  if (kind === 'snack' && !random.chance(traits.snackBolusShare)) {
    return { kind: 'missed' };
  }
  // About 20 meals a week carry a bolus; the weekly rate becomes a per-meal probability.
  const missed = (traits.missedBolusesPerWeek / 20) * lapse;
  const choice = random.uniform();
  if (choice < missed) {
    return { kind: 'missed' };
  }
  if (choice < missed + traits.lateBolusShare * lapse) {
    return { kind: 'late', minutes: Math.round(random.between(15, 75)) };
  }
  if (choice < missed + traits.lateBolusShare * lapse + traits.preBolusShare / lapse) {
    return { kind: 'pre', minutes: Math.round(random.between(5, 20)) };
  }
  return { kind: 'on-time' };
}

const EXERCISE_KINDS: readonly ExerciseKind[] = ['aerobic', 'interval', 'resistance'];
const INTENSITIES: readonly ExerciseIntensity[] = ['Light', 'Medium', 'Heavy'];

function planExercise(
  random: Random,
  traits: PatientTraits,
  wakeMinute: number,
  weekend: boolean,
): PlannedExercise[] {
  if (!random.chance(Math.min(0.95, traits.exercisePerWeek / 7))) {
    return [];
  }
  let minute: number;
  if (weekend) {
    minute = random.between(wakeMinute + 90, wakeMinute + 300);
  } else if (random.chance(0.25)) {
    minute = wakeMinute + random.between(15, 60);
  } else {
    minute = random.between(1020, 1170);
  }
  return [
    {
      minute: Math.round(minute),
      durationMinutes: Math.round(random.between(25, 65)),
      kind: EXERCISE_KINDS[weightedIndex(random, [0.5, 0.25, 0.25])] as ExerciseKind,
      intensity: INTENSITIES[weightedIndex(random, [0.3, 0.5, 0.2])] as ExerciseIntensity,
      snackGrams: random.chance(0.35) ? Math.round(random.between(10, 30)) : 0,
      tempBasal: random.chance(0.35),
    },
  ];
}
