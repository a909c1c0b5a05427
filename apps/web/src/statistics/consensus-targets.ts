import type { ConsensusTarget, TargetMetric } from '@phoenix/domain/metrics';

import type { GlucoseUnit } from '../units/glucose-units.ts';

/** Names of a metric that a consensus target limits. */
export interface TargetMetricLabel {
  /** Short name for tables and flags, for example "TBR <70". */
  shortName: string;
  /** Full name with its limits, for example "Time below 70 mg/dL". */
  name: string;
}

type UnitLabels = Record<GlucoseUnit, TargetMetricLabel>;

function same(label: TargetMetricLabel): UnitLabels {
  return { 'mg/dL': label, 'mmol/L': label };
}

/**
 * Labels of each target metric in each unit. The mmol/L limits are the consensus's own: 3.0,
 * 3.9, 10.0 and 13.9 mmol/L, and 3.5 and 7.8 mmol/L in pregnancy.
 */
const LABELS: Readonly<Record<TargetMetric, UnitLabels>> = {
  targetPercent: {
    'mg/dL': { shortName: 'TIR', name: 'Time in range 70–180 mg/dL' },
    'mmol/L': { shortName: 'TIR', name: 'Time in range 3.9–10.0 mmol/L' },
  },
  below70Percent: {
    'mg/dL': { shortName: 'TBR <70', name: 'Time below 70 mg/dL' },
    'mmol/L': { shortName: 'TBR <3.9', name: 'Time below 3.9 mmol/L' },
  },
  below54Percent: {
    'mg/dL': { shortName: 'TBR <54', name: 'Time below 54 mg/dL' },
    'mmol/L': { shortName: 'TBR <3.0', name: 'Time below 3.0 mmol/L' },
  },
  above180Percent: {
    'mg/dL': { shortName: 'TAR >180', name: 'Time above 180 mg/dL' },
    'mmol/L': { shortName: 'TAR >10.0', name: 'Time above 10.0 mmol/L' },
  },
  above250Percent: {
    'mg/dL': { shortName: 'TAR >250', name: 'Time above 250 mg/dL' },
    'mmol/L': { shortName: 'TAR >13.9', name: 'Time above 13.9 mmol/L' },
  },
  cvPercent: same({ shortName: 'CV', name: 'Coefficient of variation' }),
  pregnancyTargetPercent: {
    'mg/dL': { shortName: 'TIR 63–140', name: 'Time in range 63–140 mg/dL (pregnancy)' },
    'mmol/L': { shortName: 'TIR 3.5–7.8', name: 'Time in range 3.5–7.8 mmol/L (pregnancy)' },
  },
  pregnancyBelow63Percent: {
    'mg/dL': { shortName: 'TBR <63', name: 'Time below 63 mg/dL (pregnancy)' },
    'mmol/L': { shortName: 'TBR <3.5', name: 'Time below 3.5 mmol/L (pregnancy)' },
  },
  pregnancyAbove140Percent: {
    'mg/dL': { shortName: 'TAR >140', name: 'Time above 140 mg/dL (pregnancy)' },
    'mmol/L': { shortName: 'TAR >7.8', name: 'Time above 7.8 mmol/L (pregnancy)' },
  },
};

/** Returns the names of a target metric in a unit. */
export function targetMetricLabel(metric: TargetMetric, unit: GlucoseUnit): TargetMetricLabel {
  return LABELS[metric][unit];
}

const COMPARISON_SIGNS: Readonly<Record<ConsensusTarget['comparison'], string>> = {
  above: '>',
  below: '<',
  atMost: '≤',
};

/** Formats a target's goal as the consensus prints it, for example "> 70%" or "≤ 36%". */
export function formatTargetGoal(target: ConsensusTarget): string {
  return `${COMPARISON_SIGNS[target.comparison]} ${target.limitPercent}%`;
}
