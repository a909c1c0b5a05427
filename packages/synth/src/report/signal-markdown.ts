import type { ProfileReport } from './realism-report.ts';
import { AUTOCORRELATION_LAGS, GAP_BIN_LIMITS, RATE_BIN_LIMITS } from './signal-stats.ts';

function binLabels(limits: readonly number[], unit: string): string[] {
  const labels = [`< ${limits[0]}${unit}`];
  for (let i = 1; i < limits.length; i += 1) {
    labels.push(`${limits[i - 1]} to ${limits[i]}${unit}`);
  }
  labels.push(`≥ ${limits[limits.length - 1]}${unit}`);
  return labels;
}

/** Renders autocorrelation, rate-of-change and gap tables, one row per profile. */
export function renderSignalSections(profiles: readonly ProfileReport[]): string[] {
  const lines = [
    '## CGM signal',
    '',
    "Autocorrelation of each patient's glucose on its device grid, mean over patients. Glucose",
    'changes smoothly over minutes and follows a daily rhythm of meals and sleep, so the',
    'autocorrelation stays high over the first half hour and is positive again at 24 hours.',
    '',
    `| profile | ${AUTOCORRELATION_LAGS.map((lag) => (lag >= 60 ? `${lag / 60} h` : `${lag} min`)).join(' | ')} |`,
    `|---|${AUTOCORRELATION_LAGS.map(() => '---').join('|')}|`,
  ];
  for (const report of profiles) {
    const signal = report.cohort.signal;
    const values = signal.autocorrelationSum.map((sum) =>
      (sum / Math.max(1, signal.autocorrelationPatients)).toFixed(2),
    );
    lines.push(`| ${report.profile.id} | ${values.join(' | ')} |`);
  }

  const rateLabels = binLabels(RATE_BIN_LIMITS, '');
  lines.push(
    '',
    'Rate of change between consecutive readings, mg/dL/min, as a percent of pairs.',
    '',
    `| profile | ${rateLabels.join(' | ')} |`,
    `|---|${rateLabels.map(() => '---').join('|')}|`,
  );
  for (const report of profiles) {
    const counts = report.cohort.signal.rateCounts;
    const total = Math.max(
      1,
      counts.reduce((sum, count) => sum + count, 0),
    );
    lines.push(
      `| ${report.profile.id} | ${counts.map((count) => ((100 * count) / total).toFixed(1)).join(' | ')} |`,
    );
  }

  const gapLabels = binLabels(GAP_BIN_LIMITS, ' min');
  lines.push(
    '',
    'Gaps between consecutive readings longer than one and a half reading intervals, per',
    'patient-week, by length (sensor changes and warm-ups included).',
    '',
    `| profile | ${gapLabels.join(' | ')} |`,
    `|---|${gapLabels.map(() => '---').join('|')}|`,
  );
  for (const report of profiles) {
    const signal = report.cohort.signal;
    const weeks = Math.max(1, signal.patientDays / 7);
    lines.push(
      `| ${report.profile.id} | ${signal.gapCounts.map((count) => (count / weeks).toFixed(2)).join(' | ')} |`,
    );
  }
  lines.push('');
  return lines;
}
