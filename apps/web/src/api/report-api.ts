import type { CgmReport } from '@phoenix/domain/metrics';

import { apiPath } from './api-path.ts';
import type { ApiClient, PeriodQuery } from './client.ts';
import type { GlucoseReading, OutOfRange } from './types.ts';

/** The AGP report of one patient and period (`GET …/report`). */
export interface ReportResponse {
  patientId: string;
  from: string;
  to: string;
  /** IANA zone in which the API placed readings on the time of day (AGP, daily profiles). */
  timezone: string;
  /** Every metric as the API computed it; glucose in mg/dL. */
  report: CgmReport;
}

/** Maximum period the daily view may request, in days. */
export const MAX_DAILY_DAYS = 7;

/**
 * A record other than a CGM reading. `payload` contains the type's fields:
 * - `bolus`: `normalUnits`, `extendedUnits`, `durationMs` and `insulinKind`;
 * - `basal`: `rateUnitsPerHour`, `durationMs` and `deliveryType`;
 * - `food`: `carbsGrams`;
 * - `deviceEvent`: `subType`, `detail` and `durationMs`;
 * - `smbg`: `subType`.
 */
export interface DeviceRecord {
  /** ISO instant. */
  time: string;
  type: string;
  valueMgDl: number | null;
  outOfRange: OutOfRange | null;
  payload: Record<string, unknown>;
}

/** Readings and other records of one patient in `[from, to)` (`GET …/daily`). */
export interface DailyResponse {
  patientId: string;
  from: string;
  to: string;
  readings: GlucoseReading[];
  records: DeviceRecord[];
}

/**
 * Loads the AGP report of a period (at most 90 days). Rejects with `PATIENT_NOT_FOUND` (404)
 * for a patient the caller may not read, and `INVALID_RANGE` (400) for a bad period.
 */
export function getReport(
  client: ApiClient,
  patientId: string,
  period: PeriodQuery,
  signal?: AbortSignal,
): Promise<ReportResponse> {
  const path = apiPath(['patients', patientId, 'report'], { from: period.from, to: period.to });
  return client.request<ReportResponse>('GET', path, { signal });
}

/**
 * Loads the readings, basal, boluses, carbs and events of a period of at most
 * `MAX_DAILY_DAYS` days; a longer one is rejected with `INVALID_RANGE` (400).
 */
export function getDaily(
  client: ApiClient,
  patientId: string,
  period: PeriodQuery,
  signal?: AbortSignal,
): Promise<DailyResponse> {
  const path = apiPath(['patients', patientId, 'daily'], { from: period.from, to: period.to });
  return client.request<DailyResponse>('GET', path, { signal });
}
