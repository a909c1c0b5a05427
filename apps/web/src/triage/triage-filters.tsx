import { useId } from 'react';

import type { TriageFilter } from './triage-sort.ts';

/** Props of `TriageFilters`. */
export interface TriageFiltersProps {
  filter: TriageFilter;
  onChange: (filter: TriageFilter) => void;
}

/** Renders the triage filters: a name search and two checkboxes. */
export function TriageFilters({ filter, onChange }: TriageFiltersProps) {
  const searchId = useId();
  return (
    <div role="search" aria-label="Filter patients" className="flex flex-wrap items-end gap-4">
      <div className="flex flex-col">
        <label htmlFor={searchId} className="text-sm">
          Find patient
        </label>
        <input
          id={searchId}
          type="search"
          value={filter.name}
          onChange={(event) => onChange({ ...filter, name: event.target.value })}
          className="rounded border border-slate-300 px-2 py-1"
        />
      </div>
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          checked={filter.missedTargetsOnly}
          onChange={(event) => onChange({ ...filter, missedTargetsOnly: event.target.checked })}
        />
        Only patients who miss a target
      </label>
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          checked={filter.unreviewedOnly}
          onChange={(event) => onChange({ ...filter, unreviewedOnly: event.target.checked })}
        />
        Only patients not reviewed since their last reading
      </label>
    </div>
  );
}
