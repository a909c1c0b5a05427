/** Role of a signed-in user; it decides which patients the API returns. */
export type UserRole = 'patient' | 'clinician' | 'engineer' | 'admin';

/** A user offered by the development login (`GET /api/v1/dev/users`). */
export interface DevUser {
  id: string;
  displayName: string;
  role: UserRole;
}

/** Sign-in settings of the dashboard (`GET /api/v1/auth/config`). */
export interface AuthConfig {
  /** OpenID Connect issuer to sign in with, or null when the API accepts no access tokens. */
  issuer: string | null;
  clientId: string;
  /** Audience of the API's access tokens, sent as `audience` for providers that need it. */
  audience: string;
  /** Scopes to request, separated by spaces. */
  scope: string;
  /** Whether the API accepts the development login (`X-Dev-User`). */
  devLogin: boolean;
}

/** A patient the caller may see (`GET /api/v1/patients`). */
export interface PatientSummary {
  id: string;
  displayName: string;
  /** IANA time zone name, for example `Europe/Helsinki`; all local times are shown in it. */
  timezone: string;
  /** ISO 8601 UTC instant of the first stored reading, or null when there is none. */
  firstReadingTime: string | null;
  /** ISO 8601 UTC instant of the last stored reading, or null when there is none. */
  lastReadingTime: string | null;
}

/** Side of the sensor's range that an out-of-range reading (`Low` or `High`) fell outside. */
export type OutOfRange = 'low' | 'high';

/**
 * One CGM reading. An out-of-range reading has `valueMgDl` null, `outOfRange` set and
 * `thresholdMgDl` set to the sensor limit it passed (null when the source did not state it).
 */
export interface GlucoseReading {
  /** ISO 8601 UTC instant. */
  time: string;
  valueMgDl: number | null;
  outOfRange: OutOfRange | null;
  thresholdMgDl: number | null;
}

/** Readings of one patient in `[from, to)`, sorted by time (`GET …/readings`). */
export interface ReadingsResponse {
  patientId: string;
  from: string;
  to: string;
  readings: GlucoseReading[];
}

/** Percent of readings in each consensus band (Battelino et al., Diabetes Care 2019), 0..100. */
export interface TimeInRangesPercent {
  /** Below 54 mg/dL. */
  veryLowPercent: number;
  /** 54 to below 70 mg/dL. */
  lowPercent: number;
  /** 70 to 180 mg/dL inclusive. */
  targetPercent: number;
  /** Above 180 up to 250 mg/dL. */
  highPercent: number;
  /** Above 250 mg/dL. */
  veryHighPercent: number;
  below70Percent: number;
  above180Percent: number;
}

/** Whether a period contains enough data for a report: 14 days with 70% of readings present. */
export interface DataSufficiency {
  /** Length of the requested period in days. */
  periodDays: number;
  /** Calendar days (UTC) with at least one reading. */
  daysWithData: number;
  expectedReadings: number;
  /** 100 × readings / expected readings, 0..100. */
  presentPercent: number;
  sufficient: boolean;
}

/** CGM summary statistics of a period; glucose values in mg/dL, null when there are no readings. */
export interface GlucoseStatistics {
  readingCount: number;
  outOfRangeCount: { low: number; high: number };
  meanMgDl: number | null;
  /** Sample standard deviation in mg/dL. */
  sdMgDl: number | null;
  /** Coefficient of variation, 100 × SD / mean. */
  cvPercent: number | null;
  /** Glucose management indicator in percent (Bergenstal et al., Diabetes Care 2018). */
  gmiPercent: number | null;
  /** The same GMI in mmol/mol. */
  gmiMmolMol: number | null;
  timeInRanges: TimeInRangesPercent | null;
  sufficiency: DataSufficiency;
}

/** Statistics of one patient in `[from, to)` (`GET …/statistics`). */
export interface StatisticsResponse {
  patientId: string;
  from: string;
  to: string;
  statistics: GlucoseStatistics;
}

/** Body of every non-2xx API response. */
export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    requestId: string;
    details?: unknown[];
  };
}
