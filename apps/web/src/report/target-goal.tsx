import type { TargetEvaluation, TargetMetric } from '@phoenix/domain/metrics';

import { formatTargetGoal } from '../statistics/consensus-targets.ts';

/** Returns the API's evaluation of one target metric, or undefined when it checked none. */
export function findTarget(
  targets: readonly TargetEvaluation[],
  metric: TargetMetric,
): TargetEvaluation | undefined {
  return targets.find((evaluation) => evaluation.target.metric === metric);
}

/**
 * Renders a consensus goal with the API's verdict, for example "Goal > 70% · missed". A
 * missed goal is marked in bold red; a target the API did not check renders nothing.
 */
export function TargetGoal({ evaluation }: { evaluation: TargetEvaluation | undefined }) {
  if (evaluation === undefined) {
    return null;
  }
  const goal = `Goal ${formatTargetGoal(evaluation.target)}`;
  if (evaluation.status === 'missed') {
    return (
      <span className="font-semibold text-red-700">
        {goal} · <span className="uppercase">missed</span>
      </span>
    );
  }
  if (evaluation.status === 'met') {
    return <span className="text-green-800">{goal} · met</span>;
  }
  return <span className="text-slate-600">{goal} · not known</span>;
}
