import {
  mgDlToMmolL,
  type BasalRecord,
  type BolusRecord,
  type CanonicalRecord,
  type DeviceEventRecord,
  type SmbgRecord,
} from '@phoenix/domain';
import {
  minutesOf,
  setDeviceMember,
  setMember,
  setTimeMembers,
  type EncodeContext,
} from './encode-common.ts';
import {
  BG_CHECK,
  BOLUS_EVENT_TYPES,
  COMBO_BOLUS,
  DETAIL_MEMBERS,
  DEVICE_EVENT_SUBTYPES,
  EVENT_TYPE_BY_SUBTYPE,
  NO_EVENT_TYPES,
  TEMP_BASAL,
} from './treatment-kinds.ts';

/** Members a new treatments document gets: its UTC time and the device's offset. */
const REQUIRED_TIME_MEMBERS = ['created_at', 'utcOffset'];

/**
 * Writes the records of one treatment into `context.document`: a bolus, carbs, a temporary
 * basal, a fingerstick or a care event, or a bolus and carbs together. The source's
 * `eventType` is kept while it still reads back as the same records. Returns false when none
 * of the records fits a treatment: scheduled basals (Nightscout keeps schedules in profiles),
 * `status` and `calibration` device events, and AndroidAPS priming boluses without their
 * source document.
 */
export function encodeTreatment(
  context: EncodeContext,
  records: readonly CanonicalRecord[],
): boolean {
  const hasFood = records.some((record) => record.type === 'food');
  const hasBolus = records.some((record) => record.type === 'bolus');
  let written: CanonicalRecord | null = null;
  for (const record of records) {
    if (encodeOne(context, record, { hasFood, hasBolus })) {
      written ??= record;
    }
  }
  if (written === null) {
    return false;
  }
  setTimeMembers(context, written, REQUIRED_TIME_MEMBERS);
  setDeviceMember(context, written, 'enteredBy');
  return true;
}

interface GroupShape {
  hasFood: boolean;
  hasBolus: boolean;
}

function encodeOne(context: EncodeContext, record: CanonicalRecord, group: GroupShape): boolean {
  switch (record.type) {
    case 'bolus':
      encodeBolus(context, record, group);
      return true;
    case 'food':
      context.document['carbs'] = record.carbsGrams;
      if (!group.hasBolus && eventTypeOfSource(context) === undefined) {
        context.document['eventType'] = 'Carb Correction';
      }
      return true;
    case 'basal':
      return encodeTempBasal(context, record);
    case 'smbg':
      encodeFingerstick(context, record);
      return true;
    case 'deviceEvent':
      return encodeDeviceEvent(context, record);
    default:
      return false;
  }
}

function eventTypeOfSource(context: EncodeContext): string | undefined {
  const eventType = context.document['eventType'];
  return typeof eventType === 'string' ? eventType : undefined;
}

function encodeBolus(context: EncodeContext, record: BolusRecord, group: GroupShape): void {
  const document = context.document;
  const sourceType = eventTypeOfSource(context);
  const isExtended = record.extendedUnits !== null && record.extendedUnits > 0;
  if (isExtended && document['type'] === 'square' && record.normalUnits === null) {
    // Loop's extended bolus: `type: "square"`, the whole amount in `insulin`.
    document['insulin'] = record.extendedUnits;
    setMember(document, 'duration', minutesOf(record.durationMs));
  } else if (isExtended) {
    encodeComboBolus(context, record);
  } else {
    document['insulin'] = record.normalUnits ?? 0;
    const keepsEventType =
      sourceType !== undefined &&
      sourceType !== COMBO_BOLUS &&
      (BOLUS_EVENT_TYPES.has(sourceType) || (document['insulin'] as number) > 0);
    if (!keepsEventType) {
      document['eventType'] = group.hasFood ? 'Meal Bolus' : 'Correction Bolus';
    }
  }
  if (record.insulinKind != null) {
    document['insulinType'] = record.insulinKind;
  }
}

/** Writes an extended bolus the way Nightscout's care portal does: percentages of a total. */
function encodeComboBolus(context: EncodeContext, record: BolusRecord): void {
  const document = context.document;
  const normal = record.normalUnits ?? 0;
  const total = normal + (record.extendedUnits ?? 0);
  const splitNow = Math.round((normal / total) * 100);
  document['eventType'] = COMBO_BOLUS;
  document['insulin'] = normal;
  document['enteredinsulin'] = total;
  document['splitNow'] = splitNow;
  document['splitExt'] = 100 - splitNow;
  setMember(document, 'duration', minutesOf(record.durationMs));
}

/**
 * Writes a basal as a `Temp Basal`: the rate into `absolute` and `rate` (as Loop does), a
 * suspension as rate 0. A basal without a rate is written only over a source document that
 * gives it as `percent`.
 */
function encodeTempBasal(context: EncodeContext, record: BasalRecord): boolean {
  const document = context.document;
  if (record.deliveryType === 'scheduled') {
    return false;
  }
  const rate = record.deliveryType === 'suspend' ? 0 : record.rateUnitsPerHour;
  if (rate === null && !('percent' in document)) {
    return false;
  }
  document['eventType'] = TEMP_BASAL;
  if (rate !== null) {
    if ('absolute' in document || !('percent' in document)) {
      document['absolute'] = rate;
    }
    if ('rate' in document || !('percent' in document)) {
      document['rate'] = rate;
    }
  }
  setMember(document, 'duration', minutesOf(record.durationMs));
  if ('durationInMilliseconds' in document) {
    setMember(document, 'durationInMilliseconds', record.durationMs ?? undefined);
  }
  return true;
}

/** Writes a fingerstick as a `BG Check` in the units the source used. */
function encodeFingerstick(context: EncodeContext, record: SmbgRecord): void {
  const document = context.document;
  if (record.valueMgDl === null) {
    return;
  }
  const isMmol = record.sourceUnits === 'mmol/L';
  const value = isMmol ? Math.round(mgDlToMmolL(record.valueMgDl) * 10) / 10 : record.valueMgDl;
  if (document['glucoseType'] !== 'Finger' || eventTypeOfSource(context) === undefined) {
    document['eventType'] = BG_CHECK;
  }
  document['glucose'] = value;
  document['glucoseType'] = 'Finger';
  if (isMmol || 'units' in document) {
    document['units'] = isMmol ? 'mmol' : 'mg/dl';
  }
}

function encodeDeviceEvent(context: EncodeContext, record: DeviceEventRecord): boolean {
  const document = context.document;
  const sourceType = eventTypeOfSource(context);
  if (record.subType === 'prime') {
    return document['type'] === 'PRIMING';
  }
  const eventType = eventTypeOf(record, sourceType);
  if (eventType === null) {
    return false;
  }
  if (eventType !== sourceType) {
    document['eventType'] = eventType;
  }
  const detailMember = DETAIL_MEMBERS[eventType];
  if (detailMember !== undefined && record.detail != null) {
    document[detailMember] = record.detail;
  }
  if (record.durationMs != null) {
    document['duration'] = record.durationMs / 60_000;
  }
  return true;
}

/**
 * Returns the event type of a device event: the source's while it still gives the same
 * subtype, else the subtype's own. A `note` with a detail gets the detail as event type,
 * because the reader makes such notes from event types it does not know. Returns null for
 * subtypes that no treatment can store.
 */
function eventTypeOf(record: DeviceEventRecord, sourceType: string | undefined): string | null {
  const sourceSubtype = sourceType === undefined ? undefined : DEVICE_EVENT_SUBTYPES[sourceType];
  if (sourceSubtype === record.subType) {
    return sourceType ?? null;
  }
  if (record.subType === 'note') {
    if (record.detail != null) {
      return record.detail;
    }
    return sourceType !== undefined && NO_EVENT_TYPES.has(sourceType) ? sourceType : 'Note';
  }
  return EVENT_TYPE_BY_SUBTYPE[record.subType] ?? null;
}
