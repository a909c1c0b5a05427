import { clampedNormal, logNormal } from '../random/distributions.ts';
import type { Random } from '../random/prng.ts';
import type { HovorkaParameters } from './hovorka.ts';

/**
 * A profile's population, as its difference from the mean patient of Hovorka et al. (Physiol
 * Meas 2004), whose values `drawHovorkaParameters` starts from. Volumes: VG 0.16 and VI
 * 0.12 L/kg. Fluxes: F01 0.0097 and EGP0 0.0161 mmol/kg/min. Rates: k12 0.066, ka1 0.006, ka2
 * 0.06, ka3 0.03 and ke 0.138 per min. Sensitivities: SIT 51.2e-4 and SID 8.2e-4 per min per
 * mU/L, SIE 520e-4 per mU/L. Absorption: tmaxI 55 and tmaxG 40 min, AG 0.8.
 */
export interface PopulationPhysiology {
  /** Body weight, kg: mean and SD of a normal clamped to [min, max]. */
  bodyWeightKg: { mean: number; sd: number; min: number; max: number };
  /**
   * Median multiplier of the three insulin sensitivities. With the paper's values (1.0) an adult
   * needs only 0.13 U/kg/day of basal insulin. A multiplier of 0.45 gives 0.29 U/kg/day and a
   * carb ratio of about 12 g/U at 75 kg. That fits the total daily dose of 40 ± 16 U of T1DEXI
   * adults (physical-activity analysis of T1DEXI, Diabetes 2024;73 Suppl 1:1835-LB). Lower
   * values model insulin resistance.
   */
  sensitivityScale: number;
  /** Between-patient coefficient of variation of the sensitivity multiplier (log-normal). */
  sensitivityCv: number;
  /** Multiplier of EGP0 (1 = paper); above 1 for type 2 diabetes. */
  egpScale: number;
  /**
   * Endogenous insulin secretion for type 2 diabetes, mU/min per mmol/L of glucose above
   * 4.5 mmol/L (median of a log-normal with CV 40%); 0 for type 1 diabetes.
   */
  betaCellGain: number;
}

/** Endogenous insulin secretion of one patient (type 2 diabetes); zero gain for type 1. */
export interface BetaCellFunction {
  /** Secretion per mmol/L above the threshold, mU/min. */
  gainMuPerMinPerMmolL: number;
  /** Glucose above which secretion rises, mmol/L. */
  thresholdMmolL: number;
  /** Time constant of the secretion response, min. */
  timeConstantMin: number;
}

/** Draws one patient's model parameters from a profile's population. */
export function drawHovorkaParameters(
  random: Random,
  population: PopulationPhysiology,
): { parameters: HovorkaParameters; betaCell: BetaCellFunction } {
  const weight = population.bodyWeightKg;
  const bw = clampedNormal(random, weight.mean, weight.sd, weight.min, weight.max);
  const sensitivity = logNormal(random, population.sensitivityScale, population.sensitivityCv);
  // Within-patient spread of the other parameters: log-normal with the CVs below, an
  // assumption in the spirit of the virtual population of Wilinska et al. 2010.
  const vary = (median: number, cv: number): number => logNormal(random, median, cv);

  const parameters: HovorkaParameters = {
    bodyWeightKg: bw,
    glucoseVolumeL: vary(0.16, 0.1) * bw,
    insulinVolumeL: vary(0.12, 0.1) * bw,
    f01MmolPerMin: vary(0.0097, 0.15) * bw,
    egp0MmolPerMin: vary(0.0161 * population.egpScale, 0.12) * bw,
    k12PerMin: vary(0.066, 0.15),
    ka1PerMin: vary(0.006, 0.2),
    ka2PerMin: vary(0.06, 0.2),
    ka3PerMin: vary(0.03, 0.2),
    sitPerMinPerMuL: 51.2e-4 * sensitivity * vary(1, 0.1),
    sidPerMinPerMuL: 8.2e-4 * sensitivity * vary(1, 0.1),
    siePerMuL: 520e-4 * sensitivity * vary(1, 0.1),
    kePerMin: vary(0.138, 0.1),
    tmaxInsulinMin: vary(55, 0.15),
    carbBioavailability: clampedNormal(random, 0.8, 0.05, 0.65, 0.95),
    tmaxGutMin: { fast: vary(20, 0.15), mixed: vary(40, 0.2), slow: vary(80, 0.2) },
  };
  const betaCell: BetaCellFunction = {
    gainMuPerMinPerMmolL:
      population.betaCellGain > 0 ? logNormal(random, population.betaCellGain, 0.4) : 0,
    thresholdMmolL: 4.5,
    timeConstantMin: 20,
  };
  return { parameters, betaCell };
}
