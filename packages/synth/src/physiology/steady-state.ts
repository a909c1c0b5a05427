import { HovorkaState, type HovorkaParameters } from './hovorka.ts';

/**
 * Solves the model's fasting steady state: the plasma insulin at which plasma glucose stays at
 * `glucoseMmolL` with no meal, and the state that goes with it. Insulin action at steady state
 * is x1 = SIT·I, x2 = SID·I, x3 = SIE·I, and the glucose balance
 * -F01c - x1·Q1 + k12·Q2 - FR + EGP0·e·(1 - x3) = 0 falls monotonically with I, so bisection
 * finds I. Returns null when no insulin level keeps that glucose (the patient's own production
 * cannot reach it even with no insulin).
 */
export function solveFastingSteadyState(
  p: HovorkaParameters,
  glucoseMmolL: number,
  egpFactor = 1,
  sensitivityFactor = 1,
): { insulinMuL: number; basalMuPerMin: number; state: HovorkaState } | null {
  const balance = (insulin: number): number => {
    const x1 = p.sitPerMinPerMuL * sensitivityFactor * insulin;
    const x2 = p.sidPerMinPerMuL * sensitivityFactor * insulin;
    const x3 = p.siePerMuL * sensitivityFactor * insulin;
    const q1 = glucoseMmolL * p.glucoseVolumeL;
    const q2 = (x1 * q1) / (p.k12PerMin + x2);
    const f01c = glucoseMmolL >= 4.5 ? p.f01MmolPerMin : (p.f01MmolPerMin * glucoseMmolL) / 4.5;
    const renal = glucoseMmolL >= 9 ? 0.003 * (glucoseMmolL - 9) * p.glucoseVolumeL : 0;
    const production = Math.max(0, p.egp0MmolPerMin * egpFactor * (1 - x3));
    return -f01c - x1 * q1 + p.k12PerMin * q2 - renal + production;
  };

  if (balance(0) <= 0) {
    return null;
  }
  let low = 0;
  let high = 1;
  while (balance(high) > 0) {
    high *= 2;
    if (high > 1e4) {
      return null;
    }
  }
  for (let i = 0; i < 60; i += 1) {
    const mid = (low + high) / 2;
    if (balance(mid) > 0) {
      low = mid;
    } else {
      high = mid;
    }
  }
  const insulinMuL = (low + high) / 2;
  const basalMuPerMin = insulinMuL * p.kePerMin * p.insulinVolumeL;
  return {
    insulinMuL,
    basalMuPerMin,
    state: steadyState(p, glucoseMmolL, insulinMuL, basalMuPerMin, sensitivityFactor),
  };
}

function steadyState(
  p: HovorkaParameters,
  glucoseMmolL: number,
  insulinMuL: number,
  basalMuPerMin: number,
  sensitivityFactor: number,
): HovorkaState {
  const state = new HovorkaState();
  state.insulinMuL = insulinMuL;
  state.x1 = p.sitPerMinPerMuL * sensitivityFactor * insulinMuL;
  state.x2 = p.sidPerMinPerMuL * sensitivityFactor * insulinMuL;
  state.x3 = p.siePerMuL * sensitivityFactor * insulinMuL;
  state.q1 = glucoseMmolL * p.glucoseVolumeL;
  state.q2 = (state.x1 * state.q1) / (p.k12PerMin + state.x2);
  // At steady state each subcutaneous compartment contains the infusion rate times tmaxI.
  state.s1 = basalMuPerMin * p.tmaxInsulinMin;
  state.s2 = basalMuPerMin * p.tmaxInsulinMin;
  return state;
}
