import type { GlycemiaRiskIndex, TargetMetric } from '@phoenix/domain/metrics';

import { apiPath } from './api-path.ts';
import type { ApiClient } from './client.ts';
import type { GlucoseStatistics } from './types.ts';

/** Length of the triage period in days, the 14 days a consensus report needs. */
export const TRIAGE_DAYS = 14;

/** One patient of the clinician's care teams in the triage list (`GET /api/v1/triage`). */
export interface TriageEntry {
  patientId: string;
  displayName: string;
  /** IANA time zone of the patient. */
  timezone: string;
  /** ISO instant of the last stored CGM reading; null when there is none. */
  lastReadingTime: string | null;
  /** The period of the statistics, ending just after the last reading (ISO instants). */
  from: string;
  to: string;
  statistics: GlucoseStatistics;
  /** Glycemia Risk Index; null when the period has no readings. */
  gri: GlycemiaRiskIndex | null;
  /** Consensus targets for adults with type 1 or 2 diabetes that the period misses. */
  missedTargets: TargetMetric[];
  /** When the signed-in clinician last marked the patient reviewed (ISO instant), or null. */
  reviewedAt: string | null;
}

/**
 * Loads the triage list: each patient's last `days` days ending at their last reading, sorted
 * by GRI, highest first. Roles other than patient and clinician get an empty list.
 */
export function getTriage(
  client: ApiClient,
  days: number,
  signal?: AbortSignal,
): Promise<TriageEntry[]> {
  return client.request<TriageEntry[]>('GET', apiPath(['triage'], { days }), { signal });
}

/**
 * Records that the signed-in clinician reviewed the patient now and returns that instant.
 * Rejects with `PATIENT_NOT_FOUND` (404) for a patient outside the clinician's care teams.
 */
export function markReviewed(
  client: ApiClient,
  patientId: string,
): Promise<{ reviewedAt: string }> {
  return client.request('POST', apiPath(['patients', patientId, 'reviews']));
}
