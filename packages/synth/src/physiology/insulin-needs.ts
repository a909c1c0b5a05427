import { circadianSensitivity, dawnEgpFactor } from './daily-rhythm.ts';
import {
  addBolus,
  addCarbs,
  HovorkaState,
  MG_DL_PER_MMOL_L,
  stepModel,
  type HovorkaParameters,
} from './hovorka.ts';
import { solveFastingSteadyState } from './steady-state.ts';

/** A patient's true insulin needs, found by solving and simulating the patient's own model. */
export interface InsulinNeeds {
  /** Basal rate that keeps fasting glucose at the target, for each local hour 0..23, U/h. */
  hourlyBasalUnitsPerHour: number[];
  /** Grams of carbohydrate one unit covers (a 50 g mixed meal bolused at the start). */
  carbRatioGramsPerUnit: number;
  /** Fall of glucose after one unit at fasting steady state, mg/dL per U. */
  isfMgDlPerUnit: number;
  /** Target fasting glucose these needs hold, mg/dL. */
  targetMgDl: number;
}

const TARGET_MG_DL = 110;
const CALIBRATION_MEAL_GRAMS = 50;
const CALIBRATION_MINUTES = 360;

/**
 * Computes a patient's true basal needs by hour (dawn phenomenon and circadian sensitivity
 * included), carb ratio and correction factor. Bisection finds the bolus after which glucose
 * is back at the fasting target six hours after a 50 g meal, and the carb ratio is 50 g over
 * that bolus. The correction factor is the largest fall within six hours after one extra unit.
 * Throws a RangeError for a patient whose own production cannot reach the target (a parameter
 * draw out of range).
 */
export function computeInsulinNeeds(p: HovorkaParameters, dawnAmplitude: number): InsulinNeeds {
  const targetMmolL = TARGET_MG_DL / MG_DL_PER_MMOL_L;
  const hourly: number[] = [];
  for (let hour = 0; hour < 24; hour += 1) {
    const solved = solveFastingSteadyState(
      p,
      targetMmolL,
      dawnEgpFactor(hour + 0.5, dawnAmplitude),
      circadianSensitivity(hour + 0.5),
    );
    if (solved === null) {
      throw new RangeError(
        'Invalid patient parameters: no insulin level keeps glucose at the fasting target.',
      );
    }
    hourly.push((solved.basalMuPerMin * 60) / 1000);
  }

  const base = solveFastingSteadyState(p, targetMmolL);
  if (base === null) {
    throw new RangeError(
      'Invalid patient parameters: no insulin level keeps glucose at the fasting target.',
    );
  }
  const run = (bolusUnits: number, carbs: number): { end: number; lowest: number } => {
    const state = Object.assign(new HovorkaState(), base.state);
    addCarbs(state, p, carbs, 'mixed');
    addBolus(state, bolusUnits);
    let lowest = Infinity;
    const inputs = {
      rapidInsulinMuPerMin: base.basalMuPerMin,
      plasmaInsulinMuPerMin: 0,
      sensitivityFactor: 1,
      egpFactor: 1,
      exerciseUptakeMmolPerMin: 0,
    };
    for (let minute = 0; minute < CALIBRATION_MINUTES; minute += 1) {
      stepModel(state, p, inputs);
      lowest = Math.min(lowest, state.q1 / p.glucoseVolumeL);
    }
    return { end: state.q1 / p.glucoseVolumeL, lowest };
  };

  let low = 0;
  let high = 40;
  for (let i = 0; i < 30; i += 1) {
    const mid = (low + high) / 2;
    if (run(mid, CALIBRATION_MEAL_GRAMS).end > targetMmolL) {
      low = mid;
    } else {
      high = mid;
    }
  }
  const mealBolus = (low + high) / 2;
  const correction = run(1, 0);
  return {
    hourlyBasalUnitsPerHour: hourly,
    carbRatioGramsPerUnit: CALIBRATION_MEAL_GRAMS / mealBolus,
    isfMgDlPerUnit: (targetMmolL - correction.lowest) * MG_DL_PER_MMOL_L,
    targetMgDl: TARGET_MG_DL,
  };
}
