import type { AgpBin, CgmReport, DailyProfile, TargetEvaluation } from '@phoenix/domain/metrics';

import type { AuditEvent, CareTeam } from '../api/admin-api.ts';
import type { EngineeringOverview, HealthReport } from '../api/engineering-api.ts';
import type { UserProfile } from '../api/me-api.ts';
import type { Bridge, CareTeamListing, Device, Share } from '../api/patient-api.ts';
import type { DailyResponse, ReportResponse } from '../api/report-api.ts';
import type { TriageEntry } from '../api/triage-api.ts';
import type { DevUser } from '../api/types.ts';
import {
  clinicianUser,
  demoPatient,
  demoStatistics,
  patientUser,
  secondPatient,
} from './fixtures.ts';

export const engineerUser: DevUser = {
  id: '4c6f1d3e-0000-4000-8000-000000000003',
  displayName: 'Demo Engineer',
  role: 'engineer',
};

export const adminUser: DevUser = {
  id: '4c6f1d3e-0000-4000-8000-000000000004',
  displayName: 'Demo Admin',
  role: 'admin',
};

/** Every role's demo user, as the development login lists them. */
export const allUsers: DevUser[] = [patientUser, clinicianUser, engineerUser, adminUser];

/** Returns a user's profile with the default preferences (mg/dL, each patient's zone). */
export function profileOf(user: DevUser, changes: Partial<UserProfile> = {}): UserProfile {
  return { ...user, glucoseUnit: 'mg/dL', timezone: null, ...changes };
}

/**
 * Triage of two patients, riskiest first as the API sorts them: Second Patient (GRI 61.3,
 * insufficient data, never reviewed) and Demo Patient (GRI 24.6, reviewed after the last
 * reading).
 */
export const triageEntries: TriageEntry[] = [
  {
    patientId: secondPatient.id,
    displayName: secondPatient.displayName,
    timezone: secondPatient.timezone,
    lastReadingTime: secondPatient.lastReadingTime,
    from: '2019-05-06T12:00:00.001Z',
    to: '2019-05-20T12:00:00.001Z',
    statistics: {
      ...demoStatistics,
      gmiPercent: 8.12,
      cvPercent: 44.5,
      timeInRanges: {
        veryLowPercent: 4.2,
        lowPercent: 5.1,
        targetPercent: 48.3,
        highPercent: 22.4,
        veryHighPercent: 20.0,
        below70Percent: 9.3,
        above180Percent: 42.4,
      },
      sufficiency: {
        periodDays: 14,
        daysWithData: 9,
        expectedReadings: 4032,
        presentPercent: 58.2,
        sufficient: false,
      },
    },
    gri: { gri: 61.3, hypoComponent: 8.28, hyperComponent: 31.2, zone: 'D' },
    missedTargets: ['targetPercent', 'below70Percent', 'below54Percent', 'cvPercent'],
    reviewedAt: null,
  },
  {
    patientId: demoPatient.id,
    displayName: demoPatient.displayName,
    timezone: demoPatient.timezone,
    lastReadingTime: demoPatient.lastReadingTime,
    from: '2019-03-03T09:55:00.001Z',
    to: '2019-03-17T09:55:00.001Z',
    statistics: demoStatistics,
    gri: { gri: 24.6, hypoComponent: 2.88, hyperComponent: 9.98, zone: 'B' },
    missedTargets: ['above180Percent', 'above250Percent'],
    reviewedAt: '2019-03-18T08:00:00.000Z',
  },
];

/** Hourly AGP bins: p5 = 70 + h, p25 = 100 + h, median 140 + h, p75 = 180 + h, p95 = 250 + h. */
function agpBins(): AgpBin[] {
  return Array.from({ length: 24 }, (_, hour) => {
    // 03:00–04:00 has no readings, so its percentiles are null.
    const percentiles =
      hour === 3
        ? null
        : { p5: 70 + hour, p25: 100 + hour, p50: 140 + hour, p75: 180 + hour, p95: 250 + hour };
    return {
      startMinute: hour * 60,
      endMinute: (hour + 1) * 60,
      readingCount: percentiles === null ? 0 : 12,
      percentiles,
      smoothedPercentiles: percentiles,
    };
  });
}

/** Builds the 14 local days 4–17 March 2019, each with three readings except an empty 10 March. */
function dailyProfiles(): DailyProfile[] {
  return Array.from({ length: 14 }, (_, index) => {
    const date = `2019-03-${String(4 + index).padStart(2, '0')}`;
    const midnightMs = Date.parse(`${date}T00:00:00+02:00`);
    const points =
      date === '2019-03-10'
        ? []
        : [60, 65, 70].map((minute, n) => ({
            timeMs: midnightMs + minute * 60_000,
            minuteOfDay: minute,
            valueMgDl: [65, 150, 200][n] ?? 0,
            outOfRange: null,
          }));
    return { date, points };
  });
}

function target(
  metric: TargetEvaluation['target']['metric'],
  comparison: TargetEvaluation['target']['comparison'],
  limitPercent: number,
  actualPercent: number,
  status: TargetEvaluation['status'],
): TargetEvaluation {
  return { target: { metric, comparison, limitPercent }, actualPercent, status };
}

const noEpisodes = {
  count: 0,
  totalDurationMinutes: 0,
  meanDurationMinutes: null,
  nightCount: 0,
  nightPercent: null,
};

/** An AGP report of Demo Patient's 14 days; the API's verdicts match `demoStatistics`. */
export const demoReport: CgmReport = {
  statistics: demoStatistics,
  estimatedA1cPercent: 7.0,
  timeWeightedTimeInRanges: demoStatistics.timeInRanges,
  cgmActivePercent: 95.2,
  pregnancyTimeInRanges: null,
  population: 'adultType1OrType2',
  targets: [
    target('targetPercent', 'above', 70, 68.4, 'missed'),
    target('below70Percent', 'below', 4, 3.4, 'met'),
    target('below54Percent', 'below', 1, 0.8, 'met'),
    target('above180Percent', 'below', 25, 28.2, 'missed'),
    target('above250Percent', 'below', 5, 6.5, 'missed'),
    target('cvPercent', 'atMost', 36, 33.91, 'met'),
  ],
  gri: { gri: 24.6, hypoComponent: 2.88, hyperComponent: 9.98, zone: 'B' },
  risk: { lbgi: 0.68, hbgi: 5.12, readingCount: 3890 },
  adrr: { adrr: 31.4, dayCount: 14 },
  jIndex: 42.6,
  mageMgDl: 120.5,
  moddMgDl: 48.2,
  conga1MgDl: 40.1,
  episodes: {
    hypoLevel1: {
      count: 6,
      totalDurationMinutes: 240,
      meanDurationMinutes: 40,
      nightCount: 2,
      nightPercent: 33.3,
    },
    hypoLevel2: {
      count: 1,
      totalDurationMinutes: 30,
      meanDurationMinutes: 30,
      nightCount: 0,
      nightPercent: 0,
    },
    extendedHypo: noEpisodes,
    hyperLevel1: {
      count: 20,
      totalDurationMinutes: 2400,
      meanDurationMinutes: 120,
      nightCount: 4,
      nightPercent: 20,
    },
    hyperLevel2: {
      count: 5,
      totalDurationMinutes: 400,
      meanDurationMinutes: 80,
      nightCount: 1,
      nightPercent: 20,
    },
  },
  agp: { binMinutes: 60, readingCount: 3890, bins: agpBins() },
  dailyProfiles: dailyProfiles(),
};

/** Builds the report response of a period, echoing its bounds. */
export function reportResponse(from: string, to: string, report = demoReport): ReportResponse {
  return { patientId: demoPatient.id, from, to, timezone: demoPatient.timezone, report };
}

/** Builds one day of Demo Patient: two readings, a bolus, a long-acting dose, carbs, basal and an event. */
export function dailyResponse(from: string, to: string): DailyResponse {
  return {
    patientId: demoPatient.id,
    from,
    to,
    readings: [
      { time: '2019-03-17T05:00:00.000Z', valueMgDl: 110, outOfRange: null, thresholdMgDl: null },
      { time: '2019-03-17T05:05:00.000Z', valueMgDl: 118, outOfRange: null, thresholdMgDl: null },
    ],
    records: [
      {
        time: '2019-03-17T05:10:00.000Z',
        type: 'bolus',
        valueMgDl: null,
        outOfRange: null,
        payload: {
          subType: 'normal',
          normalUnits: 6,
          extendedUnits: null,
          durationMs: null,
          insulinKind: 'Fast-Acting',
        },
      },
      {
        time: '2019-03-16T22:30:00.000Z',
        type: 'bolus',
        valueMgDl: null,
        outOfRange: null,
        payload: {
          subType: 'normal',
          normalUnits: 14,
          extendedUnits: null,
          durationMs: null,
          insulinKind: 'Long-Acting',
        },
      },
      {
        time: '2019-03-17T05:08:00.000Z',
        type: 'food',
        valueMgDl: null,
        outOfRange: null,
        payload: { carbsGrams: 45 },
      },
      {
        time: '2019-03-17T04:00:00.000Z',
        type: 'basal',
        valueMgDl: null,
        outOfRange: null,
        payload: { deliveryType: 'scheduled', rateUnitsPerHour: 0.85, durationMs: 5_400_000 },
      },
      {
        time: '2019-03-17T13:55:00.000Z',
        type: 'deviceEvent',
        valueMgDl: null,
        outOfRange: null,
        payload: { subType: 'exercise', detail: 'Light', durationMs: 2_700_000 },
      },
    ],
  };
}

export const demoDevices: Device[] = [
  {
    id: 'd0000000-0000-4000-8000-000000000001',
    patientId: demoPatient.id,
    deviceKey: 'dexcom-g6:8AB12C',
    createdAt: '2019-03-01T10:00:00.000Z',
    lastUploadAt: '2019-03-17T10:00:00.000Z',
  },
];

export const demoBridges: Bridge[] = [
  {
    id: 'b0000000-0000-4000-8000-000000000001',
    name: 'Kitchen phone',
    createdAt: '2019-03-01T10:00:00.000Z',
    lastSeenAt: '2019-03-17T10:00:00.000Z',
    revokedAt: null,
  },
  {
    id: 'b0000000-0000-4000-8000-000000000002',
    name: 'Old tablet',
    createdAt: '2019-01-01T10:00:00.000Z',
    lastSeenAt: null,
    revokedAt: '2019-02-01T10:00:00.000Z',
  },
];

export const careTeamListings: CareTeamListing[] = [
  { id: 'c0000000-0000-4000-8000-000000000001', name: 'Demo Clinic' },
  { id: 'c0000000-0000-4000-8000-000000000002', name: 'Eye Clinic' },
];

export const demoShares: Share[] = [
  {
    teamId: 'c0000000-0000-4000-8000-000000000001',
    teamName: 'Demo Clinic',
    grantedAt: '2019-03-01T10:00:00.000Z',
    revokedAt: null,
  },
];

export const engineeringOverview: EngineeringOverview = {
  from: '2026-11-27T12:00:00.000Z',
  to: '2026-12-04T12:00:00.000Z',
  uploadsPerHour: [
    {
      hour: '2026-12-04T09:00:00.000Z',
      batches: 2,
      records: 4003,
      accepted: 3990,
      duplicates: 10,
      rejected: 3,
    },
  ],
  rejections: [{ field: 'valueMgDl', message: 'glucose above 1000 mg/dL', records: 3 }],
  devices: demoDevices,
};

export const healthReport: HealthReport = {
  status: 'degraded',
  database: 'up',
  warnings: ['the staging backlog holds 850000 of at most 1000000 records'],
  storage: {
    mode: 'plain',
    backlog: {
      batches: 12,
      records: 850_000,
      oldestReceivedAt: '2026-12-04T11:00:00.000Z',
      maxRecords: 1_000_000,
    },
    defaultPartitionRows: { cbg_readings: 0, device_records: 0 },
    dirtyHours: { count: 3, oldestLoggedAt: '2026-12-04T11:30:00.000Z' },
    chunks: null,
    jobs: [
      {
        job: 'merge',
        lastStartedAt: '2026-12-04T11:59:00.000Z',
        lastFinishedAt: '2026-12-04T11:59:01.000Z',
        lastSucceededAt: '2026-12-04T11:59:01.000Z',
        lastDurationMs: 1200,
        lastError: null,
        runs: 120,
        failures: 0,
      },
    ],
  },
};

export const careTeams: CareTeam[] = [
  {
    id: 'c0000000-0000-4000-8000-000000000001',
    name: 'Demo Clinic',
    memberIds: [clinicianUser.id],
  },
];

/** Audit events 3 to 1, newest first. */
export const auditEvents: AuditEvent[] = [3, 2, 1].map((id) => ({
  id,
  occurredAt: `2026-12-04T10:0${id}:00.000Z`,
  transactionId: 700 + id,
  actor: id === 1 ? 'postgres' : patientUser.id,
  dbRole: 'phoenix_owner',
  tableName: 'public.upload_batches',
  operation: id === 1 ? 'INSERT' : 'UPDATE',
}));
