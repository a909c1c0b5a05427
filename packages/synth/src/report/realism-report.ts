import { CGM_MODELS } from '../devices/cgm-specs.ts';
import { getProfile } from '../profiles/index.ts';
import type { ProfileDefinition, TargetMetric } from '../profiles/types.ts';
import { runCohort, windowKey, type CohortResult } from './cohort.ts';
import { describe } from './distribution.ts';
import { renderReport } from './report-markdown.ts';
import { REPORT_METRICS } from './patient-metrics.ts';
import { assessTarget, type TargetAssessment } from './target-check.ts';
import type { Distribution } from './distribution.ts';

/** One target window of a profile: assessed targets and the cohort's other metrics. */
export interface WindowReport {
  key: string;
  phase: string;
  fromDay: number;
  toDay: number;
  assessments: TargetAssessment[];
  /** HbA1c and other figures shown but not assessed (see `MetricTarget.informational`). */
  informational: TargetAssessment[];
  /** Every metric of the window, by name. */
  metrics: Map<string, Distribution>;
}

/** A profile's cohort and how it compares with its published figures. */
export interface ProfileReport {
  profile: ProfileDefinition;
  cohort: CohortResult;
  windows: WindowReport[];
  /** Behaviour and therapy figures: name and distribution. */
  behaviour: Map<string, Distribution>;
  withinTargets: boolean;
}

/** The whole report. */
export interface RealismReport {
  profiles: ProfileReport[];
  /** One small cohort per CGM model, for sessions and accuracy of every sensor. */
  devices: CohortResult[];
  markdown: string;
  /** Whether every assessed cohort mean lies within its tolerance. */
  allWithinTargets: boolean;
}

/**
 * Generates a cohort per profile and compares its metrics with the published figures the
 * profile cites (see `assessTarget`), then renders Markdown with the signal statistics.
 * Output depends only on the options, so the same options give the same report.
 */
export function buildRealismReport(options: {
  profiles: readonly ProfileDefinition[];
  patients: number;
  days: number;
  seed: number | string;
}): RealismReport {
  const profiles = options.profiles.map((profile) =>
    reportProfile(
      runCohort(profile, { patients: options.patients, days: options.days, seed: options.seed }),
    ),
  );
  const devices = runDeviceCohorts(options.patients, options.seed);
  return {
    profiles,
    devices,
    markdown: renderReport(profiles, devices, options),
    allWithinTargets: profiles.every((profile) => profile.withinTargets),
  };
}

/**
 * Runs one cohort per CGM model (adults on a pump, 60 days, a fifth of the profile cohort size
 * but at least 4 patients), so that sensors no profile uses are measured too.
 */
function runDeviceCohorts(patients: number, seed: number | string): CohortResult[] {
  const profile = getProfile('t1dexi-pump');
  return CGM_MODELS.map((cgmModel) =>
    runCohort(profile, {
      patients: Math.max(4, Math.round(patients / 5)),
      days: 60,
      seed: `${String(seed)}/${cgmModel}`,
      cgmModel,
    }),
  );
}

/** Compares one cohort with its profile's targets. */
export function reportProfile(cohort: CohortResult): ProfileReport {
  const profile = cohort.profile;
  const windows: WindowReport[] = [];
  for (const target of profile.targets) {
    const key = windowKey(target);
    const metrics = new Map<string, Distribution>();
    for (const metric of REPORT_METRICS) {
      const values = cohort.outcomes
        .map((outcome) => outcome.windows.get(key)?.[metric])
        .filter((value): value is number => value !== undefined);
      const distribution = describe(values);
      if (distribution !== null) {
        metrics.set(metric, distribution);
      }
    }
    const assessments: TargetAssessment[] = [];
    const informational: TargetAssessment[] = [];
    for (const [metric, published] of Object.entries(target.metrics)) {
      const distribution = metrics.get(metric);
      if (published === undefined || distribution === undefined) {
        continue;
      }
      const assessment = assessTarget(metric as TargetMetric, published, distribution);
      (published.informational === true ? informational : assessments).push(assessment);
    }
    windows.push({
      key,
      phase: target.phase,
      fromDay: target.fromDay,
      toDay: target.toDay,
      assessments,
      informational,
      metrics,
    });
  }
  return {
    profile,
    cohort,
    windows,
    behaviour: behaviourFigures(cohort),
    // A window the cohort's days do not reach (a phase after the last day) is not judged.
    withinTargets: windows.every((window) =>
      window.assessments.every((assessment) => assessment.withinMean),
    ),
  };
}

function behaviourFigures(cohort: CohortResult): Map<string, Distribution> {
  const figures = new Map<string, Distribution>();
  const add = (name: string, values: (number | null)[]): void => {
    const distribution = describe(values.filter((value): value is number => value !== null));
    if (distribution !== null) {
      figures.set(name, distribution);
    }
  };
  const outcomes = cohort.outcomes;
  add(
    'Missed meal boluses per week',
    outcomes.map((outcome) => outcome.missedBolusesPerWeek),
  );
  add(
    'Meals per day',
    outcomes.map((outcome) => outcome.mealsPerDay),
  );
  add(
    'Insulin, U/kg/day',
    outcomes.map((outcome) => outcome.insulinPerKgDay),
  );
  add(
    'Basal share of insulin, %',
    outcomes.map((outcome) => outcome.basalSharePercent),
  );
  add(
    'Time in automated delivery, %',
    outcomes.map((outcome) => outcome.automationPercent),
  );
  add(
    'Hypoglycemia treatments per week',
    outcomes.map((outcome) => outcome.hypoTreatmentsPerWeek),
  );
  add(
    'Hours between site changes',
    outcomes.map((outcome) => outcome.siteChangeHours),
  );
  return figures;
}
