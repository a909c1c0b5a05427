import { describe, expect, it } from 'vitest';
import { getProfile, PROFILES } from '../profiles/index.ts';
import { runCohort, windowKey } from './cohort.ts';
import { buildRealismReport, reportProfile } from './realism-report.ts';

describe('profiles against published targets', () => {
  it.each(PROFILES.map((profile) => profile.id))('%s lands within its targets', (id) => {
    const report = reportProfile(
      runCohort(getProfile(id), { patients: 12, days: 28, seed: 'check' }),
    );
    const outside = report.windows
      .flatMap((window) => window.assessments)
      .filter((assessment) => !assessment.withinMean)
      .map(
        (assessment) =>
          `${assessment.metric} ${assessment.cohort.mean.toFixed(1)} vs ${assessment.target.mean}`,
      );
    expect(outside).toEqual([]);
  });
});

describe('automated delivery', () => {
  it('raises time in range over the pump baseline', () => {
    const profile = getProfile('dclp3-control-iq');
    const cohort = runCohort(profile, { patients: 8, days: 28, seed: 'aid' });
    const [baseline, closedLoop] = profile.targets.map(windowKey);
    let gain = 0;
    for (const outcome of cohort.outcomes) {
      gain +=
        outcome.windows.get(closedLoop!)!.tirPercent - outcome.windows.get(baseline!)!.tirPercent;
    }
    expect(gain / cohort.outcomes.length).toBeGreaterThan(4);
  });
});

describe('realism report', () => {
  it('renders every section', () => {
    const report = buildRealismReport({
      profiles: [getProfile('t1dexi-mdi')],
      patients: 2,
      days: 7,
      seed: 's',
    });
    expect(report.markdown).toContain('## t1dexi-mdi');
    expect(report.markdown).toContain('Autocorrelation');
    expect(report.markdown).toContain('Rate of change');
    expect(report.markdown).toContain('## Sensors');
  });

  it('is the same for the same seed', () => {
    const options = { profiles: [getProfile('loop')], patients: 2, days: 7, seed: 7 };
    expect(buildRealismReport(options).markdown).toBe(buildRealismReport(options).markdown);
  });
});
