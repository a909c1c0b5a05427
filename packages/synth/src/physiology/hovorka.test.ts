import { describe, expect, it } from 'vitest';
import {
  addBolus,
  addCarbs,
  MG_DL_PER_MMOL_L,
  stepModel,
  type HovorkaParameters,
} from './hovorka.ts';
import { computeInsulinNeeds } from './insulin-needs.ts';
import { solveFastingSteadyState } from './steady-state.ts';

/** The mean patient of Hovorka et al. 2004 at 70 kg. */
const PATIENT: HovorkaParameters = {
  bodyWeightKg: 70,
  glucoseVolumeL: 0.16 * 70,
  insulinVolumeL: 0.12 * 70,
  f01MmolPerMin: 0.0097 * 70,
  egp0MmolPerMin: 0.0161 * 70,
  k12PerMin: 0.066,
  ka1PerMin: 0.006,
  ka2PerMin: 0.06,
  ka3PerMin: 0.03,
  sitPerMinPerMuL: 51.2e-4,
  sidPerMinPerMuL: 8.2e-4,
  siePerMuL: 520e-4,
  kePerMin: 0.138,
  tmaxInsulinMin: 55,
  carbBioavailability: 0.8,
  tmaxGutMin: { fast: 20, mixed: 40, slow: 80 },
};

function run(minutes: number, setup: (state: ReturnType<typeof solve>['state']) => void) {
  const solved = solve();
  setup(solved.state);
  const trace: number[] = [];
  for (let minute = 0; minute < minutes; minute += 1) {
    stepModel(solved.state, PATIENT, {
      rapidInsulinMuPerMin: solved.basalMuPerMin,
      plasmaInsulinMuPerMin: 0,
      sensitivityFactor: 1,
      egpFactor: 1,
      exerciseUptakeMmolPerMin: 0,
    });
    trace.push((solved.state.q1 / PATIENT.glucoseVolumeL) * MG_DL_PER_MMOL_L);
  }
  return trace;
}

function solve() {
  return solveFastingSteadyState(PATIENT, 6)!;
}

describe('Hovorka model', () => {
  it('holds glucose at the fasting steady state', () => {
    const trace = run(600, () => {});
    expect(Math.abs(trace.at(-1)! - 6 * MG_DL_PER_MMOL_L)).toBeLessThan(0.5);
  });

  it('steady-state insulin satisfies the glucose balance', () => {
    // At steady state x3 = SIE·I; production EGP0(1 − x3) must equal uptake F01 plus
    // x1·Q1·x2 / (k12 + x2), computed here by hand from the solved insulin.
    const { insulinMuL } = solve();
    const x1 = PATIENT.sitPerMinPerMuL * insulinMuL;
    const x2 = PATIENT.sidPerMinPerMuL * insulinMuL;
    const x3 = PATIENT.siePerMuL * insulinMuL;
    const q1 = 6 * PATIENT.glucoseVolumeL;
    const uptake = PATIENT.f01MmolPerMin + (x1 * q1 * x2) / (PATIENT.k12PerMin + x2);
    expect(PATIENT.egp0MmolPerMin * (1 - x3)).toBeCloseTo(uptake, 9);
  });

  it('a meal raises glucose and a bolus lowers it', () => {
    const meal = run(300, (state) => addCarbs(state, PATIENT, 60, 'mixed'));
    const bolus = run(300, (state) => addBolus(state, 2));
    expect(Math.max(...meal)).toBeGreaterThan(6 * MG_DL_PER_MMOL_L + 40);
    expect(Math.min(...bolus)).toBeLessThan(6 * MG_DL_PER_MMOL_L - 30);
  });

  it('insulin needs are positive and consistent', () => {
    const needs = computeInsulinNeeds(PATIENT, 0.2);
    expect(needs.hourlyBasalUnitsPerHour).toHaveLength(24);
    // The dawn rise lifts the early-morning need above the midnight need.
    expect(needs.hourlyBasalUnitsPerHour[6]!).toBeGreaterThan(needs.hourlyBasalUnitsPerHour[0]!);
    expect(needs.carbRatioGramsPerUnit).toBeGreaterThan(5);
    expect(needs.isfMgDlPerUnit).toBeGreaterThan(10);
  });
});
