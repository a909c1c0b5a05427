import type { DevUser, GlucoseReading, GlucoseStatistics, PatientSummary } from '../api/types.ts';

export const patientUser: DevUser = {
  id: '4c6f1d3e-0000-4000-8000-000000000001',
  displayName: 'Demo Patient',
  role: 'patient',
};

export const clinicianUser: DevUser = {
  id: '4c6f1d3e-0000-4000-8000-000000000002',
  displayName: 'Demo Clinician',
  role: 'clinician',
};

export const demoPatient: PatientSummary = {
  id: '9a1b2c3d-0000-4000-8000-000000000010',
  displayName: 'Demo Patient',
  timezone: 'Europe/Helsinki',
  firstReadingTime: '2019-02-01T00:00:00.000Z',
  lastReadingTime: '2019-03-17T09:55:00.000Z',
};

export const secondPatient: PatientSummary = {
  id: '9a1b2c3d-0000-4000-8000-000000000011',
  displayName: 'Second Patient',
  timezone: 'America/New_York',
  firstReadingTime: '2019-05-01T00:00:00.000Z',
  lastReadingTime: '2019-05-20T12:00:00.000Z',
};

/** Two ordinary readings around a `Low` (Dexcom, below 40) and a `High` (above 400). */
export const demoReadings: GlucoseReading[] = [
  { time: '2019-03-17T09:40:00.000Z', valueMgDl: 120, outOfRange: null, thresholdMgDl: null },
  { time: '2019-03-17T09:45:00.000Z', valueMgDl: null, outOfRange: 'low', thresholdMgDl: 40 },
  { time: '2019-03-17T09:50:00.000Z', valueMgDl: null, outOfRange: 'high', thresholdMgDl: 400 },
  { time: '2019-03-17T09:55:00.000Z', valueMgDl: 130, outOfRange: null, thresholdMgDl: null },
];

export const demoStatistics: GlucoseStatistics = {
  readingCount: 3890,
  outOfRangeCount: { low: 2, high: 1 },
  meanMgDl: 154.4,
  sdMgDl: 52.36,
  cvPercent: 33.91,
  gmiPercent: 7.003,
  gmiMmolMol: 53.04,
  timeInRanges: {
    veryLowPercent: 0.8,
    lowPercent: 2.6,
    targetPercent: 68.4,
    highPercent: 21.7,
    veryHighPercent: 6.5,
    below70Percent: 3.4,
    above180Percent: 28.2,
  },
  sufficiency: {
    periodDays: 14,
    daysWithData: 14,
    expectedReadings: 4032,
    presentPercent: 96.5,
    sufficient: true,
  },
};
