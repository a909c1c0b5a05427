/**
 * Canonical record model, close to Tidepool's public data model.
 *
 * Every reader in packages/formats yields these records, the API validates and stores them,
 * and the metrics read them. Glucose is held in mg/dL as a double: integer mg/dL values are kept
 * exactly, and a mmol/L value with one decimal converts back unchanged with
 * `mgDlToMmolL(x)` rounded to one decimal.
 */

/** Record types of the canonical model. */
export type RecordType =
  | 'cbg'
  | 'smbg'
  | 'basal'
  | 'bolus'
  | 'food'
  | 'wizard'
  | 'pumpSettings'
  | 'cgmSettings'
  | 'deviceEvent';

export const RECORD_TYPES: readonly RecordType[] = [
  'cbg',
  'smbg',
  'basal',
  'bolus',
  'food',
  'wizard',
  'pumpSettings',
  'cgmSettings',
  'deviceEvent',
];

/**
 * Method that turned a device wall-clock time into a UTC instant.
 * - `exact`: the local time maps to one instant in the zone.
 * - `resolved`: the local time fell in a repeated hour and the format's own evidence (for
 *   example the transmitter clock) chose the instant.
 * - `ambiguous`: the local time fell in a repeated hour and nothing in the file decides; the
 *   earlier instant is used.
 * - `nonexistent`: the local time fell in the spring gap; the offset in force before the gap
 *   is used.
 * - `utc`: the source carried a UTC instant (Nightscout `date`, for example).
 */
export type TimeResolution = 'exact' | 'resolved' | 'ambiguous' | 'nonexistent' | 'utc';

/** Provenance of a record: format, file and line. */
export interface Origin {
  /** Format identifier, for example `dexcom-clarity`. */
  format: string;
  /** File name as given to the reader, without directories. */
  file?: string;
  /** One-based line number in the source file. */
  line?: number;
  /**
   * The row identifier the source file itself writes, as text (the Index column of a Dexcom
   * Clarity export), kept so that a writer can reproduce the file.
   */
  sourceRowId?: string;
}

/** Fields every canonical record carries. */
export interface BaseRecord {
  type: RecordType;
  /** Deterministic identity hash (64 hex characters); see `identityHash`. */
  id: string;
  /** UTC instant, ISO 8601 with milliseconds and `Z`. */
  time: string;
  /** Device wall-clock time as recorded, `YYYY-MM-DDTHH:mm:ss`, without offset. */
  deviceTime: string;
  /** Minutes to add to `time` to get local time in the patient's zone at that instant. */
  timezoneOffset: number;
  /** Milliseconds the device clock was ahead of true local time; 0 when unknown. */
  clockDriftOffset: number;
  /** Milliseconds added to correct a device clock that was set wrong; 0 when unknown. */
  conversionOffset: number;
  /** IANA zone used to resolve `deviceTime`, when it was resolved from a zone. */
  timezone?: string;
  timeResolution: TimeResolution;
  /** Device identifier: serial number or transmitter ID, prefixed by the maker's model. */
  deviceId: string;
  origin: Origin;
  /**
   * Cells of the source row that a byte-exact writer needs and the canonical fields do not
   * hold (for example CareLink's ISIG or Bolus Number), keyed by the file's header name.
   */
  sourceCells?: Record<string, string>;
}

/** Out-of-range flag for glucose beyond what the sensor or meter reports. */
export type OutOfRange = 'low' | 'high';

/**
 * A glucose value in mg/dL, or an out-of-range flag with the threshold the device reports.
 * Exactly one of `valueMgDl` and `outOfRange` is set.
 */
export interface GlucoseFields {
  /** Glucose in mg/dL; null when the reading is out of range. */
  valueMgDl: number | null;
  /** `low` for `Low`/`LO`, `high` for `High`/`HI`; null for an ordinary value. */
  outOfRange: OutOfRange | null;
  /** The device's reporting limit in mg/dL (for example 40 or 400); set with `outOfRange`. */
  thresholdMgDl: number | null;
  /** Unit the source file used, so writers can reproduce it. */
  sourceUnits: 'mg/dL' | 'mmol/L';
}

/** CGM trend arrows, as Tidepool names them. */
export type Trend =
  | 'constant'
  | 'slowFall'
  | 'slowRise'
  | 'moderateFall'
  | 'moderateRise'
  | 'rapidFall'
  | 'rapidRise';

/** A continuous glucose monitor reading. */
export interface CbgRecord extends BaseRecord, GlucoseFields {
  type: 'cbg';
  /** Rate of change in mg/dL per minute, where the device reports it. */
  rateMgDlPerMin?: number | null;
  trend?: Trend | null;
  /** Seconds on the transmitter clock, where the format records it (Dexcom). */
  transmitterTimeSec?: number | null;
  /** Transmitter ID, where the format records it. */
  transmitterId?: string | null;
}

/** A fingerstick reading, or a calibration entered on a CGM. */
export interface SmbgRecord extends BaseRecord, GlucoseFields {
  type: 'smbg';
  subType: 'manual' | 'linked' | 'calibration';
  transmitterId?: string | null;
}

/** An insulin bolus. Units are international units (U). */
export interface BolusRecord extends BaseRecord {
  type: 'bolus';
  subType: 'normal' | 'square' | 'dual/square';
  /** Immediate part in U. */
  normalUnits: number | null;
  /** Extended part in U. */
  extendedUnits: number | null;
  /** Duration of the extended part in milliseconds. */
  durationMs: number | null;
  /** Insulin kind as the source names it, for example `Fast-Acting` or `Long-Acting`. */
  insulinKind?: string | null;
}

/** Basal delivery over an interval. */
export interface BasalRecord extends BaseRecord {
  type: 'basal';
  deliveryType: 'scheduled' | 'temp' | 'suspend' | 'automated';
  rateUnitsPerHour: number | null;
  durationMs: number | null;
}

/** Carbohydrate intake. */
export interface FoodRecord extends BaseRecord {
  type: 'food';
  carbsGrams: number;
}

/** A device event: alarm, site change, exercise, health note and the like. */
export interface DeviceEventRecord extends BaseRecord {
  type: 'deviceEvent';
  /** Kind of event, for example `alarm`, `exercise`, `health`, `prime`, `suspend`. */
  subType: string;
  /** Further detail as the source states it, for example `Light` or `Urgent Low`. */
  detail?: string | null;
  durationMs?: number | null;
  valueMgDl?: number | null;
}

/** Device settings captured in a file header (alert thresholds and the like). */
export interface SettingsRecord extends BaseRecord {
  type: 'pumpSettings' | 'cgmSettings';
  settings: Record<string, unknown>;
}

/** A bolus calculator event. */
export interface WizardRecord extends BaseRecord {
  type: 'wizard';
  carbsGrams: number | null;
  recommendedUnits: number | null;
  bgInputMgDl: number | null;
  insulinOnBoardUnits: number | null;
  insulinCarbRatio: number | null;
}

export type CanonicalRecord =
  | CbgRecord
  | SmbgRecord
  | BolusRecord
  | BasalRecord
  | FoodRecord
  | DeviceEventRecord
  | SettingsRecord
  | WizardRecord;
