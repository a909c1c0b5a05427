import type {
  BaseRecord,
  BasalRecord,
  BolusRecord,
  CanonicalRecord,
  CbgRecord,
  DeviceEventRecord,
  SmbgRecord,
  WizardRecord,
} from '@phoenix/domain';

/** The type-specific fields of a record type: the record without the base fields. */
export type Body<T extends BaseRecord> = Omit<T, keyof BaseRecord> & { type: T['type'] };

/** The type-specific fields of a record read from one Tandem row. */
export type RecordBody =
  | Body<CbgRecord>
  | Body<SmbgRecord>
  | Body<BolusRecord>
  | Body<BasalRecord>
  | Body<WizardRecord>
  | Body<DeviceEventRecord>;

/**
 * Cells of a source row that no canonical field contains, keyed by header name as the file writes
 * it, with the text verbatim. The Tandem readers set it on the first record of each row so that
 * the writers can reproduce the row byte for byte.
 */
export type SourceCells = Record<string, string>;

/**
 * A canonical record as the Tandem modules read and write it: the record, plus the optional
 * `sourceCells`. The field is not part of the domain model: other code may drop it, and the
 * writers then write those cells with their defaults.
 */
export type TandemRecord = CanonicalRecord & { sourceCells?: SourceCells };

/**
 * The `settings` of the `pumpSettings` records the Tandem readers give: the pump as the file
 * names it, so that a writer can name it again. A reader gives one such record before the
 * first record of each pump, and the t:connect reader adds its preamble to the first.
 */
export interface TandemSettings {
  /** Device Type as written: `t:slim X2 Insulin Pump`, `Tandem Mobi™ System`; null if absent. */
  deviceType: string | null;
  serialNumber: string | null;
  /** `Report Generated On` of a t:connect preamble, as written. */
  reportGeneratedOn?: string | null;
  /** True when a t:connect file starts with its preamble. */
  hasPreamble?: boolean;
}

/**
 * Returns the device ID of a Tandem pump: `tandem:SERIAL`. The model is not named in every
 * Tandem file (the bolus files leave it out), so the prefix is the maker alone and records of
 * one pump agree across files.
 */
export function tandemDeviceId(serialNumber: string | null): string {
  return `tandem:${serialNumber === null || serialNumber === '' ? 'unknown' : serialNumber}`;
}

/** Returns the serial number in a device ID made by `tandemDeviceId`, or '' for `unknown`. */
export function serialOfDeviceId(deviceId: string): string {
  const serial = deviceId.startsWith('tandem:') ? deviceId.slice('tandem:'.length) : '';
  return serial === 'unknown' ? '' : serial;
}
