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

/** The type-specific fields of a record read from one CareLink row. */
export type RecordBody =
  | Body<CbgRecord>
  | Body<SmbgRecord>
  | Body<BolusRecord>
  | Body<BasalRecord>
  | Body<WizardRecord>
  | Body<DeviceEventRecord>;

/**
 * Cells of a source row that no canonical field contains, keyed by header name as the file writes
 * it, with the text verbatim. Readers of this package set it on the first record of each row
 * so that the writer can reproduce the row byte for byte.
 */
export type SourceCells = Record<string, string>;

/**
 * A canonical record as this module reads and writes it: the record, plus the optional
 * `sourceCells`. The field is not part of the domain model: other code may drop it, and the
 * writer then writes those cells empty.
 */
export type CareLinkRecord = CanonicalRecord & { sourceCells?: SourceCells };

/**
 * Key of `sourceCells` that names the section a row was read from (`pump`, `autoInsulin` or
 * `sensor`) when it differs from the section the writer would choose for the record.
 */
export const SECTION_CELL = '(section)';
