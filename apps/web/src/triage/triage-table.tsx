import type { TriageEntry } from '../api/triage-api.ts';
import { usePreferences } from '../preferences/preferences-context.tsx';
import { formatGlucoseNumber } from '../units/glucose-units.ts';
import { SortHeader } from './sort-header.tsx';
import { TriageRow } from './triage-row.tsx';
import type { TriageSort } from './triage-sort.ts';

/** Props of `TriageTable`. */
export interface TriageTableProps {
  /** Entries in the order to show. */
  entries: readonly TriageEntry[];
  sort: TriageSort;
  onSort: (sort: TriageSort) => void;
  nowMs: number;
  onReviewed: (patientId: string, reviewedAt: string) => void;
}

/**
 * Renders the triage table: one row per patient with GRI, time in ranges, GMI, CV, data
 * sufficiency, time since the last reading, missed targets and the review state. The table
 * scrolls sideways on narrow screens.
 */
export function TriageTable({ entries, sort, onSort, nowMs, onReviewed }: TriageTableProps) {
  const { unit } = usePreferences();
  const glucose = (valueMgDl: number) => formatGlucoseNumber(valueMgDl, unit);
  const header = { sort, onSort };

  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="w-full text-sm">
        <caption className="sr-only">
          Patients of your care teams, {sort.key === 'gri' ? 'riskiest first' : 'sorted'}
        </caption>
        <thead className="bg-slate-100 text-left">
          <tr>
            <SortHeader sortKey="name" {...header}>
              Patient
            </SortHeader>
            <SortHeader sortKey="gri" {...header}>
              GRI
            </SortHeader>
            <SortHeader sortKey="target" {...header}>
              TIR {glucose(70)}–{glucose(180)}
            </SortHeader>
            <SortHeader sortKey="below70" {...header}>
              TBR &lt;{glucose(70)}
            </SortHeader>
            <SortHeader sortKey="below54" {...header}>
              TBR &lt;{glucose(54)}
            </SortHeader>
            <SortHeader sortKey="gmi" {...header}>
              GMI
            </SortHeader>
            <SortHeader sortKey="cv" {...header}>
              CV
            </SortHeader>
            <SortHeader sortKey="present" {...header}>
              CGM data
            </SortHeader>
            <SortHeader sortKey="lastReading" {...header}>
              Last reading
            </SortHeader>
            <th scope="col" className="px-2 py-2 font-semibold">
              Missed targets
            </th>
            <th scope="col" className="px-2 py-2 font-semibold">
              Review
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <TriageRow key={entry.patientId} entry={entry} nowMs={nowMs} onReviewed={onReviewed} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
