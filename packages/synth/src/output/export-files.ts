import type { CanonicalRecord } from '@phoenix/domain';
import { FORMAT_MODULES, getFormatModule, writeExport } from '@phoenix/formats';

/** One export file, ready to be written to disk. */
export interface ExportFile {
  format: string;
  fileName: string;
  contents: string | Uint8Array;
  /** The records handed to the writer, in file order. */
  records: CanonicalRecord[];
}

/**
 * Device makers whose records each vendor's export holds. A Dexcom Clarity export carries the
 * Dexcom sensor's readings and what the user logged in the Dexcom app; LibreView the Libre
 * sensor and app; CareLink the Medtronic pump with the sensor it receives; Tandem's exports the
 * pump. Aggregators (Glooko, Nightscout) and formats not listed here get every record, and each
 * writer skips what its format cannot hold.
 */
const MAKERS_BY_FORMAT: Readonly<Record<string, readonly string[]>> = {
  'dexcom-clarity': ['dexcom-'],
  'abbott-libreview': ['abbott-'],
  'medtronic-carelink': ['medtronic-'],
  'tandem-tconnect': ['tandem-', 'dexcom-'],
  'tandem-source': ['tandem-', 'dexcom-'],
};

/** Returns the identifiers of every registered export format. */
export function availableFormats(): string[] {
  return FORMAT_MODULES.map((module) => module.id);
}

/**
 * Returns a test for the records that at least one export in `formats` can contain, so that a
 * caller can drop the others: a Clarity export needs no pump records. Every record passes when a
 * format takes records of any maker (aggregators such as Glooko and Nightscout).
 */
export function recordFilterForFormats(
  formats: readonly string[],
): (record: CanonicalRecord) => boolean {
  const prefixes: string[] = [];
  for (const format of formats) {
    const makers = MAKERS_BY_FORMAT[format];
    if (makers === undefined) {
      return () => true;
    }
    prefixes.push(...makers);
  }
  return (record) => prefixes.some((prefix) => record.deviceId.startsWith(prefix));
}

/**
 * Returns the records a patient's export in `format` would contain, in the order the vendor
 * writes them. Returns none when the patient has no device of the format's maker. Clarity
 * orders rows by wall-clock time, so the repeated autumn hour comes interleaved. CareLink lists
 * rows newest first, and its reader relies on that order to end basal intervals and to tell
 * the two passes of the repeated hour apart.
 */
export function recordsForFormat(
  format: string,
  records: readonly CanonicalRecord[],
): CanonicalRecord[] {
  const prefixes = MAKERS_BY_FORMAT[format];
  if (
    prefixes !== undefined &&
    !records.some((record) => record.deviceId.startsWith(prefixes[0]!))
  ) {
    // The export belongs to the first maker listed: no pump of that maker, no export.
    return [];
  }
  const selected =
    prefixes === undefined
      ? [...records]
      : records.filter((record) => prefixes.some((prefix) => record.deviceId.startsWith(prefix)));
  if (format === 'dexcom-clarity') {
    // Array.prototype.sort is stable, so records at the same wall-clock second keep their order.
    selected.sort((a, b) => compareText(a.deviceTime, b.deviceTime));
  } else if (format === 'medtronic-carelink') {
    selected.sort((a, b) => Date.parse(b.time) - Date.parse(a.time));
  }
  return selected;
}

/**
 * Writes a patient's records as an export in `format` through the format's registered writer
 * (`writeBinary` for archive formats, `writeExport` for text). Returns null when the patient has
 * no records for that format (a Clarity export of a Libre user). Throws RangeError for an
 * unknown format or variant.
 */
export function writePatientExport(
  format: string,
  records: readonly CanonicalRecord[],
  options: { baseName: string; variant?: string },
): ExportFile | null {
  const module = getFormatModule(format);
  const selected = recordsForFormat(format, records);
  if (!selected.some((record) => record.type !== 'cgmSettings' && record.type !== 'pumpSettings')) {
    return null;
  }
  const writeOptions = options.variant === undefined ? {} : { variant: options.variant };
  if (module.writeBinary !== undefined) {
    return {
      format,
      fileName: `${options.baseName}-${format}.zip`,
      contents: module.writeBinary(selected, writeOptions),
      records: selected,
    };
  }
  const text = writeExport(format, selected, writeOptions);
  const extension = /^\uFEFF?\s*[[{]/.test(text) ? 'json' : 'csv';
  return {
    format,
    fileName: `${options.baseName}-${format}.${extension}`,
    contents: text,
    records: selected,
  };
}

function compareText(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}
