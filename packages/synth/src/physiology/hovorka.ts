/**
 * The glucose–insulin model of Hovorka et al. ("Nonlinear model predictive control of glucose
 * concentration in subjects with type 1 diabetes", Physiol Meas 2004;25:905–920), integrated
 * with explicit Euler steps of one minute.
 *
 * Why this model: it is published with every equation and a full parameter table, it is the
 * model behind the Cambridge closed-loop simulator (Wilinska et al., "Simulation environment to
 * evaluate closed-loop insulin delivery systems in type 1 diabetes", J Diabetes Sci Technol
 * 2010), and its 11 linear-plus-saturation equations are cheap enough to run for a thousand
 * patients over 90 days at one-minute resolution. UVA/Padova 2008 is more detailed but its
 * parameter sets for virtual patients are licensed, not published.
 *
 * Units follow the paper: glucose masses in mmol, concentrations in mmol/L, insulin in mU and
 * mU/L, time in minutes. Additions to the paper, each marked where it happens: three gut
 * absorption chains with different time-to-maximum (so a glass of juice and a pizza differ),
 * long-acting and endogenous insulin appearing in plasma at a rate the caller computes, multipliers for
 * insulin sensitivity and endogenous production (dawn phenomenon, illness, exercise), extra
 * glucose uptake during exercise, and a floor of counter-regulation below 3.5 mmol/L.
 */

/** One step of the integration, in minutes. The time constants of the model are all >= 7 min. */
export const STEP_MINUTES = 1;

/** Molar mass of glucose, g/mol, to turn grams of carbohydrate into mmol. */
export const GLUCOSE_MG_PER_MMOL = 180.156;

/** mg/dL per mmol/L of glucose. */
export const MG_DL_PER_MMOL_L = 18.01559;

/** Parameters of one virtual patient. Per-kilogram values of the paper are already scaled. */
export interface HovorkaParameters {
  bodyWeightKg: number;
  /** Glucose distribution volume VG, L (paper: 0.16 L/kg). */
  glucoseVolumeL: number;
  /** Insulin distribution volume VI, L (paper: 0.12 L/kg). */
  insulinVolumeL: number;
  /** Non-insulin-dependent glucose flux F01, mmol/min (paper: 0.0097 mmol/kg/min). */
  f01MmolPerMin: number;
  /** Endogenous glucose production at zero insulin EGP0, mmol/min (paper: 0.0161 mmol/kg/min). */
  egp0MmolPerMin: number;
  /** Transfer rate from the non-accessible glucose compartment k12, 1/min (paper: 0.066). */
  k12PerMin: number;
  /** Deactivation rates of insulin action on transport, disposal and EGP, 1/min. */
  ka1PerMin: number;
  ka2PerMin: number;
  ka3PerMin: number;
  /** Insulin sensitivity of glucose transport SIT, 1/min per mU/L. */
  sitPerMinPerMuL: number;
  /** Insulin sensitivity of glucose disposal SID, 1/min per mU/L. */
  sidPerMinPerMuL: number;
  /** Insulin sensitivity of EGP suppression SIE, per mU/L. */
  siePerMuL: number;
  /** Insulin elimination rate ke, 1/min (paper: 0.138). */
  kePerMin: number;
  /** Time-to-maximum of subcutaneous rapid-acting insulin absorption tmaxI, min (paper: 55). */
  tmaxInsulinMin: number;
  /** Carbohydrate bioavailability AG, fraction (paper: 0.8). */
  carbBioavailability: number;
  /** Time-to-maximum of gut absorption for the fast, mixed and slow chains, min (paper: 40). */
  tmaxGutMin: { fast: number; mixed: number; slow: number };
}

/** Absorption speed of a meal's carbohydrate: the gut chain it enters. */
export type AbsorptionKind = 'fast' | 'mixed' | 'slow';

/** Inputs held constant over one step. */
export interface StepInputs {
  /** Rapid-acting insulin infused subcutaneously, mU/min (basal rate). */
  rapidInsulinMuPerMin: number;
  /**
   * Insulin appearing directly in plasma, mU/min: absorbed long-acting insulin and, in type 2
   * diabetes, the patient's own secretion.
   */
  plasmaInsulinMuPerMin: number;
  /** Multiplier of SIT, SID and SIE (1 = the patient's own sensitivity). */
  sensitivityFactor: number;
  /** Multiplier of EGP0 (dawn phenomenon, illness). */
  egpFactor: number;
  /** Insulin-independent extra uptake during exercise at 5 mmol/L and above, mmol/min. */
  exerciseUptakeMmolPerMin: number;
}

/** Mutable state of the model. */
export class HovorkaState {
  q1 = 0;
  q2 = 0;
  s1 = 0;
  s2 = 0;
  insulinMuL = 0;
  x1 = 0;
  x2 = 0;
  x3 = 0;
  gutFast1 = 0;
  gutFast2 = 0;
  gutMixed1 = 0;
  gutMixed2 = 0;
  gutSlow1 = 0;
  gutSlow2 = 0;

  /** Plasma glucose, mmol/L. */
  glucoseMmolL(parameters: HovorkaParameters): number {
    return this.q1 / parameters.glucoseVolumeL;
  }
}

/** Counter-regulation below this plasma glucose adds production, mmol/L (an addition). */
const COUNTER_REGULATION_BELOW_MMOL_L = 3.5;
/** Added production per mmol/L below the threshold, mmol/min per kg (an addition). */
const COUNTER_REGULATION_GAIN = 0.004;

/** Adds a meal's carbohydrate to the first compartment of a gut chain. */
export function addCarbs(
  state: HovorkaState,
  parameters: HovorkaParameters,
  carbsGrams: number,
  kind: AbsorptionKind,
): void {
  const mmol = ((carbsGrams * 1000) / GLUCOSE_MG_PER_MMOL) * parameters.carbBioavailability;
  if (kind === 'fast') {
    state.gutFast1 += mmol;
  } else if (kind === 'mixed') {
    state.gutMixed1 += mmol;
  } else {
    state.gutSlow1 += mmol;
  }
}

/** Adds a subcutaneous rapid-acting bolus, in units, to the first insulin compartment. */
export function addBolus(state: HovorkaState, units: number): void {
  state.s1 += units * 1000;
}

/** Advances the model by one minute (explicit Euler). */
export function stepModel(state: HovorkaState, p: HovorkaParameters, inputs: StepInputs): void {
  const glucose = state.q1 / p.glucoseVolumeL;
  const f01c = glucose >= 4.5 ? p.f01MmolPerMin : (p.f01MmolPerMin * glucose) / 4.5;
  const renal = glucose >= 9 ? 0.003 * (glucose - 9) * p.glucoseVolumeL : 0;
  const tmax = p.tmaxGutMin;
  const gutAppearance =
    state.gutFast2 / tmax.fast + state.gutMixed2 / tmax.mixed + state.gutSlow2 / tmax.slow;

  let production = p.egp0MmolPerMin * inputs.egpFactor * (1 - state.x3);
  if (production < 0) {
    production = 0;
  }
  if (glucose < COUNTER_REGULATION_BELOW_MMOL_L) {
    production +=
      COUNTER_REGULATION_GAIN * p.bodyWeightKg * (COUNTER_REGULATION_BELOW_MMOL_L - glucose);
  }
  // Exercise uptake falls in proportion to glucose below 5 mmol/L.
  const exerciseUptake = inputs.exerciseUptakeMmolPerMin * Math.min(1, Math.max(0, glucose / 5));

  const dq1 =
    -f01c -
    state.x1 * state.q1 +
    p.k12PerMin * state.q2 -
    renal +
    gutAppearance +
    production -
    exerciseUptake;
  const dq2 = state.x1 * state.q1 - (p.k12PerMin + state.x2) * state.q2;

  const insulinAbsorption = state.s2 / p.tmaxInsulinMin;
  const ds1 = inputs.rapidInsulinMuPerMin - state.s1 / p.tmaxInsulinMin;
  const ds2 = state.s1 / p.tmaxInsulinMin - insulinAbsorption;
  const dInsulin =
    (insulinAbsorption + inputs.plasmaInsulinMuPerMin) / p.insulinVolumeL -
    p.kePerMin * state.insulinMuL;

  const sensitivity = inputs.sensitivityFactor;
  const insulin = state.insulinMuL;
  const dx1 = p.ka1PerMin * (p.sitPerMinPerMuL * sensitivity * insulin - state.x1);
  const dx2 = p.ka2PerMin * (p.sidPerMinPerMuL * sensitivity * insulin - state.x2);
  const dx3 = p.ka3PerMin * (p.siePerMuL * sensitivity * insulin - state.x3);

  stepGut(state, tmax);

  state.q1 += dq1;
  if (state.q1 < 0.5 * p.glucoseVolumeL) {
    // A floor of 0.5 mmol/L keeps the equations defined; counter-regulation acts long before.
    state.q1 = 0.5 * p.glucoseVolumeL;
  }
  state.q2 += dq2;
  state.s1 += ds1;
  state.s2 += ds2;
  state.insulinMuL += dInsulin;
  state.x1 += dx1;
  state.x2 += dx2;
  state.x3 += dx3;
}

function stepGut(state: HovorkaState, tmax: HovorkaParameters['tmaxGutMin']): void {
  const fast = state.gutFast1 / tmax.fast;
  state.gutFast1 -= fast;
  state.gutFast2 += fast - state.gutFast2 / tmax.fast;
  const mixed = state.gutMixed1 / tmax.mixed;
  state.gutMixed1 -= mixed;
  state.gutMixed2 += mixed - state.gutMixed2 / tmax.mixed;
  const slow = state.gutSlow1 / tmax.slow;
  state.gutSlow1 -= slow;
  state.gutSlow2 += slow - state.gutSlow2 / tmax.slow;
}

/** Carbohydrate still in the gut, in grams of carbohydrate before bioavailability. */
export function carbsOnBoardGrams(state: HovorkaState, p: HovorkaParameters): number {
  const mmol =
    state.gutFast1 +
    state.gutFast2 +
    state.gutMixed1 +
    state.gutMixed2 +
    state.gutSlow1 +
    state.gutSlow2;
  return (mmol * GLUCOSE_MG_PER_MMOL) / 1000 / p.carbBioavailability;
}
