import type { DailyProfile } from '@phoenix/domain/metrics';
import { useMemo } from 'react';

import { useECharts } from '../chart/use-echarts.ts';
import type { GlucoseUnit } from '../units/glucose-units.ts';
import { buildDailyProfileOption } from './daily-profile-option.ts';

/** Props of `DailyProfileChart`. */
export interface DailyProfileChartProps {
  profile: DailyProfile;
  unit: GlucoseUnit;
  /** Accessible name, for example "Glucose on Tue 15 Oct 2019". */
  label: string;
}

/** Renders one small midnight-to-midnight glucose profile. */
export function DailyProfileChart({ profile, unit, label }: DailyProfileChartProps) {
  const option = useMemo(
    () => buildDailyProfileOption(profile.points, unit),
    [profile.points, unit],
  );
  const chartRef = useECharts(option);
  return (
    <div
      ref={chartRef}
      role="img"
      aria-label={label}
      className="daily-profile-chart h-20 w-full print:h-[17mm]"
    />
  );
}
