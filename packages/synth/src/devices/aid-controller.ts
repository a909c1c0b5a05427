import type { AidAlgorithm } from '../profiles/types.ts';
import type { TherapySettings } from '../patient/therapy-settings.ts';

/** Input of the algorithm, every five minutes. */
export interface ControllerInput {
  glucoseMgDl: number;
  /** Rate of change, mg/dL/min; null when the CGM shows no trend. */
  rateMgDlPerMin: number | null;
  insulinOnBoardUnits: number;
  /** Carbohydrate entered in the last hours and not yet absorbed, by the pump's estimate, g. */
  carbsOnBoardGrams: number;
  scheduledRate: number;
  settings: TherapySettings;
  asleep: boolean;
  /** Minutes since the last bolus of any kind. */
  minutesSinceBolus: number;
  /** Whether the user set exercise mode. */
  exercise: boolean;
}

/** Output of the algorithm: a basal rate, and an automatic correction bolus (0 for none). */
export interface ControllerOutput {
  rateUnitsPerHour: number;
  bolusUnits: number;
}

/**
 * A simplified automated-insulin-delivery controller, modelled on the published behaviour of
 * two systems rather than on their code:
 *
 * - `control-iq` (Tandem, as described in its user guide and by Brown et al., NEJM 2019). It
 *   predicts glucose 30 minutes ahead. It stops basal below a prediction of 70 mg/dL, lowers it
 *   below 112.5, keeps the program up to 160 and raises it above. Above a prediction of 180 it
 *   gives an automatic correction bolus of 60% of the amount needed to reach 110 mg/dL, at most
 *   once an hour. During sleep it aims at 112.5–120 without automatic boluses, and exercise mode
 *   aims at 140–160.
 * - `loop` (the open-source iOS app, as Lum et al., Diabetes Technol Ther 2021 describe it):
 *   temporary basal rates only, set so that the predicted eventual glucose, after insulin and
 *   carbohydrate on board act, moves toward the middle of a 100–115 mg/dL range over two hours;
 *   zero below a suspend threshold of 75 mg/dL.
 *
 * Predictions here are linear in the CGM rate of change plus the pending effects of insulin
 * and carbohydrate on board; the real systems use their own physiological models.
 */
export function runController(algorithm: AidAlgorithm, input: ControllerInput): ControllerOutput {
  return algorithm === 'loop' ? runLoop(input) : runControlIq(input);
}

function runControlIq(input: ControllerInput): ControllerOutput {
  const { settings, scheduledRate } = input;
  const predicted = input.glucoseMgDl + 30 * (input.rateMgDlPerMin ?? 0);
  let upper = 160;
  let lower = 112.5;
  if (input.exercise) {
    lower = 140;
  } else if (input.asleep) {
    upper = 120;
  }
  const maxRate = Math.min(
    settings.maxBasalUnitsPerHour,
    Math.max(3 * scheduledRate, scheduledRate + 1),
  );

  let rate = scheduledRate;
  if (predicted < 70) {
    rate = 0;
  } else if (predicted < lower) {
    rate = (scheduledRate * (predicted - 70)) / (lower - 70);
  } else if (predicted > upper) {
    // Deliver over three hours what would bring the prediction to 110, less insulin on board.
    const needed =
      (predicted - 110) / settings.isfMgDlPerUnit - Math.max(0, input.insulinOnBoardUnits);
    rate = Math.min(maxRate, scheduledRate + Math.max(0, needed) / 3);
  }

  let bolusUnits = 0;
  if (!input.asleep && !input.exercise && predicted > 180 && input.minutesSinceBolus >= 60) {
    const needed = (predicted - 110) / settings.isfMgDlPerUnit - input.insulinOnBoardUnits;
    bolusUnits = Math.min(6, Math.max(0, 0.6 * needed));
    if (bolusUnits < 0.05) {
      bolusUnits = 0;
    }
  }
  return { rateUnitsPerHour: Math.max(0, rate), bolusUnits };
}

function runLoop(input: ControllerInput): ControllerOutput {
  const { settings, scheduledRate } = input;
  const momentum = 15 * (input.rateMgDlPerMin ?? 0);
  const insulinEffect = input.insulinOnBoardUnits * settings.isfMgDlPerUnit;
  const carbEffect =
    (input.carbsOnBoardGrams / settings.carbRatioGramsPerUnit) * settings.isfMgDlPerUnit;
  const eventual = input.glucoseMgDl + momentum - insulinEffect + carbEffect;
  const nearTerm = input.glucoseMgDl + 30 * (input.rateMgDlPerMin ?? 0);
  const target = input.exercise ? 150 : 107.5;

  if (nearTerm < 75 || input.glucoseMgDl < 75) {
    return { rateUnitsPerHour: 0, bolusUnits: 0 };
  }
  // The correction (U) delivered over two hours on top of the program.
  const correction = (eventual - target) / settings.isfMgDlPerUnit;
  const rate = scheduledRate + correction / 2;
  return {
    rateUnitsPerHour: Math.min(settings.maxBasalUnitsPerHour, Math.max(0, rate)),
    bolusUnits: 0,
  };
}
