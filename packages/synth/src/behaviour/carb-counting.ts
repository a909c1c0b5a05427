import { clamp, logNormal } from '../random/distributions.ts';
import type { Random } from '../random/prng.ts';

/** Within-patient spread of one estimate around the patient's usual error (log-normal CV). */
const ESTIMATE_CV = 0.2;
/** Extra underestimate per 50 g above a 50 g meal. */
const SIZE_EFFECT_PER_50_GRAMS = 0.1;

/**
 * Estimates a meal's carbohydrate as a patient counts it. People with type 1 diabetes
 * underestimate by a median of about 25–28%, and large meals more than small ones.
 * `usualUnderestimate` is the patient's own median share at a 50 g meal. Each meal adds 10
 * points of underestimate per 50 g above that, and a log-normal error of CV 20%. Estimates are
 * rounded to 5 g, as people count. NOTE: the median and size effect follow a summary of
 * carb-counting studies, not one paper's model.
 */
export function estimateCarbs(
  random: Random,
  trueGrams: number,
  usualUnderestimate: number,
): number {
  const sizeEffect = SIZE_EFFECT_PER_50_GRAMS * clamp((trueGrams - 50) / 50, -0.6, 2);
  const underestimate = clamp(usualUnderestimate + sizeEffect, -0.3, 0.75);
  const estimate = trueGrams * (1 - underestimate) * logNormal(random, 1, ESTIMATE_CV);
  return Math.max(5, Math.round(estimate / 5) * 5);
}
