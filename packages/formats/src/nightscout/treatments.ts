import { mmolLToMgDl, PLAUSIBILITY } from '@phoenix/domain';
import type { DocumentFields, NumberLimits } from './fields.ts';
import type { RecordBody } from './record-base.ts';
import {
  BG_CHECK,
  BOLUS_EVENT_TYPES,
  CARB_EVENT_TYPES,
  COMBO_BOLUS,
  DETAIL_MEMBERS,
  DEVICE_EVENT_SUBTYPES,
  NO_EVENT_TYPES,
  TEMP_BASAL,
} from './treatment-kinds.ts';

/**
 * Treatments documents: insulin, carbs, temporary basals and care events. Examples:
 *
 * ```
 * {"eventType": "Correction Bolus", "insulin": 3.4, "created_at": "2026-05-05T05:00:53.372Z",
 *  "enteredBy": "loop://test-device", "syncIdentifier": "93fc…", "type": "normal"}
 * {"eventType": "Temp Basal", "absolute": 0, "rate": 0, "duration": 30, "created_at": "…"}
 * {"timestamp": 1710064500000, "eventType": "<none>", "insulin": 0, "carbs": 20,
 *  "uuid": "…", "created_at": "2024-03-10T09:55:00Z"}
 * ```
 *
 * One treatment may give several records: a meal bolus with carbs gives a bolus and a food
 * record. A 0 counts where the event type names that kind of record (`insulin: 0` in a
 * `Correction Bolus` is a 0 U bolus), while a missing or null member never gives a record.
 */

export const INSULIN_LIMITS: NumberLimits = { ...PLAUSIBILITY.bolusUnits, unit: 'U' };
export const CARB_LIMITS: NumberLimits = { ...PLAUSIBILITY.carbsGrams, unit: 'g' };
const RATE_LIMITS: NumberLimits = { ...PLAUSIBILITY.basalUnitsPerHour, unit: 'U/h' };
const DURATION_LIMITS: NumberLimits = {
  min: 0,
  max: PLAUSIBILITY.basalDurationMs.max / 60_000,
  unit: 'minutes',
};
const GLUCOSE_LIMITS: NumberLimits = { ...PLAUSIBILITY.glucoseMgDl, unit: 'mg/dL' };
const MS_PER_MINUTE = 60_000;
/** Amounts computed from percentages are rounded to this many units (0.0001 U). */
const UNIT_STEPS = 10_000;
/** Longest `detail` the API accepts. */
const MAX_DETAIL_LENGTH = 200;

/** Reads the bodies of a treatments document; pushes issues and returns [] when it has none. */
export function treatmentBodies(fields: DocumentFields): RecordBody[] {
  const eventType = fields.string('eventType')?.trim();
  const insulin = fields.number('insulin', INSULIN_LIMITS);
  const carbs = fields.number('carbs', CARB_LIMITS);
  if (insulin === null || carbs === null) {
    return [];
  }

  if (eventType === TEMP_BASAL) {
    return listOf(tempBasalBody(fields));
  }
  if (eventType === COMBO_BOLUS) {
    return [...listOf(comboBolusBody(fields, insulin)), ...foodIfPositive(carbs)];
  }
  if (eventType === BG_CHECK) {
    return [...listOf(fingerstickBody(fields, true)), ...foodIfPositive(carbs)];
  }
  const bodies = [...listOf(fingerstickBody(fields, false))];
  if (eventType !== undefined && BOLUS_EVENT_TYPES.has(eventType)) {
    bodies.push(...bolusBodies(fields, insulin, true), ...foodIfPositive(carbs));
  } else if (eventType !== undefined && CARB_EVENT_TYPES.has(eventType)) {
    bodies.push(...(carbs === undefined ? [] : [foodBody(carbs)]));
    bodies.push(...bolusBodies(fields, insulin, false));
  } else {
    bodies.push(...bolusBodies(fields, insulin, false), ...foodIfPositive(carbs));
    bodies.push(...listOf(deviceEventBody(fields, eventType, bodies.length > 0)));
  }
  if (bodies.length === 0) {
    reportEmpty(fields, eventType);
  }
  return bodies;
}

function listOf(body: RecordBody | null): RecordBody[] {
  return body === null ? [] : [body];
}

function foodBody(carbsGrams: number): RecordBody {
  return { type: 'food', carbsGrams };
}

function foodIfPositive(carbs: number | undefined): RecordBody[] {
  return carbs !== undefined && carbs > 0 ? [foodBody(carbs)] : [];
}

/**
 * Returns the bolus of a treatment: with `namesBolus`, any `insulin` number (0 included);
 * otherwise only a positive one. AndroidAPS marks priming boluses `type: "PRIMING"`: that
 * insulin fills the cannula and never reaches the body, so it gives a `prime` device event.
 */
function bolusBodies(
  fields: DocumentFields,
  insulin: number | undefined,
  namesBolus: boolean,
): RecordBody[] {
  if (insulin === undefined || (!namesBolus && insulin <= 0)) {
    return [];
  }
  const type = fields.string('type');
  if (type === 'PRIMING') {
    return [{ type: 'deviceEvent', subType: 'prime', detail: null }];
  }
  const insulinKind = fields.string('insulinType') ?? null;
  if (type === 'square') {
    // Loop writes an extended bolus as `type: "square"` with its duration in minutes.
    const durationMinutes = fields.number('duration', DURATION_LIMITS);
    return [
      {
        type: 'bolus',
        subType: 'square',
        normalUnits: null,
        extendedUnits: insulin,
        durationMs: durationMinutes == null ? null : durationMinutes * MS_PER_MINUTE,
        insulinKind,
      },
    ];
  }
  // Loop writes the delivery time of a normal bolus as `duration`; it is no extended part.
  return [
    {
      type: 'bolus',
      subType: 'normal',
      normalUnits: insulin,
      extendedUnits: null,
      durationMs: null,
      insulinKind,
    },
  ];
}

/**
 * Reads a care-portal combo bolus: `enteredinsulin` U in total, `splitNow` and `splitExt`
 * percent of it now and extended over `duration` minutes. Without the split members, `insulin`
 * is taken as an immediate bolus.
 */
function comboBolusBody(fields: DocumentFields, insulin: number | undefined): RecordBody | null {
  const total = fields.number('enteredinsulin', INSULIN_LIMITS);
  const splitNow = fields.number('splitNow', { min: 0, max: 100, unit: '%' });
  const splitExt = fields.number('splitExt', { min: 0, max: 100, unit: '%' });
  const durationMinutes = fields.number('duration', DURATION_LIMITS);
  if (total === null || splitNow === null || splitExt === null || durationMinutes === null) {
    return null;
  }
  if (total === undefined || splitExt === undefined) {
    return bolusBodies(fields, insulin, true)[0] ?? null;
  }
  const now = splitNow ?? 100 - splitExt;
  const normalUnits = roundUnits((total * now) / 100);
  return {
    type: 'bolus',
    subType: now > 0 ? 'dual/square' : 'square',
    normalUnits: now > 0 ? normalUnits : null,
    extendedUnits: roundUnits((total * splitExt) / 100),
    durationMs: durationMinutes === undefined ? null : durationMinutes * MS_PER_MINUTE,
    insulinKind: fields.string('insulinType') ?? null,
  };
}

function roundUnits(units: number): number {
  return Math.round(units * UNIT_STEPS) / UNIT_STEPS;
}

/**
 * Reads a temporary basal: the rate from `absolute`, else `rate` (U/h); a basal given only as
 * `percent` keeps a null rate, because the scheduled rate it changes is not in the document.
 * The duration comes from AndroidAPS's `durationInMilliseconds`, else `duration` in minutes.
 */
function tempBasalBody(fields: DocumentFields): RecordBody | null {
  const absolute = fields.number('absolute', RATE_LIMITS);
  const rate = fields.number('rate', RATE_LIMITS);
  const percent = fields.number('percent', { min: -100, max: 1000, unit: '%' });
  const durationMinutes = fields.number('duration', DURATION_LIMITS);
  const durationMs = fields.number('durationInMilliseconds', {
    ...DURATION_LIMITS,
    max: DURATION_LIMITS.max * MS_PER_MINUTE,
    unit: 'ms',
  });
  if ([absolute, rate, percent, durationMinutes, durationMs].includes(null)) {
    return null;
  }
  if (absolute === undefined && rate === undefined && percent === undefined) {
    const message = 'Missing basal rate. A Temp Basal needs absolute, rate or percent.';
    fields.error('absolute', undefined, message);
    return null;
  }
  const minutesMs = durationMinutes == null ? null : durationMinutes * MS_PER_MINUTE;
  return {
    type: 'basal',
    deliveryType: 'temp',
    rateUnitsPerHour: absolute ?? rate ?? null,
    durationMs: durationMs ?? minutesMs,
  };
}

/**
 * Reads a fingerstick from `glucose`: for a `BG Check` always, for other event types only when
 * `glucoseType` is `Finger` (a `Sensor` value is a CGM reading copied into the treatment).
 * `units` of `mmol` or `mmol/L` mark mmol/L; otherwise the value is mg/dL, Nightscout's default.
 */
function fingerstickBody(fields: DocumentFields, isBgCheck: boolean): RecordBody | null {
  if (!isBgCheck && fields.string('glucoseType') !== 'Finger') {
    return null;
  }
  const units = fields.string('units')?.toLowerCase() ?? 'mg/dl';
  const isMmol = units === 'mmol' || units === 'mmol/l';
  const limits = isMmol ? { min: 0, max: 55, unit: 'mmol/L' } : GLUCOSE_LIMITS;
  const glucose = fields.number('glucose', limits);
  if (glucose === undefined && isBgCheck) {
    fields.error('glucose', undefined, 'Missing glucose. A BG Check needs a glucose value.');
  }
  if (glucose == null) {
    return null;
  }
  return {
    type: 'smbg',
    subType: 'manual',
    valueMgDl: isMmol ? mmolLToMgDl(glucose) : glucose,
    outOfRange: null,
    thresholdMgDl: null,
    sourceUnits: isMmol ? 'mmol/L' : 'mg/dL',
  };
}

/**
 * Returns the device event of a treatment. A known event type gives its subtype; an unknown
 * one gives a `note` whose detail is the event type, unless the treatment already gave
 * insulin or carb records. A treatment without an event type gives a `note` only when it has
 * `notes`.
 */
function deviceEventBody(
  fields: DocumentFields,
  eventType: string | undefined,
  hasOtherRecords: boolean,
): RecordBody | null {
  const known = eventType === undefined ? undefined : DEVICE_EVENT_SUBTYPES[eventType];
  const noEventType = eventType === undefined || NO_EVENT_TYPES.has(eventType);
  if (known === undefined && (hasOtherRecords || (noEventType && !fields.has('notes')))) {
    return null;
  }
  const durationMinutes = fields.number('duration', DURATION_LIMITS, 'warning');
  const detailMember = eventType === undefined ? undefined : DETAIL_MEMBERS[eventType];
  const detail = known === undefined && !noEventType ? eventType : detailText(fields, detailMember);
  return {
    type: 'deviceEvent',
    subType: known ?? 'note',
    detail: detail ?? null,
    durationMs: durationMinutes == null ? null : durationMinutes * MS_PER_MINUTE,
  };
}

function detailText(fields: DocumentFields, member: string | undefined): string | null {
  const text = member === undefined ? undefined : fields.string(member)?.trim();
  return text === undefined || text === '' ? null : text.slice(0, MAX_DETAIL_LENGTH);
}

function reportEmpty(fields: DocumentFields, eventType: string | undefined): void {
  if (eventType !== undefined && BOLUS_EVENT_TYPES.has(eventType)) {
    const message = `Missing insulin and carbs. A ${eventType} needs at least one of them.`;
    fields.error('insulin', undefined, message);
  } else if (eventType !== undefined && CARB_EVENT_TYPES.has(eventType)) {
    fields.error('carbs', undefined, `Missing carbs. A ${eventType} needs carbs in grams.`);
  } else if (eventType === undefined || NO_EVENT_TYPES.has(eventType)) {
    const message =
      'Empty treatment. Without an eventType a treatment needs insulin or carbs above 0, or notes.';
    fields.error('eventType', fields.document['eventType'], message);
  }
}
