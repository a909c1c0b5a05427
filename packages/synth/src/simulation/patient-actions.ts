import { estimateCarbs } from '../behaviour/carb-counting.ts';
import type { PlannedExercise, PlannedMeal } from '../behaviour/day-plan.ts';
import type { CgmReading } from '../devices/cgm-sensor.ts';
import { roundTo } from '../patient/therapy-settings.ts';
import { addBolus, addCarbs, type AbsorptionKind } from '../physiology/hovorka.ts';
import { logNormal } from '../random/distributions.ts';
import {
  currentSettings,
  isAsleep,
  usesPump,
  type SimulationContext,
} from './simulation-context.ts';

const MS_PER_MINUTE = 60_000;
/** A reading older than this is not used for dosing or automation, minutes. */
const FRESH_READING_MINUTES = 11;
const ABSORPTION_KINDS: readonly AbsorptionKind[] = ['fast', 'mixed', 'slow'];

/** Returns the latest CGM reading if it is recent enough to dose by, else null. */
export function freshReading(context: SimulationContext, utcMs: number): CgmReading | null {
  const latest = context.sensor.latest;
  if (latest === null || utcMs - latest.timeMs > FRESH_READING_MINUTES * MS_PER_MINUTE) {
    return null;
  }
  return latest;
}

/** Puts a meal's carbohydrate into the gut, split over the absorption chains. */
export function eatMeal(context: SimulationContext, meal: PlannedMeal): void {
  for (const kind of ABSORPTION_KINDS) {
    const share = meal.absorption[kind];
    if (share > 0) {
      addCarbs(context.state, context.patient.parameters, meal.grams * share, kind);
    }
  }
  context.counters.carbsGrams += meal.grams;
}

/**
 * Gives the bolus for a meal. On injections it is the counted carbs over the carb ratio, plus a
 * correction when glucose is high, rounded to half units. On a pump it is what the bolus
 * calculator recommends (carbs, and the correction less insulin on board), mostly accepted as
 * is, and for slowly absorbed meals sometimes split into an extended bolus.
 */
export function mealBolus(context: SimulationContext, meal: PlannedMeal, utcMs: number): void {
  if (context.therapy === 'basal-only') {
    return;
  }
  const random = context.random.doses;
  const traits = context.patient.traits;
  const settings = currentSettings(context);
  const counted = estimateCarbs(random, meal.grams, traits.carbUnderestimate);
  const reading = freshReading(context, utcMs);
  const morning = meal.minute < 600 ? settings.morningCarbRatioFactor : 1;
  const carbRatio = settings.carbRatioGramsPerUnit * morning;

  if (!usesPump(context)) {
    let units = counted / carbRatio;
    if (reading !== null && reading.displayMgDl > settings.targetMgDl + 40) {
      units +=
        ((reading.displayMgDl - settings.targetMgDl) / settings.isfMgDlPerUnit) *
        traits.correctionDose;
    }
    penBolus(context, utcMs, units);
    if (random.chance(traits.logging.carbs)) {
      context.logbook.carbs(utcMs, counted);
    }
    return;
  }

  const pump = context.pump!;
  const iob = pump.insulinOnBoard(utcMs);
  const bg = reading?.displayMgDl ?? null;
  const correction =
    bg === null ? 0 : Math.max(0, (bg - settings.targetMgDl) / settings.isfMgDlPerUnit - iob);
  const recommended = counted / carbRatio + correction;
  const takenUnits = random.chance(0.85) ? recommended : recommended * logNormal(random, 1, 0.2);
  pump.writeWizard(utcMs, {
    carbsGrams: counted,
    recommendedUnits: recommended,
    bgInputMgDl: bg === null ? null : Math.round(bg),
    iob,
    carbRatioGramsPerUnit: roundTo(carbRatio, 0.5),
  });
  context.enteredCarbs.push({ timeMs: utcMs, grams: counted });

  const slow = meal.absorption.slow >= 0.5;
  if (slow && context.patient.pump?.extendedBolus === true && random.chance(0.3)) {
    const absorbed = pump.bolus(utcMs, takenUnits * 0.5, takenUnits * 0.5, 120);
    addBolus(context.state, absorbed);
  } else {
    addBolus(context.state, pump.bolus(utcMs, takenUnits));
  }
  context.counters.rapidUnits += takenUnits;
  context.lastBolusMs = utcMs;
}

/** Injects rapid-acting insulin with a pen (half-unit steps) and logs it in the app. */
export function penBolus(context: SimulationContext, utcMs: number, units: number): void {
  const dose = roundTo(units, 0.5);
  if (dose < 0.5) {
    return;
  }
  addBolus(context.state, dose);
  context.counters.rapidUnits += dose;
  context.lastBolusMs = utcMs;
  if (context.random.doses.chance(context.patient.traits.logging.insulin)) {
    context.logbook.insulin(utcMs, dose, 'Fast-Acting');
  }
}

/**
 * Lets the patient notice and treat low glucose: a CGM reading below 70 mg/dL (an alarm) or
 * symptoms below 60 mg/dL lead, with the patient's hourly probability awake or asleep, to fast
 * carbohydrate, then a 15-minute wait before treating again.
 */
export function checkHypo(context: SimulationContext, utcMs: number, plasmaMgDl: number): void {
  if (utcMs - context.lastHypoTreatmentMs < 15 * MS_PER_MINUTE) {
    return;
  }
  const reading = freshReading(context, utcMs);
  const alarm = reading !== null && reading.displayMgDl < 70;
  const urgent = reading !== null && reading.displayMgDl < 55;
  const symptoms = plasmaMgDl < 60;
  if (!alarm && !symptoms) {
    return;
  }
  const traits = context.patient.traits;
  const asleep = isAsleep(context, utcMs);
  let perHour = traits.hypoAwakePerHour;
  if (asleep) {
    // An urgent-low alarm wakes a sleeper more often than a low alarm.
    perHour = traits.hypoAsleepPerHour * (urgent ? 2 : 1);
  }
  const random = context.random.behaviour;
  if (!random.chance(Math.min(1, perHour / 12))) {
    return;
  }
  const grams = Math.max(5, Math.round((traits.hypoGrams * logNormal(random, 1, 0.3)) / 5) * 5);
  addCarbs(context.state, context.patient.parameters, grams, 'fast');
  context.counters.carbsGrams += grams;
  context.counters.hypoTreatments += 1;
  context.lastHypoTreatmentMs = utcMs;
  if (!usesPump(context) && random.chance(Math.min(1, traits.logging.carbs * 2))) {
    context.logbook.carbs(utcMs, grams);
  }
}

/**
 * Lets an awake patient correct high glucose: above the patient's threshold, with no bolus in
 * the last two and a half hours, with the patient's hourly probability. Pump users take the
 * calculator's correction (insulin on board subtracted), injection users a share of theirs.
 */
export function checkCorrection(context: SimulationContext, utcMs: number): void {
  const reading = correctionDue(context, utcMs);
  if (reading === null) {
    return;
  }
  const traits = context.patient.traits;
  const settings = currentSettings(context);
  const correctionUnits = (reading.displayMgDl - settings.targetMgDl) / settings.isfMgDlPerUnit;
  context.counters.corrections += 1;
  if (!usesPump(context)) {
    penBolus(context, utcMs, correctionUnits * traits.correctionDose);
    return;
  }

  const pump = context.pump!;
  const iob = pump.insulinOnBoard(utcMs);
  const recommended = Math.max(0, correctionUnits - iob);
  if (recommended < 0.1) {
    return;
  }
  pump.writeWizard(utcMs, {
    carbsGrams: null,
    recommendedUnits: recommended,
    bgInputMgDl: Math.round(reading.displayMgDl),
    iob,
    carbRatioGramsPerUnit: settings.carbRatioGramsPerUnit,
  });
  const takenUnits = recommended * Math.min(1, traits.correctionDose + 0.2);
  addBolus(context.state, pump.bolus(utcMs, takenUnits));
  context.counters.rapidUnits += takenUnits;
  context.lastBolusMs = utcMs;
}

/** Returns the reading to correct from when the patient decides to correct now, else null. */
function correctionDue(context: SimulationContext, utcMs: number): CgmReading | null {
  if (context.therapy === 'basal-only' || isAsleep(context, utcMs)) {
    return null;
  }
  const reading = freshReading(context, utcMs);
  const traits = context.patient.traits;
  if (reading === null || reading.displayMgDl < traits.correctionThresholdMgDl) {
    return null;
  }
  if (utcMs - context.lastBolusMs < 150 * MS_PER_MINUTE) {
    return null;
  }
  // Automated delivery corrects much of a high itself, so its users correct half as often.
  const perHour = traits.correctionPerHour * (context.therapy === 'aid' ? 0.5 : 1);
  return context.random.behaviour.chance(perHour / 12) ? reading : null;
}

/** Prepares for exercise an hour ahead: a reduced temporary basal, or exercise mode. */
export function prepareExercise(
  context: SimulationContext,
  session: PlannedExercise,
  utcMs: number,
): void {
  if (!usesPump(context) || !session.tempBasal) {
    return;
  }
  const minutes = 60 + session.durationMinutes + 60;
  if (context.therapy === 'aid') {
    context.exerciseModeUntilMs = utcMs + minutes * MS_PER_MINUTE;
  } else {
    context.pump!.setTempBasal(utcMs, 50, minutes);
  }
}

/** Starts an exercise session: its effect on the model, a snack, and an app entry. */
export function startExercise(
  context: SimulationContext,
  session: PlannedExercise,
  utcMs: number,
): void {
  context.exercise.push({
    startMinute: context.minute,
    durationMinutes: session.durationMinutes,
    kind: session.kind,
    intensity: session.intensity,
  });
  context.counters.exerciseSessions += 1;
  if (session.snackGrams > 0) {
    addCarbs(context.state, context.patient.parameters, session.snackGrams, 'fast');
    context.counters.carbsGrams += session.snackGrams;
  }
  if (
    !usesPump(context) &&
    context.random.behaviour.chance(context.patient.traits.logging.exercise)
  ) {
    context.logbook.exercise(utcMs, session.intensity, session.durationMinutes);
  }
}
