import { useEffect, useId, useMemo, useState } from 'react';

import { useApiClient } from '../api/api-client-context.tsx';
import { getTriage, TRIAGE_DAYS, type TriageEntry } from '../api/triage-api.ts';
import { useApiResource } from '../hooks/use-api-resource.ts';
import { EmptyState } from '../ui/empty-state.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { LoadingStatus } from '../ui/loading-status.tsx';
import { TriageFilters } from './triage-filters.tsx';
import {
  DEFAULT_TRIAGE_SORT,
  filterTriage,
  NO_TRIAGE_FILTER,
  sortTriage,
  type TriageFilter,
  type TriageSort,
} from './triage-sort.ts';
import { TriageTable } from './triage-table.tsx';

/**
 * Renders the clinician's population triage: the patients of their care teams with the
 * metrics of each one's last 14 days (ending at that patient's last reading), riskiest first,
 * with sorting, filters and "Mark reviewed".
 */
export function TriagePage() {
  const client = useApiClient();
  const headingId = useId();
  const triage = useApiResource(`triage:${TRIAGE_DAYS}`, (signal) =>
    getTriage(client, TRIAGE_DAYS, signal),
  );

  return (
    <section aria-labelledby={headingId} className="space-y-4">
      <h1 id={headingId} className="text-2xl font-bold">
        Patients
      </h1>
      <p className="text-sm text-slate-600">
        Metrics of each patient&apos;s last {TRIAGE_DAYS} days, ending at their last reading. Flags
        mark the consensus targets for adults with type 1 or type 2 diabetes that a patient misses
        (Battelino et al., Diabetes Care 2019).
      </p>
      {triage.status === 'loading' && <LoadingStatus label="Loading patients…" />}
      {triage.status === 'error' && (
        <ErrorMessage title="The patient list could not be loaded." error={triage.error} />
      )}
      {triage.status === 'success' &&
        (triage.data.length === 0 ? (
          <EmptyState>No patients share their data with your care teams yet.</EmptyState>
        ) : (
          <TriageList initial={triage.data} />
        ))}
    </section>
  );
}

function TriageList({ initial }: { initial: TriageEntry[] }) {
  const [entries, setEntries] = useState(initial);
  const [sort, setSort] = useState<TriageSort>(DEFAULT_TRIAGE_SORT);
  const [filter, setFilter] = useState<TriageFilter>(NO_TRIAGE_FILTER);
  const [nowMs, setNowMs] = useState(() => Date.now());

  // "Time since last reading" ages while the page stays open.
  useEffect(() => {
    const timer = window.setInterval(() => setNowMs(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, []);

  const shown = useMemo(
    () => sortTriage(filterTriage(entries, filter), sort),
    [entries, filter, sort],
  );
  const markReviewed = (patientId: string, reviewedAt: string) => {
    setEntries((current) =>
      current.map((entry) => (entry.patientId === patientId ? { ...entry, reviewedAt } : entry)),
    );
  };

  return (
    <>
      <TriageFilters filter={filter} onChange={setFilter} />
      <p role="status" className="text-sm text-slate-700">
        Showing {shown.length} of {entries.length} patients.
      </p>
      {shown.length > 0 && (
        <TriageTable
          entries={shown}
          sort={sort}
          onSort={setSort}
          nowMs={nowMs}
          onReviewed={markReviewed}
        />
      )}
    </>
  );
}
