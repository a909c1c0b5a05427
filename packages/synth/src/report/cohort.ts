import type { GlucoseSample } from '@phoenix/domain';
import type { CgmModel } from '../devices/cgm-specs.ts';
import { cohortPatientSeed } from '../generate.ts';
import { createPatient, type SyntheticPatient } from '../patient/create-patient.ts';
import type { PhaseTargets, ProfileDefinition } from '../profiles/types.ts';
import { PatientSimulator } from '../simulation/simulator.ts';
import { computePatientMetrics, type PatientMetrics } from './patient-metrics.ts';
import { SignalStats } from './signal-stats.ts';

const MS_PER_DAY = 86_400_000;

/** Options of `runCohort`. */
export interface CohortOptions {
  patients: number;
  days: number;
  /** Cohort seed; patient i gets seed `${seed}/${i}`. */
  seed: number | string;
  startDate?: string;
  /** CGM model for every patient instead of the profile's choice. */
  cgmModel?: CgmModel;
}

/** One patient's outcome: metrics per target window and behaviour figures. */
export interface PatientOutcome {
  patient: SyntheticPatient;
  /** Metrics by target window key (see `windowKey`); absent when the window has no data. */
  windows: Map<string, PatientMetrics>;
  missedBolusesPerWeek: number;
  mealsPerDay: number;
  /** Total daily insulin per kg of body weight, U/kg/day. */
  insulinPerKgDay: number;
  /** Share of insulin given as basal (pump basal or long-acting), percent. */
  basalSharePercent: number;
  /** Share of pump time in automated delivery, percent; null without automated phases. */
  automationPercent: number | null;
  hypoTreatmentsPerWeek: number;
  /** Mean hours between infusion-site changes; null without a pump. */
  siteChangeHours: number | null;
}

/** A cohort's outcomes and the signal statistics of its CGM data. */
export interface CohortResult {
  profile: ProfileDefinition;
  options: CohortOptions;
  outcomes: PatientOutcome[];
  signal: SignalStats;
}

/** Key of a target window: `phase:fromDay-toDay`. */
export function windowKey(target: PhaseTargets): string {
  return `${target.phase}:${target.fromDay}-${target.toDay}`;
}

/** Generates a cohort patient by patient and measures it. Memory stays flat in `patients`. */
export function runCohort(profile: ProfileDefinition, options: CohortOptions): CohortResult {
  const signal = new SignalStats();
  const outcomes: PatientOutcome[] = [];
  for (let index = 0; index < options.patients; index += 1) {
    const patient = createPatient({
      profile,
      seed: cohortPatientSeed(options.seed, index),
      days: options.days,
      startDate: options.startDate,
      cgmModel: options.cgmModel,
    });
    outcomes.push(runPatient(patient, signal));
  }
  return { profile, options, outcomes, signal };
}

function runPatient(patient: SyntheticPatient, signal: SignalStats): PatientOutcome {
  const simulator = new PatientSimulator(patient);
  const samples: GlucoseSample[] = [];
  for (const batch of simulator.days()) {
    for (const record of batch.records) {
      if (record.type === 'cbg') {
        samples.push({
          timeMs: Date.parse(record.time),
          valueMgDl: record.valueMgDl,
          outOfRange: record.outOfRange,
          thresholdMgDl: record.thresholdMgDl,
        });
      }
    }
  }
  const interval = patient.cgm.intervalMinutes;
  signal.addReadings(samples, interval, patient.days);
  const sensor = simulator.context.sensor.stats;
  signal.addDevice(
    patient.cgm.model,
    sensor.sessions,
    sensor.absoluteRelativeErrorSum,
    sensor.accuracyPairs,
  );

  const windows = new Map<string, PatientMetrics>();
  for (const target of patient.profile.targets) {
    const range = windowDays(patient, target);
    if (range === null) {
      continue;
    }
    const metrics = computePatientMetrics(samples, {
      fromMs: patient.startMs + range.from * MS_PER_DAY,
      toMs: patient.startMs + (range.to + 1) * MS_PER_DAY,
      timezone: patient.timezone,
      sampleIntervalMinutes: interval,
    });
    if (metrics !== null) {
      windows.set(windowKey(target), metrics);
    }
  }
  return summarizeBehaviour(patient, simulator, windows);
}

/**
 * Returns the days (inclusive) a target window covers for this patient: counted from the
 * patient's start of the phase, cut at the next phase and at the end of the data. Null when
 * the patient never reaches the phase or the window lies outside the data.
 */
export function windowDays(
  patient: SyntheticPatient,
  target: PhaseTargets,
): { from: number; to: number } | null {
  const index = patient.phases.findIndex((phase) => phase.label === target.phase);
  if (index < 0) {
    return null;
  }
  const start = (patient.phases[index] as { day: number }).day;
  const nextStart = patient.phases[index + 1]?.day ?? Infinity;
  const from = start + target.fromDay;
  const to = Math.min(start + target.toDay, nextStart - 1, patient.days - 1);
  return from > to ? null : { from, to };
}

function summarizeBehaviour(
  patient: SyntheticPatient,
  simulator: PatientSimulator,
  windows: Map<string, PatientMetrics>,
): PatientOutcome {
  const counters = simulator.counters;
  const pump = simulator.context.pump;
  const days = patient.days;
  const basal = (pump?.basalUnits ?? 0) + counters.longActingUnits;
  const total = basal + counters.rapidUnits;
  return {
    patient,
    windows,
    missedBolusesPerWeek: (7 * counters.mealBolusesMissed) / days,
    mealsPerDay: counters.mealsPlanned / days,
    insulinPerKgDay: total / (days + 1) / patient.parameters.bodyWeightKg,
    basalSharePercent: total === 0 ? 0 : (100 * basal) / total,
    automationPercent:
      counters.aidMinutes === 0 ? null : (100 * counters.automatedMinutes) / counters.aidMinutes,
    hypoTreatmentsPerWeek: (7 * counters.hypoTreatments) / days,
    siteChangeHours: counters.siteChanges === 0 ? null : (24 * days) / counters.siteChanges,
  };
}
