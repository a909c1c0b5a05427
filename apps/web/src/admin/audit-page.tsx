import { useId, useState } from 'react';

import { listAuditEvents, listUsers, type AuditEvent, type AuditFilter } from '../api/admin-api.ts';
import { useApiClient } from '../api/api-client-context.tsx';
import type { UserProfile } from '../api/me-api.ts';
import { useApiResource } from '../hooks/use-api-resource.ts';
import { displayTimeZone, usePreferences } from '../preferences/preferences-context.tsx';
import { BUTTON_STYLES } from '../ui/button-styles.ts';
import { EmptyState } from '../ui/empty-state.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { LoadingStatus } from '../ui/loading-status.tsx';
import { toError } from '../ui/to-error.ts';
import { auditFilterFromForm, AUDIT_PAGE_SIZE } from './audit-filter.ts';
import { AuditFilterForm } from './audit-filter-form.tsx';
import { AuditTable } from './audit-table.tsx';
import { AuditVerificationPanel } from './audit-verification.tsx';

/**
 * Renders the admin's audit log: the chain verification, the filters, and the matching
 * events newest first, 50 at a time with "Load older events".
 */
export function AuditPage() {
  const client = useApiClient();
  const preferences = usePreferences();
  const timeZone = displayTimeZone(preferences);
  const headingId = useId();
  const [filter, setFilter] = useState<AuditFilter>({ limit: AUDIT_PAGE_SIZE });
  const users = useApiResource('admin-users', (signal) => listUsers(client, signal));
  const firstPage = useApiResource(`audit:${JSON.stringify(filter)}`, (signal) =>
    listAuditEvents(client, filter, signal),
  );
  const knownUsers: UserProfile[] = users.status === 'success' ? users.data : [];

  return (
    <section aria-labelledby={headingId} className="space-y-4">
      <h1 id={headingId} className="text-2xl font-bold">
        Audit log
      </h1>
      <AuditVerificationPanel />
      <AuditFilterForm
        users={knownUsers}
        onApply={(values) => setFilter(auditFilterFromForm(values, timeZone))}
      />
      <p className="text-sm text-slate-600">Times in {timeZone}.</p>
      {firstPage.status === 'loading' && <LoadingStatus label="Loading audit events…" />}
      {firstPage.status === 'error' && (
        <ErrorMessage title="The audit events could not be loaded." error={firstPage.error} />
      )}
      {firstPage.status === 'success' && (
        <AuditPages
          key={JSON.stringify(filter)}
          filter={filter}
          firstPage={firstPage.data}
          users={knownUsers}
          timeZone={timeZone}
        />
      )}
    </section>
  );
}

interface AuditPagesProps {
  filter: AuditFilter;
  firstPage: AuditEvent[];
  users: UserProfile[];
  timeZone: string;
}

function AuditPages({ filter, firstPage, users, timeZone }: AuditPagesProps) {
  const client = useApiClient();
  const [events, setEvents] = useState(firstPage);
  const [more, setMore] = useState(firstPage.length === AUDIT_PAGE_SIZE);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<Error | null>(null);

  const loadOlder = () => {
    const oldest = events.at(-1);
    if (oldest === undefined) return;
    setLoading(true);
    setError(null);
    listAuditEvents(client, { ...filter, beforeId: oldest.id }).then(
      (page) => {
        setEvents((current) => [...current, ...page]);
        setMore(page.length === AUDIT_PAGE_SIZE);
        setLoading(false);
      },
      (reason: unknown) => {
        setError(toError(reason));
        setLoading(false);
      },
    );
  };

  if (events.length === 0) {
    return <EmptyState>No audit events match these filters.</EmptyState>;
  }
  return (
    <>
      <AuditTable events={events} users={users} timeZone={timeZone} />
      <p role="status" className="text-sm text-slate-700">
        Showing {events.length} events{more ? '' : ', the oldest included'}.
      </p>
      {error !== null && <ErrorMessage title="Older events could not be loaded." error={error} />}
      {more && (
        <button
          type="button"
          onClick={loadOlder}
          disabled={loading}
          className={BUTTON_STYLES.secondary}
        >
          {loading ? 'Loading…' : 'Load older events'}
        </button>
      )}
    </>
  );
}
