import { apiPath } from './api-path.ts';
import type { ApiClient, PeriodQuery } from './client.ts';
import type { Device } from './patient-api.ts';

/** Upload counts of one hour across all patients. */
export interface UploadHour {
  /** Start of the hour, ISO instant. */
  hour: string;
  batches: number;
  records: number;
  accepted: number;
  duplicates: number;
  rejected: number;
}

/** Rejected records with one field and reason; the rejected values are never sent. */
export interface RejectionReason {
  field: string;
  message: string;
  records: number;
}

/**
 * Upload activity of a period under pseudonymous patient IDs (`GET
 * /api/v1/engineering/overview`). `devices` is empty for admins.
 */
export interface EngineeringOverview {
  from: string;
  to: string;
  uploadsPerHour: UploadHour[];
  rejections: RejectionReason[];
  devices: Device[];
}

/** Last run of one background storage job; times are ISO instants. */
export interface StorageJob {
  job: string;
  lastStartedAt: string;
  lastFinishedAt: string | null;
  lastSucceededAt: string | null;
  lastDurationMs: number | null;
  lastError: string | null;
  runs: number;
  failures: number;
}

/** Storage state reported by `GET /api/health`. */
export interface StorageHealth {
  mode: string;
  /** Upload batches waiting in staging for the merge job, and its bound. */
  backlog: {
    batches: number;
    records: number;
    oldestReceivedAt: string | null;
    maxRecords?: number;
  };
  /** Rows waiting in default partitions (plain mode); null with TimescaleDB. */
  defaultPartitionRows: Record<string, number> | null;
  dirtyHours: { count: number; oldestLoggedAt: string | null };
  chunks: { total: number; compressed: number } | null;
  jobs: StorageJob[];
}

/** `GET /api/health`: database reachability and storage state. */
export interface HealthReport {
  status: 'ok' | 'degraded';
  database: string;
  warnings: string[];
  storage: StorageHealth;
}

/**
 * Loads the engineering overview of a period of at most 90 days. Rejects with `FORBIDDEN`
 * (403) for patients and clinicians.
 */
export function getEngineeringOverview(
  client: ApiClient,
  period: PeriodQuery,
  signal?: AbortSignal,
): Promise<EngineeringOverview> {
  const path = apiPath(['engineering', 'overview'], { from: period.from, to: period.to });
  return client.request<EngineeringOverview>('GET', path, { signal });
}

/** Loads the health report. Rejects with `DATABASE_UNAVAILABLE` (503) when the database is down. */
export function getHealth(client: ApiClient, signal?: AbortSignal): Promise<HealthReport> {
  return client.request<HealthReport>('GET', '/api/health', { signal });
}
