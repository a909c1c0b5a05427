import type { DeviceRecord } from '../api/report-api.ts';

/** A bolus with its immediate and extended parts in units (U). */
export interface BolusEvent {
  timeMs: number;
  normalUnits: number | null;
  extendedUnits: number | null;
  /** Duration of the extended part in ms, or null. */
  durationMs: number | null;
  /** Insulin kind as the source names it, for example `Fast-Acting`, or null. */
  insulinKind: string | null;
}

/** A basal rate in U/h over an interval; a suspension has rate 0. */
export interface BasalSegment {
  startMs: number;
  /** End of the interval, or null when the source gave no duration. */
  endMs: number | null;
  rateUnitsPerHour: number;
  deliveryType: string | null;
}

/** Carbohydrates eaten, in grams. */
export interface CarbEvent {
  timeMs: number;
  carbsGrams: number;
}

/** A fingerstick or calibration reading, in mg/dL. */
export interface FingerstickEvent {
  timeMs: number;
  valueMgDl: number;
  subType: string | null;
}

/** A device event such as exercise, an alarm or a site change. */
export interface DeviceEvent {
  timeMs: number;
  subType: string;
  detail: string | null;
  durationMs: number | null;
}

/** The records of a daily view, split by type; each list is in time order. */
export interface DailyRecords {
  boluses: BolusEvent[];
  basal: BasalSegment[];
  carbs: CarbEvent[];
  fingersticks: FingerstickEvent[];
  events: DeviceEvent[];
}

function numberField(payload: Record<string, unknown>, name: string): number | null {
  const value = payload[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function stringField(payload: Record<string, unknown>, name: string): string | null {
  const value = payload[name];
  return typeof value === 'string' ? value : null;
}

function basalSegment(record: DeviceRecord, timeMs: number): BasalSegment | null {
  const deliveryType = stringField(record.payload, 'deliveryType');
  const rate = numberField(record.payload, 'rateUnitsPerHour');
  // A suspension delivers nothing even when the source leaves the rate empty.
  const rateUnitsPerHour = deliveryType === 'suspend' ? (rate ?? 0) : rate;
  if (rateUnitsPerHour === null) {
    return null;
  }
  const durationMs = numberField(record.payload, 'durationMs');
  return {
    startMs: timeMs,
    endMs: durationMs === null ? null : timeMs + durationMs,
    rateUnitsPerHour,
    deliveryType,
  };
}

/**
 * Splits the records of `GET …/daily` by type and reads their payload fields. Records of other
 * types (settings, bolus calculator) and records whose amount is missing are left out; the
 * lists come out sorted by time.
 */
export function splitDailyRecords(records: readonly DeviceRecord[]): DailyRecords {
  const result: DailyRecords = { boluses: [], basal: [], carbs: [], fingersticks: [], events: [] };
  const sorted = [...records].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  for (const record of sorted) {
    const timeMs = Date.parse(record.time);
    const { payload } = record;
    if (record.type === 'bolus') {
      result.boluses.push({
        timeMs,
        normalUnits: numberField(payload, 'normalUnits'),
        extendedUnits: numberField(payload, 'extendedUnits'),
        durationMs: numberField(payload, 'durationMs'),
        insulinKind: stringField(payload, 'insulinKind'),
      });
    } else if (record.type === 'basal') {
      const segment = basalSegment(record, timeMs);
      if (segment !== null) result.basal.push(segment);
    } else if (record.type === 'food') {
      const carbsGrams = numberField(payload, 'carbsGrams');
      if (carbsGrams !== null) result.carbs.push({ timeMs, carbsGrams });
    } else if (record.type === 'smbg' && record.valueMgDl !== null) {
      result.fingersticks.push({
        timeMs,
        valueMgDl: record.valueMgDl,
        subType: stringField(payload, 'subType'),
      });
    } else if (record.type === 'deviceEvent') {
      result.events.push({
        timeMs,
        subType: stringField(payload, 'subType') ?? 'event',
        detail: stringField(payload, 'detail'),
        durationMs: numberField(payload, 'durationMs'),
      });
    }
  }
  return result;
}
