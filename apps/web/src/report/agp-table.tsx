import type { AmbulatoryGlucoseProfile } from '@phoenix/domain/metrics';

import { formatGlucoseNumber, type GlucoseUnit } from '../units/glucose-units.ts';
import { formatAgpHour } from './agp-chart-option.ts';

/** Props of `AgpTable`. */
export interface AgpTableProps {
  agp: AmbulatoryGlucoseProfile;
  unit: GlucoseUnit;
}

const COLUMNS = ['p5', 'p25', 'p50', 'p75', 'p95'] as const;

/**
 * Renders the AGP's smoothed percentiles as a table inside a closed disclosure, one row per
 * time-of-day bin, for readers who cannot see the chart. It is left out of print.
 */
export function AgpTable({ agp, unit }: AgpTableProps) {
  return (
    <details className="text-sm print:hidden">
      <summary className="cursor-pointer text-blue-800 underline">
        Show the AGP percentiles as a table
      </summary>
      <table className="mt-2 text-right tabular-nums">
        <caption className="text-left">Smoothed percentiles in {unit} by local time of day</caption>
        <thead>
          <tr>
            <th scope="col" className="px-2 text-left">
              Time
            </th>
            <th scope="col" className="px-2">
              5th
            </th>
            <th scope="col" className="px-2">
              25th
            </th>
            <th scope="col" className="px-2">
              Median
            </th>
            <th scope="col" className="px-2">
              75th
            </th>
            <th scope="col" className="px-2">
              95th
            </th>
          </tr>
        </thead>
        <tbody>
          {agp.bins.map((bin) => (
            <tr key={bin.startMinute}>
              <th scope="row" className="px-2 text-left font-normal">
                {formatAgpHour(bin.startMinute)}–{formatAgpHour(bin.endMinute)}
              </th>
              {COLUMNS.map((column) => (
                <td key={column} className="px-2">
                  {bin.smoothedPercentiles === null
                    ? 'No data'
                    : formatGlucoseNumber(bin.smoothedPercentiles[column], unit)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
