import type { PregnancyTimeInRanges } from './pregnancy-ranges.ts';
import type { TimeInRanges } from './ranges.ts';

/**
 * Populations with consensus CGM targets (Battelino et al., "Clinical Targets for Continuous
 * Glucose Monitoring Data Interpretation: Recommendations From the International Consensus on
 * Time in Range", Diabetes Care 2019).
 */
export type ConsensusPopulation = 'adultType1OrType2' | 'olderOrHighRisk' | 'pregnancyType1';

/** A metric that a consensus target limits; all are percents. */
export type TargetMetric =
  | 'targetPercent'
  | 'below70Percent'
  | 'below54Percent'
  | 'above180Percent'
  | 'above250Percent'
  | 'cvPercent'
  | 'pregnancyTargetPercent'
  | 'pregnancyBelow63Percent'
  | 'pregnancyAbove140Percent';

/**
 * One consensus target. `comparison` states the published inequality: `above` means the
 * value must be strictly greater than `limitPercent` (TIR "> 70%"), `below` strictly less
 * ("< 4%"), `atMost` less than or equal (CV "≤ 36%").
 */
export interface ConsensusTarget {
  metric: TargetMetric;
  comparison: 'above' | 'below' | 'atMost';
  limitPercent: number;
}

/**
 * Targets per population (Battelino et al. 2019). Adults with type 1 or type 2 diabetes:
 * TIR 70–180 > 70%, below 70 < 4%, below 54 < 1%, above 180 < 25%, above 250 < 5%, and
 * CV ≤ 36%. Older or high-risk people: TIR > 50%, below 70 < 1%, above 250 < 10%.
 * Pregnancy with type 1 diabetes: 63–140 > 70%, below 63 < 4%, below 54 < 1%, above 140 < 25%.
 */
export const CONSENSUS_TARGETS: Readonly<Record<ConsensusPopulation, readonly ConsensusTarget[]>> =
  {
    adultType1OrType2: [
      { metric: 'targetPercent', comparison: 'above', limitPercent: 70 },
      { metric: 'below70Percent', comparison: 'below', limitPercent: 4 },
      { metric: 'below54Percent', comparison: 'below', limitPercent: 1 },
      { metric: 'above180Percent', comparison: 'below', limitPercent: 25 },
      { metric: 'above250Percent', comparison: 'below', limitPercent: 5 },
      { metric: 'cvPercent', comparison: 'atMost', limitPercent: 36 },
    ],
    olderOrHighRisk: [
      { metric: 'targetPercent', comparison: 'above', limitPercent: 50 },
      { metric: 'below70Percent', comparison: 'below', limitPercent: 1 },
      { metric: 'above250Percent', comparison: 'below', limitPercent: 10 },
    ],
    pregnancyType1: [
      { metric: 'pregnancyTargetPercent', comparison: 'above', limitPercent: 70 },
      { metric: 'pregnancyBelow63Percent', comparison: 'below', limitPercent: 4 },
      { metric: 'below54Percent', comparison: 'below', limitPercent: 1 },
      { metric: 'pregnancyAbove140Percent', comparison: 'below', limitPercent: 25 },
    ],
  };

/** Metrics that the targets are checked against. */
export interface TargetInput {
  timeInRanges: TimeInRanges | null;
  cvPercent: number | null;
  /** Needed for `pregnancyType1`; see `computePregnancyTimeInRanges`. */
  pregnancyTimeInRanges?: PregnancyTimeInRanges | null;
}

/** The outcome for one target; `actualPercent` is null when the metric is missing. */
export interface TargetEvaluation {
  target: ConsensusTarget;
  actualPercent: number | null;
  /** `unknown` when the metric is missing, for example without readings. */
  status: 'met' | 'missed' | 'unknown';
}

/** Checks every consensus target of a population against the metrics, in the table's order. */
export function evaluateConsensusTargets(
  population: ConsensusPopulation,
  input: TargetInput,
): TargetEvaluation[] {
  return CONSENSUS_TARGETS[population].map((target) => {
    const actualPercent = readTargetMetric(target.metric, input);
    if (actualPercent === null) {
      return { target, actualPercent, status: 'unknown' };
    }
    return { target, actualPercent, status: meetsTarget(target, actualPercent) ? 'met' : 'missed' };
  });
}

/**
 * Lists the consensus targets that the metrics miss. Targets whose metric is missing are not
 * listed, so check `evaluateConsensusTargets` when an empty list must mean "all met".
 */
export function listMissedTargets(
  population: ConsensusPopulation,
  input: TargetInput,
): TargetEvaluation[] {
  return evaluateConsensusTargets(population, input).filter(
    (evaluation) => evaluation.status === 'missed',
  );
}

function meetsTarget(target: ConsensusTarget, actualPercent: number): boolean {
  if (target.comparison === 'above') {
    return actualPercent > target.limitPercent;
  }
  if (target.comparison === 'below') {
    return actualPercent < target.limitPercent;
  }
  return actualPercent <= target.limitPercent;
}

function readTargetMetric(metric: TargetMetric, input: TargetInput): number | null {
  const ranges = input.timeInRanges;
  const pregnancy = input.pregnancyTimeInRanges ?? null;

  switch (metric) {
    case 'targetPercent':
      return ranges?.targetPercent ?? null;
    case 'below70Percent':
      return ranges?.below70Percent ?? null;
    case 'below54Percent':
      return ranges?.veryLowPercent ?? pregnancy?.below54Percent ?? null;
    case 'above180Percent':
      return ranges?.above180Percent ?? null;
    case 'above250Percent':
      return ranges?.veryHighPercent ?? null;
    case 'cvPercent':
      return input.cvPercent;
    case 'pregnancyTargetPercent':
      return pregnancy?.targetPercent ?? null;
    case 'pregnancyBelow63Percent':
      return pregnancy?.below63Percent ?? null;
    case 'pregnancyAbove140Percent':
      return pregnancy?.above140Percent ?? null;
  }
}
