import type { HealthReport } from '../api/engineering-api.ts';
import { formatCount } from '../statistics/format-statistics.ts';
import { formatTimeAgo } from '../time/format-time.ts';
import { formatZonedDateTime } from '../time/time-zone.ts';

/** Props of `StorageHealthPanel`. */
export interface StorageHealthPanelProps {
  health: HealthReport;
  timeZone: string;
  nowMs: number;
}

function since(nowMs: number, iso: string | null): string {
  return iso === null ? 'none waiting' : `oldest ${formatTimeAgo(nowMs, Date.parse(iso))}`;
}

/**
 * Renders the storage state of `GET /api/health`: overall status and warnings, the staging
 * backlog against its bound, hours waiting for an aggregate refresh, rows in default
 * partitions or chunks (whichever the storage mode has), and each background job's last run.
 */
export function StorageHealthPanel({ health, timeZone, nowMs }: StorageHealthPanelProps) {
  const { storage } = health;
  const { backlog } = storage;
  const bound =
    backlog.maxRecords === undefined ? '' : ` of at most ${formatCount(backlog.maxRecords)}`;
  const facts: [string, string][] = [
    ['Status', `${health.status === 'ok' ? 'OK' : 'Degraded'} (database ${health.database})`],
    ['Storage mode', storage.mode],
    [
      'Staging backlog',
      `${formatCount(backlog.batches)} batches, ${formatCount(backlog.records)} records${bound}, ${since(nowMs, backlog.oldestReceivedAt)}`,
    ],
    [
      'Hours waiting for an aggregate refresh',
      `${formatCount(storage.dirtyHours.count)}, ${since(nowMs, storage.dirtyHours.oldestLoggedAt)}`,
    ],
  ];
  if (storage.defaultPartitionRows !== null) {
    const rows = Object.entries(storage.defaultPartitionRows)
      .map(([table, count]) => `${table}: ${formatCount(count)}`)
      .join(', ');
    facts.push(['Rows in default partitions', rows]);
  }
  if (storage.chunks !== null) {
    facts.push([
      'Chunks',
      `${formatCount(storage.chunks.total)} (${formatCount(storage.chunks.compressed)} compressed)`,
    ]);
  }

  return (
    <div className="space-y-3">
      {health.warnings.length > 0 && (
        <div className="rounded border border-amber-400 bg-amber-50 p-3 text-amber-900">
          <p className="font-semibold">Warnings</p>
          <ul className="list-disc pl-5 text-sm">
            {health.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </div>
      )}
      <dl className="grid gap-2 text-sm sm:grid-cols-2">
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt className="text-slate-600">{term}</dt>
            <dd className="font-semibold">{value}</dd>
          </div>
        ))}
      </dl>
      <div className="overflow-x-auto">
        <table className="w-full bg-white text-sm">
          <caption className="text-left font-semibold">Background jobs</caption>
          <thead className="bg-slate-100 text-left">
            <tr>
              <th scope="col" className="px-2 py-1">
                Job
              </th>
              <th scope="col" className="px-2 py-1 text-right">
                Runs
              </th>
              <th scope="col" className="px-2 py-1 text-right">
                Failures
              </th>
              <th scope="col" className="px-2 py-1">
                Last start
              </th>
              <th scope="col" className="px-2 py-1 text-right">
                Duration
              </th>
              <th scope="col" className="px-2 py-1">
                Last error
              </th>
            </tr>
          </thead>
          <tbody>
            {storage.jobs.map((job) => (
              <tr key={job.job} className="border-t border-slate-200">
                <th scope="row" className="px-2 py-1 text-left font-normal">
                  {job.job}
                </th>
                <td className="px-2 py-1 text-right tabular-nums">{formatCount(job.runs)}</td>
                <td className="px-2 py-1 text-right tabular-nums">{formatCount(job.failures)}</td>
                <td className="px-2 py-1">
                  {formatZonedDateTime(timeZone, Date.parse(job.lastStartedAt))}
                </td>
                <td className="px-2 py-1 text-right tabular-nums">
                  {job.lastDurationMs === null ? '–' : `${formatCount(job.lastDurationMs)} ms`}
                </td>
                <td className={`px-2 py-1 ${job.lastError === null ? '' : 'text-red-800'}`}>
                  {job.lastError ?? 'None'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
