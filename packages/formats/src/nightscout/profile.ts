import { mmolLToMgDl } from '@phoenix/domain';
import type { DocumentFields } from './fields.ts';
import type { RecordBody } from './record-base.ts';

/**
 * Profile documents: the therapy settings a closed-loop system runs with.
 *
 * ```
 * {"defaultProfile": "Default", "startDate": "2024-03-01T00:00:00.000Z", "units": "mg/dl",
 *  "store": {"Default": {"dia": 6, "timezone": "America/Los_Angeles", "units": "mg/dl",
 *    "basal": [{"time": "00:00", "timeAsSeconds": 0, "value": 0.85}, …],
 *    "carbratio": […], "sens": […], "target_low": […], "target_high": […]}}}
 * ```
 *
 * Each document gives one `pumpSettings` record whose settings follow Tidepool's pump settings
 * (`NightscoutPumpSettings`), glucose in mg/dL whatever the profile's units.
 */

/** One entry of a daily schedule: from `startMs` after local midnight until the next entry. */
export interface ScheduleEntry<V> {
  startMs: number;
  value: V;
}

/** The settings of a `pumpSettings` record read from a profile document. */
export interface NightscoutPumpSettings {
  /** Name of the profile in force (`defaultProfile`); null when the document names none. */
  activeSchedule: string | null;
  /** Units the profile was written in; the schedules below are converted to mg/dL. */
  units: { bg: 'mg/dL' | 'mmol/L'; carb: 'grams' };
  /** Basal rates in U/h, by profile name. */
  basalSchedules: Record<string, ScheduleEntry<number>[]>;
  /** Grams of carbohydrate covered by 1 U, by profile name. */
  carbRatios: Record<string, ScheduleEntry<number>[]>;
  /** Glucose drop per unit in mg/dL, by profile name. */
  insulinSensitivities: Record<string, ScheduleEntry<number>[]>;
  /** Target ranges in mg/dL, by profile name. */
  bgTargets: Record<string, ScheduleEntry<{ lowMgDl: number; highMgDl: number }>[]>;
  /** Duration of insulin action in hours (`dia`), by profile name. */
  insulinActionHours: Record<string, number | null>;
  /** IANA zone of each profile's schedules, by profile name. */
  timezones: Record<string, string | null>;
}

const SECONDS_PER_DAY = 86_400;
const CLOCK_TIME = /^(\d{1,2}):(\d{2})$/;

/** Reads the body of a profile document; pushes an issue and returns null without a store. */
export function profileBody(fields: DocumentFields): RecordBody | null {
  const store = fields.document['store'];
  if (typeof store !== 'object' || store === null || Array.isArray(store)) {
    fields.error('store', store, 'Missing store. A profile needs a store object of profiles.');
    return null;
  }
  const settings: NightscoutPumpSettings = {
    activeSchedule: fields.string('defaultProfile') ?? null,
    units: { bg: isMmol(fields.document['units']) ? 'mmol/L' : 'mg/dL', carb: 'grams' },
    basalSchedules: {},
    carbRatios: {},
    insulinSensitivities: {},
    bgTargets: {},
    insulinActionHours: {},
    timezones: {},
  };
  for (const [name, profile] of Object.entries(store as Record<string, unknown>)) {
    if (typeof profile !== 'object' || profile === null) {
      fields.warning(`store.${name}`, profile, 'Invalid profile. Expected an object; skipped.');
      continue;
    }
    addProfile(fields, settings, name, profile as Record<string, unknown>);
  }
  return { type: 'pumpSettings', settings: { ...settings } };
}

function addProfile(
  fields: DocumentFields,
  settings: NightscoutPumpSettings,
  name: string,
  profile: Record<string, unknown>,
): void {
  const mmol = isMmol(profile['units'] ?? fields.document['units']);
  const toMgDl = (value: number): number => (mmol ? mmolLToMgDl(value) : value);
  const read = (member: string): ScheduleEntry<number>[] =>
    readSchedule(fields, `store.${name}.${member}`, profile[member]);

  settings.basalSchedules[name] = read('basal');
  settings.carbRatios[name] = read('carbratio');
  settings.insulinSensitivities[name] = read('sens').map((entry) => ({
    startMs: entry.startMs,
    value: toMgDl(entry.value),
  }));
  settings.bgTargets[name] = mergeTargets(read('target_low'), read('target_high'), toMgDl);
  const dia = Number(profile['dia']);
  settings.insulinActionHours[name] = profile['dia'] == null || !Number.isFinite(dia) ? null : dia;
  settings.timezones[name] = typeof profile['timezone'] === 'string' ? profile['timezone'] : null;
}

function isMmol(units: unknown): boolean {
  return typeof units === 'string' && units.toLowerCase().startsWith('mmol');
}

/**
 * Reads a schedule of `{time, timeAsSeconds, value}`; `time` (`HH:mm`) is used when
 * `timeAsSeconds` is missing, and numeric strings count. Invalid entries give a warning and are
 * skipped. A schedule that does not start at midnight, or does not ascend strictly within one
 * day, gives a warning and is kept as read.
 */
function readSchedule(
  fields: DocumentFields,
  column: string,
  raw: unknown,
): ScheduleEntry<number>[] {
  if (raw === undefined || raw === null) {
    return [];
  }
  if (!Array.isArray(raw)) {
    fields.warning(column, raw, 'Invalid schedule. Expected a list of {time, value}.');
    return [];
  }
  const entries: ScheduleEntry<number>[] = [];
  for (const item of raw as unknown[]) {
    const entry = scheduleEntry(item);
    if (entry === null) {
      fields.warning(
        column,
        item,
        'Invalid schedule entry. Expected {time, timeAsSeconds, value}; skipped.',
      );
    } else {
      entries.push(entry);
    }
  }
  if (!isDailySchedule(entries)) {
    const message = 'Invalid schedule. Entries must start at 00:00 and ascend within one day.';
    fields.warning(column, raw, message);
  }
  return entries;
}

function scheduleEntry(item: unknown): ScheduleEntry<number> | null {
  if (typeof item !== 'object' || item === null) {
    return null;
  }
  const { time, timeAsSeconds, value } = item as Record<string, unknown>;
  const seconds = timeAsSeconds == null ? clockSeconds(time) : Number(timeAsSeconds);
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (seconds === null || !Number.isFinite(seconds) || typeof number !== 'number') {
    return null;
  }
  return Number.isFinite(number) ? { startMs: seconds * 1000, value: number } : null;
}

function clockSeconds(time: unknown): number | null {
  const match = typeof time === 'string' ? CLOCK_TIME.exec(time) : null;
  return match === null ? null : Number(match[1]) * 3600 + Number(match[2]) * 60;
}

function isDailySchedule(entries: readonly ScheduleEntry<number>[]): boolean {
  if (entries.length === 0) {
    return true;
  }
  return entries.every((entry, index) => {
    const previous = entries[index - 1];
    const startsRight =
      previous === undefined ? entry.startMs === 0 : entry.startMs > previous.startMs;
    return startsRight && entry.startMs < SECONDS_PER_DAY * 1000;
  });
}

/** Merges the low and high target schedules into ranges at every start time of either. */
function mergeTargets(
  lows: readonly ScheduleEntry<number>[],
  highs: readonly ScheduleEntry<number>[],
  toMgDl: (value: number) => number,
): ScheduleEntry<{ lowMgDl: number; highMgDl: number }>[] {
  const starts = [...new Set([...lows, ...highs].map((entry) => entry.startMs))].sort(
    (a, b) => a - b,
  );
  const ranges: ScheduleEntry<{ lowMgDl: number; highMgDl: number }>[] = [];
  for (const startMs of starts) {
    const low = valueAt(lows, startMs);
    const high = valueAt(highs, startMs);
    if (low !== undefined && high !== undefined) {
      ranges.push({ startMs, value: { lowMgDl: toMgDl(low), highMgDl: toMgDl(high) } });
    }
  }
  return ranges;
}

/** Returns the value in force at `startMs`: that of the last entry starting at or before it. */
function valueAt(entries: readonly ScheduleEntry<number>[], startMs: number): number | undefined {
  let value: number | undefined;
  for (const entry of entries) {
    if (entry.startMs <= startMs) {
      value = entry.value;
    }
  }
  return value;
}
