import type { CanonicalRecord } from './records.ts';
import { canonicalInstantMillis, isValidTimeZone, parseLocalDateTime } from './time.ts';

/** One rule a record broke: the field (a JSON pointer within the record), its value, and why. */
export interface RecordProblem {
  field: string;
  value: unknown;
  message: string;
}

/** Message for a record `time` that is not an instant in a form the API accepts. */
export const TIME_FORMAT_MESSAGE =
  'time is not an ISO 8601 time with an offset, such as 2024-05-01T08:00:00.000Z or 2024-05-01T10:00:00+02:00';

/**
 * Limits for incoming records. They follow the validation of Tidepool's open data platform
 * (tidepool-org/platform), tightened where that page calls its own limits loose.
 */
export const PLAUSIBILITY = {
  glucoseMgDl: { min: 0, max: 1000 },
  /** Earliest accepted instant: no CGM or pump export contains data from before 2000. */
  earliestTimeMs: Date.UTC(2000, 0, 1),
  /** Latest accepted instant, relative to now: a device clock a day fast is still accepted. */
  futureToleranceMs: 24 * 60 * 60 * 1000,
  /** UTC offsets in use today run from −12:00 to +14:00. */
  timezoneOffsetMinutes: { min: -12 * 60, max: 14 * 60 },
  clockDriftOffsetMs: { min: -24 * 3600_000, max: 24 * 3600_000 },
  conversionOffsetMs: { min: -366 * 24 * 3600_000, max: 366 * 24 * 3600_000 },
  rateMgDlPerMin: { min: -100, max: 100 },
  bolusUnits: { min: 0, max: 100 },
  basalUnitsPerHour: { min: 0, max: 100 },
  basalDurationMs: { min: 0, max: 7 * 24 * 3600_000 },
  extendedDurationMs: { min: 0, max: 24 * 3600_000 },
  carbsGrams: { min: 0, max: 1000 },
  /** Slack between deviceTime and time plus the offsets, for devices whose drift is unknown. */
  deviceTimeSlackMs: 24 * 3600_000,
} as const;

/**
 * Check a record whose shape is already valid against the domain's plausibility limits.
 * Returns every problem found; an empty list means the record is plausible. `nowMs` bounds
 * times in the future.
 */
export function checkPlausibility(record: CanonicalRecord, nowMs = Date.now()): RecordProblem[] {
  const problems: RecordProblem[] = [];
  checkTime(record, nowMs, problems);

  if (record.type === 'cbg' || record.type === 'smbg') {
    checkGlucose(record.valueMgDl, record.outOfRange, record.thresholdMgDl, problems);
  }
  if (record.type === 'cbg' && record.rateMgDlPerMin != null) {
    inRange(
      '/rateMgDlPerMin',
      record.rateMgDlPerMin,
      PLAUSIBILITY.rateMgDlPerMin,
      'mg/dL/min',
      problems,
    );
  }
  if (record.type === 'bolus') {
    checkBolus(record.normalUnits, record.extendedUnits, record.durationMs, problems);
  }
  if (record.type === 'basal') {
    if (record.rateUnitsPerHour != null) {
      inRange(
        '/rateUnitsPerHour',
        record.rateUnitsPerHour,
        PLAUSIBILITY.basalUnitsPerHour,
        'U/h',
        problems,
      );
    }
    if (record.durationMs != null) {
      inRange('/durationMs', record.durationMs, PLAUSIBILITY.basalDurationMs, 'ms', problems);
    }
  }
  if (record.type === 'food') {
    inRange('/carbsGrams', record.carbsGrams, PLAUSIBILITY.carbsGrams, 'g', problems);
  }
  return problems;
}

function checkTime(record: CanonicalRecord, nowMs: number, problems: RecordProblem[]): void {
  // Canonical instants, which uploads carry, skip Date.parse and the zone designator check.
  const canonicalMs = canonicalInstantMillis(record.time);
  const timeMs = canonicalMs ?? Date.parse(record.time);
  if (Number.isNaN(timeMs) || (canonicalMs === null && !/Z$|[+-]\d\d:\d\d$/.test(record.time))) {
    problems.push({ field: '/time', value: record.time, message: TIME_FORMAT_MESSAGE });
  } else if (timeMs < PLAUSIBILITY.earliestTimeMs) {
    problems.push({ field: '/time', value: record.time, message: 'time is before 2000-01-01' });
  } else if (timeMs > nowMs + PLAUSIBILITY.futureToleranceMs) {
    problems.push({
      field: '/time',
      value: record.time,
      message: 'time is more than a day in the future',
    });
  }
  const deviceTimeMs = parseLocalDateTime(record.deviceTime);
  if (deviceTimeMs === null) {
    problems.push({
      field: '/deviceTime',
      value: record.deviceTime,
      message: 'deviceTime is not a local date-time YYYY-MM-DDTHH:mm:ss',
    });
  } else if (!Number.isNaN(timeMs)) {
    checkDeviceTime(record, deviceTimeMs, timeMs, problems);
  }
  if (record.timezone !== undefined && !isValidTimeZone(record.timezone)) {
    problems.push({
      field: '/timezone',
      value: record.timezone,
      message: 'timezone is not a known IANA time zone name, such as Europe/Helsinki',
    });
  }
  const limits = PLAUSIBILITY;
  inRange(
    '/timezoneOffset',
    record.timezoneOffset,
    limits.timezoneOffsetMinutes,
    'minutes',
    problems,
  );
  inRange('/clockDriftOffset', record.clockDriftOffset, limits.clockDriftOffsetMs, 'ms', problems);
  inRange('/conversionOffset', record.conversionOffset, limits.conversionOffsetMs, 'ms', problems);
}

/**
 * The device clock may differ from the instant by the zone offset, the device's drift and a
 * correction for a clock set wrong, plus a day of slack for devices whose drift is unknown.
 */
function checkDeviceTime(
  record: CanonicalRecord,
  deviceTimeMs: number,
  timeMs: number,
  problems: RecordProblem[],
): void {
  const expectedMs = timeMs + record.timezoneOffset * 60_000;
  const slackMs =
    PLAUSIBILITY.deviceTimeSlackMs +
    Math.abs(record.clockDriftOffset) +
    Math.abs(record.conversionOffset);
  if (Math.abs(deviceTimeMs - expectedMs) > slackMs) {
    problems.push({
      field: '/deviceTime',
      value: record.deviceTime,
      message:
        'deviceTime is more than a day away from time plus timezoneOffset; ' +
        'set clockDriftOffset or conversionOffset when the device clock was wrong',
    });
  }
}

function checkGlucose(
  valueMgDl: number | null,
  outOfRange: string | null,
  thresholdMgDl: number | null,
  problems: RecordProblem[],
): void {
  if ((valueMgDl === null) === (outOfRange === null)) {
    problems.push({
      field: '/valueMgDl',
      value: valueMgDl,
      message: 'exactly one of valueMgDl and outOfRange must be set',
    });
    return;
  }
  if (valueMgDl !== null) {
    inRange('/valueMgDl', valueMgDl, PLAUSIBILITY.glucoseMgDl, 'mg/dL', problems);
  } else if (thresholdMgDl === null) {
    problems.push({
      field: '/thresholdMgDl',
      value: thresholdMgDl,
      message: 'an out-of-range reading needs the device threshold in mg/dL',
    });
  } else {
    inRange('/thresholdMgDl', thresholdMgDl, PLAUSIBILITY.glucoseMgDl, 'mg/dL', problems);
  }
}

function checkBolus(
  normalUnits: number | null,
  extendedUnits: number | null,
  durationMs: number | null,
  problems: RecordProblem[],
): void {
  if (normalUnits === null && extendedUnits === null) {
    problems.push({ field: '/normalUnits', value: null, message: 'a bolus needs an amount' });
  }
  if (normalUnits !== null)
    inRange('/normalUnits', normalUnits, PLAUSIBILITY.bolusUnits, 'U', problems);
  if (extendedUnits !== null) {
    inRange('/extendedUnits', extendedUnits, PLAUSIBILITY.bolusUnits, 'U', problems);
  }
  if (durationMs !== null) {
    inRange('/durationMs', durationMs, PLAUSIBILITY.extendedDurationMs, 'ms', problems);
  }
}

function inRange(
  field: string,
  value: number,
  limits: { min: number; max: number },
  unit: string,
  problems: RecordProblem[],
): void {
  if (!Number.isFinite(value) || value < limits.min || value > limits.max) {
    problems.push({
      field,
      value,
      message: `${field.slice(1)} must be within ${limits.min}–${limits.max} ${unit}`,
    });
  }
}
