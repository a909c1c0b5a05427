import { useId, useState, type ReactNode } from 'react';

import { useApiClient } from '../api/api-client-context.tsx';
import { getEngineeringOverview, getHealth } from '../api/engineering-api.ts';
import type { UserRole } from '../api/types.ts';
import { useApiResource } from '../hooks/use-api-resource.ts';
import { displayTimeZone, usePreferences } from '../preferences/preferences-context.tsx';
import { MS_PER_DAY } from '../time/time-zone.ts';
import { BUTTON_STYLES } from '../ui/button-styles.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { LoadingStatus } from '../ui/loading-status.tsx';
import { DeviceFleetTable } from './device-fleet-table.tsx';
import { RejectionsTable } from './rejections-table.tsx';
import { StorageHealthPanel } from './storage-health-panel.tsx';
import { UploadsChart } from './uploads-chart.tsx';

/** Periods the overview offers, each ending now. */
const PERIODS = [
  { days: 1, label: 'Last 24 hours' },
  { days: 7, label: 'Last 7 days' },
  { days: 30, label: 'Last 30 days' },
] as const;

/** Props of `EngineeringPage`. */
export interface EngineeringPageProps {
  /** Admins see no devices: the API lists them for engineers only. */
  role: UserRole;
}

/**
 * Renders the operations overview for engineers and admins: uploads per hour, rejected
 * records by reason, devices with their last upload under pseudonymous patient IDs, and the
 * storage state of `GET /api/health` (staging backlog, jobs). Periods end at the time of the
 * last refresh.
 */
export function EngineeringPage({ role }: EngineeringPageProps) {
  const client = useApiClient();
  const preferences = usePreferences();
  const timeZone = displayTimeZone(preferences);
  const headingId = useId();
  const selectId = useId();
  const [days, setDays] = useState<number>(7);
  const [nowMs, setNowMs] = useState(() => Date.now());
  const period = { fromMs: nowMs - days * MS_PER_DAY, toMs: nowMs };
  const query = {
    from: new Date(period.fromMs).toISOString(),
    to: new Date(period.toMs).toISOString(),
  };
  const overview = useApiResource(`engineering:${query.from}:${query.to}`, (signal) =>
    getEngineeringOverview(client, query, signal),
  );
  const health = useApiResource(`health:${nowMs}`, (signal) => getHealth(client, signal));

  return (
    <section aria-labelledby={headingId} className="space-y-6">
      <h1 id={headingId} className="text-2xl font-bold">
        Operations
      </h1>
      <div className="flex flex-wrap items-end gap-3">
        <div className="flex flex-col">
          <label htmlFor={selectId} className="text-sm">
            Period
          </label>
          <select
            id={selectId}
            value={days}
            onChange={(event) => setDays(Number(event.target.value))}
            className="rounded border border-slate-300 bg-white px-2 py-1"
          >
            {PERIODS.map((option) => (
              <option key={option.days} value={option.days}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          onClick={() => setNowMs(Date.now())}
          className={BUTTON_STYLES.secondary}
        >
          Refresh
        </button>
        <p className="text-sm text-slate-600">Times in {timeZone}. Patients appear by ID only.</p>
      </div>
      <section aria-label="Uploads and rejections" className="space-y-6">
        {overview.status === 'loading' && <LoadingStatus label="Loading uploads…" />}
        {overview.status === 'error' && (
          <ErrorMessage title="The upload overview could not be loaded." error={overview.error} />
        )}
        {overview.status === 'success' && (
          <>
            <Subsection title="Uploads per hour">
              <UploadsChart
                hours={overview.data.uploadsPerHour}
                timeZone={timeZone}
                period={period}
              />
            </Subsection>
            <Subsection title="Rejected records by reason">
              <RejectionsTable rejections={overview.data.rejections} />
            </Subsection>
            {role === 'engineer' && (
              <Subsection title="Devices">
                <DeviceFleetTable
                  devices={overview.data.devices}
                  timeZone={timeZone}
                  nowMs={nowMs}
                />
              </Subsection>
            )}
          </>
        )}
      </section>
      <Subsection title="Storage">
        {health.status === 'loading' && <LoadingStatus label="Loading the storage state…" />}
        {health.status === 'error' && (
          <ErrorMessage title="The storage state could not be loaded." error={health.error} />
        )}
        {health.status === 'success' && (
          <StorageHealthPanel health={health.data} timeZone={timeZone} nowMs={nowMs} />
        )}
      </Subsection>
    </section>
  );
}

function Subsection({ title, children }: { title: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="space-y-2">
      <h2 id={headingId} className="text-xl font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}
