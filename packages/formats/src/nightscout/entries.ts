import { PLAUSIBILITY, type GlucoseFields, type Trend } from '@phoenix/domain';
import type { DocumentFields } from './fields.ts';
import type { RecordBody } from './record-base.ts';
import { directionOfTrendCode, trendOfDirection } from './trend.ts';

/**
 * Entries documents, one glucose value each:
 *
 * ```
 * {"type": "sgv", "sgv": 141, "date": 1778284800000, "dateString": "2026-05-08T23:59:59.372Z",
 *  "direction": "FortyFiveDown", "trend": 5, "trendRate": -1.2, "device": "Dexcom G6 SERIAL"}
 * {"type": "mbg", "mbg": 112, "date": 1710064500000, "device": "xDrip-DexcomG6"}
 * {"type": "cal", "slope": 851.2, "intercept": 31420, "scale": 1, "date": 1710064500000}
 * ```
 *
 * `sgv` and `mbg` are always mg/dL.
 */

/** Dexcom Share writes a reading below the sensor's range as 39 and one above it as 401. */
export const SHARE_LOW_SGV = 39;
export const SHARE_HIGH_SGV = 401;
/** The sensor range limits those two codes stand for, in mg/dL. */
export const LOW_THRESHOLD_MG_DL = 40;
export const HIGH_THRESHOLD_MG_DL = 400;

const MAX_GLUCOSE_MG_DL = PLAUSIBILITY.glucoseMgDl.max;
const RATE_LIMITS = { ...PLAUSIBILITY.rateMgDlPerMin, unit: 'mg/dL/min' };

/** Reads the body of an entries document; pushes an issue and returns null when it has none. */
export function entryBody(fields: DocumentFields): RecordBody | null {
  const type = entryType(fields);
  switch (type) {
    case 'sgv':
      return sgvBody(fields);
    case 'mbg':
      return mbgBody(fields);
    case 'cal':
      return { type: 'deviceEvent', subType: 'calibration', detail: null };
    default: {
      const message = 'Unsupported entry type. Expected sgv, mbg or cal.';
      fields.error('type', type ?? fields.document['type'], message);
      return null;
    }
  }
}

/** Returns the entry's `type`, or the type its value member implies when `type` is missing. */
function entryType(fields: DocumentFields): string | undefined {
  const type = fields.string('type');
  if (type !== undefined) {
    return type;
  }
  return ['sgv', 'mbg'].find((name) => fields.has(name));
}

function sgvBody(fields: DocumentFields): RecordBody | null {
  const glucose = sgvGlucose(fields);
  if (glucose === null) {
    return null;
  }
  const rate = fields.number('trendRate', RATE_LIMITS, 'warning');
  return {
    type: 'cbg',
    valueMgDl: glucose.valueMgDl,
    outOfRange: glucose.outOfRange,
    thresholdMgDl: glucose.thresholdMgDl,
    sourceUnits: glucose.sourceUnits,
    rateMgDlPerMin: rate ?? null,
    trend: entryTrend(fields),
  };
}

/**
 * Reads `sgv`: 39 and 401 become out-of-range flags with the thresholds 40 and 400. Values
 * below 39 are CGM error codes (Nightscout's errorcodes plugin shows them as alarms), not
 * readings, so they are rejected like values above 1000 mg/dL.
 */
function sgvGlucose(fields: DocumentFields): GlucoseFields | null {
  const value = fields.number('sgv');
  if (value === undefined) {
    fields.error('sgv', undefined, 'Missing sgv. An sgv entry needs a glucose value in mg/dL.');
    return null;
  }
  if (value === null) {
    return null;
  }
  if (value === SHARE_LOW_SGV) {
    return outOfRange('low', LOW_THRESHOLD_MG_DL);
  }
  if (value === SHARE_HIGH_SGV) {
    return outOfRange('high', HIGH_THRESHOLD_MG_DL);
  }
  if (value < SHARE_LOW_SGV || value > MAX_GLUCOSE_MG_DL) {
    const message =
      `Implausible sgv. Expected ${SHARE_LOW_SGV}–${MAX_GLUCOSE_MG_DL} mg/dL; ` +
      'values below 39 are CGM error codes, not readings.';
    fields.error('sgv', fields.document['sgv'], message);
    return null;
  }
  return { valueMgDl: value, outOfRange: null, thresholdMgDl: null, sourceUnits: 'mg/dL' };
}

function outOfRange(flag: 'low' | 'high', thresholdMgDl: number): GlucoseFields {
  return { valueMgDl: null, outOfRange: flag, thresholdMgDl, sourceUnits: 'mg/dL' };
}

/**
 * Reads the trend from `direction`, else from the numeric `trend` code. An unknown direction
 * gives a warning and no trend.
 */
function entryTrend(fields: DocumentFields): Trend | null {
  const direction = fields.string('direction') ?? directionOfTrendCode(fields.document['trend']);
  if (direction === undefined) {
    return null;
  }
  const trend = trendOfDirection(direction);
  if (trend === undefined) {
    fields.warning(
      'direction',
      direction,
      'Unknown direction. The reading is kept without a trend.',
    );
    return null;
  }
  return trend;
}

function mbgBody(fields: DocumentFields): RecordBody | null {
  const limits = { min: 0, max: MAX_GLUCOSE_MG_DL, unit: 'mg/dL' };
  const value = fields.number('mbg', limits);
  if (value === undefined) {
    fields.error('mbg', undefined, 'Missing mbg. An mbg entry needs a glucose value in mg/dL.');
    return null;
  }
  if (value === null) {
    return null;
  }
  return {
    type: 'smbg',
    subType: 'manual',
    valueMgDl: value,
    outOfRange: null,
    thresholdMgDl: null,
    sourceUnits: 'mg/dL',
  };
}
