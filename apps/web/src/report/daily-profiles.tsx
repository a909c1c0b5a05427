import type { DailyProfile } from '@phoenix/domain/metrics';
import { useId } from 'react';

import { LegendSwatch } from '../chart/legend-swatch.tsx';
import { formatGlucoseNumber, type GlucoseUnit } from '../units/glucose-units.ts';
import { AGP_STYLE } from './agp-style.ts';
import { DailyProfileChart } from './daily-profile-chart.tsx';

/** Props of `DailyProfiles`. */
export interface DailyProfilesProps {
  profiles: readonly DailyProfile[];
  unit: GlucoseUnit;
}

const dayFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'short',
  day: 'numeric',
});
const fullDateFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** Parses a local calendar date (`YYYY-MM-DD`) to midnight UTC of the same date, for labels. */
function dateLabelMs(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`);
}

/**
 * Renders the daily glucose profiles in rows of seven (two rows for a 14-day report), each
 * panel labelled with its weekday and day. A day without readings shows "No data".
 */
export function DailyProfiles({ profiles, unit }: DailyProfilesProps) {
  const headingId = useId();
  const low = formatGlucoseNumber(70, unit);
  const high = formatGlucoseNumber(180, unit);

  return (
    <section aria-labelledby={headingId} className="report-section space-y-1">
      <h3 id={headingId} className="report-heading">
        Daily glucose profiles
      </h3>
      <p className="text-xs text-slate-700">
        Each panel runs from midnight to midnight, with lines at {low} and {high} {unit}.
      </p>
      <ol className="grid grid-cols-7 gap-1">
        {profiles.map((profile) => {
          const labelMs = dateLabelMs(profile.date);
          const fullDate = fullDateFormatter.format(labelMs);
          return (
            <li key={profile.date} className="min-w-0 border border-slate-200">
              <p className="bg-slate-50 px-1 text-xs font-semibold">
                {dayFormatter.format(labelMs)}
              </p>
              {profile.points.length === 0 ? (
                <p className="flex h-20 items-center justify-center text-xs text-slate-500 print:h-[17mm]">
                  No data
                </p>
              ) : (
                <DailyProfileChart profile={profile} unit={unit} label={`Glucose on ${fullDate}`} />
              )}
            </li>
          );
        })}
      </ol>
      <ul className="flex flex-wrap gap-x-4 text-xs text-slate-700">
        <li className="flex items-center gap-1.5">
          <LegendSwatch color={AGP_STYLE.aboveTargetFill} shape="band" />
          Above {high} {unit}
        </li>
        <li className="flex items-center gap-1.5">
          <LegendSwatch color={AGP_STYLE.belowTargetFill} shape="band" />
          Below {low} {unit}
        </li>
      </ul>
    </section>
  );
}
