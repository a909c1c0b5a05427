import type { PatientTraits } from '../behaviour/traits.ts';
import type { InsulinNeeds } from '../physiology/insulin-needs.ts';
import { normal } from '../random/distributions.ts';
import type { Random } from '../random/prng.ts';

/** One entry of a basal program: from `startMinute` (local pump time) the rate applies. */
export interface BasalSegment {
  startMinute: number;
  unitsPerHour: number;
}

/** The settings a patient doses by. Pumps store them; injection users keep them in mind. */
export interface TherapySettings {
  /** Basal program, first entry at minute 0, strictly ascending. */
  basalSchedule: BasalSegment[];
  /** Daily long-acting dose for injection therapy, U. */
  longActingUnits: number;
  carbRatioGramsPerUnit: number;
  /**
   * Carb ratio before 10:00 as a multiple of `carbRatioGramsPerUnit`. It is 1 or less because
   * insulin works less well in the morning, so many people use a stronger breakfast ratio.
   */
  morningCarbRatioFactor: number;
  isfMgDlPerUnit: number;
  /** Correction target, mg/dL. */
  targetMgDl: number;
  /** Duration of insulin action the bolus calculator assumes, hours. */
  activeInsulinHours: number;
  maxBasalUnitsPerHour: number;
}

/** Segment starts (local hours) people commonly program; each patient uses a subset. */
const SEGMENT_HOURS = [0, 3, 6, 9, 12, 16, 20, 22];

/**
 * Rounds to a multiple of `step` (0.001 or coarser), dropping floating-point tails
 * (0.15000000000000002 becomes 0.15).
 */
export function roundTo(value: number, step: number): number {
  const steps = Math.round(value / step);
  return Math.round(steps * step * 1e6) / 1e6;
}

/**
 * Builds a patient's first settings from the true needs and the patient's errors. The basal
 * program averages the true hourly need over 3 to 6 segments, each off by a few percent, so
 * the dawn rise is only partly covered, as in practice.
 */
export function buildSettings(
  random: Random,
  needs: InsulinNeeds,
  traits: PatientTraits,
  basalIncrement: number,
  targetMgDl: number,
): TherapySettings {
  const error = traits.settingsError;
  const segmentCount = random.integer(3, 6);
  const starts = [0, ...pickSorted(random, SEGMENT_HOURS.slice(1), segmentCount - 1)];
  const step = Math.max(basalIncrement, 0.025);

  const basalSchedule = starts.map((startHour, index) => {
    const endHour = starts[index + 1] ?? 24;
    let sum = 0;
    for (let hour = startHour; hour < endHour; hour += 1) {
      sum += needs.hourlyBasalUnitsPerHour[hour] as number;
    }
    const rate = (sum / (endHour - startHour)) * error.basal * (1 + normal(random, 0, 0.05));
    return { startMinute: startHour * 60, unitsPerHour: Math.max(step, roundTo(rate, step)) };
  });
  const dailyNeed = needs.hourlyBasalUnitsPerHour.reduce((total, rate) => total + rate, 0);

  return {
    basalSchedule,
    longActingUnits: Math.max(1, Math.round(dailyNeed * error.basal)),
    carbRatioGramsPerUnit: Math.max(2, roundTo(needs.carbRatioGramsPerUnit * error.carbRatio, 0.5)),
    morningCarbRatioFactor: random.pick([1, 0.9, 0.85, 0.8]),
    isfMgDlPerUnit: Math.max(5, Math.round(needs.isfMgDlPerUnit * error.isf)),
    targetMgDl,
    activeInsulinHours: random.pick([3, 4, 4, 5, 5]),
    maxBasalUnitsPerHour: roundTo(Math.max(2, 3 * (dailyNeed / 24)), 0.5),
  };
}

/** Returns the scheduled basal rate at `minuteOfDay` (local pump time). */
export function scheduledRate(settings: TherapySettings, minuteOfDay: number): number {
  let rate = settings.basalSchedule[0]?.unitsPerHour ?? 0;
  for (const segment of settings.basalSchedule) {
    if (segment.startMinute <= minuteOfDay) {
      rate = segment.unitsPerHour;
    }
  }
  return rate;
}

/** Tabulates the scheduled basal rate for every minute of the day (1440 entries). */
export function tabulateSchedule(settings: TherapySettings): Float64Array {
  const table = new Float64Array(1440);
  for (let minute = 0; minute < 1440; minute += 1) {
    table[minute] = scheduledRate(settings, minute);
  }
  return table;
}

/** Returns a copy of the settings with every basal rate scaled by `factor`. */
export function scaleBasal(
  settings: TherapySettings,
  factor: number,
  basalIncrement: number,
): TherapySettings {
  const step = Math.max(basalIncrement, 0.025);
  return {
    ...settings,
    basalSchedule: settings.basalSchedule.map((segment) => ({
      startMinute: segment.startMinute,
      unitsPerHour: Math.max(step, roundTo(segment.unitsPerHour * factor, step)),
    })),
    longActingUnits: Math.max(1, Math.round(settings.longActingUnits * factor)),
  };
}

function pickSorted(random: Random, items: readonly number[], count: number): number[] {
  const pool = [...items];
  const chosen: number[] = [];
  while (chosen.length < count && pool.length > 0) {
    const index = random.integer(0, pool.length - 1);
    chosen.push(pool[index] as number);
    pool.splice(index, 1);
  }
  return chosen.sort((a, b) => a - b);
}
