import { roundTo, scaleBasal, type TherapySettings } from '../patient/therapy-settings.ts';
import type { ReadingHistory } from './reading-history.ts';

const MS_PER_DAY = 86_400_000;

/**
 * Reviews settings as a clinician does at a visit, from the last 14 days of CGM. More than 4%
 * of readings below 70 mg/dL lowers basal by 10% and weakens the carb ratio. Otherwise a high
 * overnight mean raises basal by 10%, and a high daytime mean with little hypoglycemia
 * strengthens the carb ratio. Returns the new settings, or null when nothing changes or data
 * are too few.
 */
export function reviewSettings(
  settings: TherapySettings,
  history: ReadingHistory,
  nowMs: number,
  basalIncrement: number,
): TherapySettings | null {
  const since = nowMs - 14 * MS_PER_DAY;
  const all = history.summarize(since);
  const night = history.summarize(since, 0, 360);
  const day = history.summarize(since, 420, 1320);
  if (all.count < 1000 || night.meanMgDl === null || day.meanMgDl === null) {
    return null;
  }
  if (all.below70Percent > 4) {
    const safer = scaleBasal(settings, 0.9, basalIncrement);
    return { ...safer, carbRatioGramsPerUnit: roundTo(settings.carbRatioGramsPerUnit * 1.1, 0.5) };
  }
  let changed: TherapySettings | null = null;
  if (night.meanMgDl > 150 && night.below70Percent < 2) {
    changed = scaleBasal(settings, 1.1, basalIncrement);
  }
  if (day.meanMgDl > 180 && all.below70Percent < 2) {
    const base = changed ?? settings;
    changed = { ...base, carbRatioGramsPerUnit: roundTo(base.carbRatioGramsPerUnit * 0.9, 0.5) };
  }
  return changed;
}

/**
 * Titrates a once-daily basal dose as people with type 2 diabetes are taught. Every three days
 * the dose rises by 2 units (10% for doses above 20 units) while fasting glucose is above
 * 130 mg/dL, and falls by 10% after any reading below 70 mg/dL. The American Diabetes
 * Association's Standards of Care give "2 units every 3 days" and 10–15% steps as examples.
 * Fasting glucose is the mean between 05:00 and 08:00. Returns the new dose, or null when it
 * stays.
 */
export function titrateBasal(units: number, history: ReadingHistory, nowMs: number): number | null {
  const since = nowMs - 3 * MS_PER_DAY;
  const all = history.summarize(since);
  const fasting = history.summarize(since, 300, 480);
  if (all.count < 200 || fasting.meanMgDl === null) {
    return null;
  }
  if (all.below70Percent > 0) {
    return Math.max(1, Math.round(units * 0.9));
  }
  if (fasting.meanMgDl > 130) {
    return units + Math.max(2, Math.round(units * 0.1));
  }
  return null;
}

/**
 * Reviews the last seven days as a patient does each week. After frequent lows (more than 6%
 * of readings below 70 mg/dL) people cut their basal by a tenth and ease their carb ratio, so
 * settings far above the need do not persist. Returns the new settings or null.
 */
export function selfAdjust(
  settings: TherapySettings,
  history: ReadingHistory,
  nowMs: number,
  basalIncrement: number,
): TherapySettings | null {
  const week = history.summarize(nowMs - 7 * MS_PER_DAY);
  if (week.count < 500 || week.below70Percent <= 6) {
    return null;
  }
  const safer = scaleBasal(settings, 0.9, basalIncrement);
  return { ...safer, carbRatioGramsPerUnit: roundTo(settings.carbRatioGramsPerUnit * 1.1, 0.5) };
}
