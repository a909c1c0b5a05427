import type { CanonicalRecord } from '@phoenix/domain';
import type { ByteSource } from './zip-structure.ts';

/** Severity of a read issue. */
export type IssueSeverity = 'error' | 'warning';

/**
 * A problem found while reading an export. A bad row gives one issue and is skipped; reading
 * goes on with the next row.
 */
export interface ReadIssue {
  /** File name as given to the reader, without directories; null for an unnamed stream. */
  file: string | null;
  /** One-based line where the row starts; null for problems of the whole file. */
  line: number | null;
  /** Header name of the column at fault, as the file writes it; null when no single column is. */
  column: string | null;
  /** The offending text as found in the file; null when there is none. */
  value: string | null;
  message: string;
  /** `error`: the row (or file) yielded no record; `warning`: a record was yielded anyway. */
  severity: IssueSeverity;
}

/** One item of a streaming read: a canonical record or an issue, in file order. */
export type ReadEvent =
  { kind: 'record'; record: CanonicalRecord } | { kind: 'issue'; issue: ReadIssue };

/**
 * Physical layout of a CSV file, kept apart from the format so that a writer can reproduce the
 * bytes of the file it was read from. Files always end with a line ending.
 */
export interface CsvLayout {
  separator: ',' | ';';
  /** Quote every field, even empty ones; otherwise quote only fields that need it (RFC 4180). */
  quoteAll: boolean;
  /** Start the file with the UTF-8 byte-order mark (U+FEFF). */
  bom: boolean;
  lineEnding: '\n' | '\r\n';
}

/** Result of `detect`: the format and its variant, found from the first bytes of a file. */
export interface FormatDetection {
  /** Format identifier, for example `dexcom-clarity`. */
  format: string;
  /** Variant within the format, for example `en`, `de-mmol` or `en-12col`; see the module. */
  variant: string;
  /** Physical layout, for CSV formats. */
  layout?: CsvLayout;
}

/** Options every reader accepts. */
export interface ReadOptions {
  /**
   * IANA zone of the device clock, used to turn device wall-clock times into UTC. Readers
   * throw `InvalidTimeZoneError` for an unknown zone before reading anything.
   */
  timezone: string;
  /** File name (without directories) for provenance and issues. */
  fileName?: string;
  /**
   * Order of day and month in dates such as `03-04-2021`, for formats whose files may write
   * either (LibreView). Without it the reader decides from the file's dates and warns when they
   * cannot decide.
   */
  dateOrder?: 'dayFirst' | 'monthFirst';
}

/** Options every writer accepts; format modules add their own. */
export interface WriteOptions {
  /** Variant to write, as `detect` names it; each module has a default. */
  variant?: string;
  /** Physical layout for CSV formats; each variant has a default. */
  layout?: Partial<CsvLayout>;
}

/**
 * A device-export format. Every module in this package implements this interface and is listed
 * in the registry, which tries `detect` on each in turn.
 */
export interface FormatModule<W extends WriteOptions = WriteOptions> {
  /** Format identifier, unique in the registry, kebab-case: `dexcom-clarity`. */
  id: string;
  /** Human-readable name for messages: `Dexcom Clarity CSV`. */
  name: string;
  /**
   * Recognises the format from the start of a file's text (the registry passes the first 8 KiB
   * or the whole file if shorter, decoded as UTF-8, byte-order mark included), never from the
   * file name. Returns null when the text is not this format.
   */
  detect(head: string): FormatDetection | null;
  /**
   * Reads a whole file as a stream of text chunks, yielding records and issues in file order
   * while keeping memory flat. Bad content gives issues, and a file without one usable row gives
   * an `error` issue with line null. It throws only for invalid options (an unknown time zone).
   */
  read(chunks: AsyncIterable<string>, options: ReadOptions): AsyncGenerator<ReadEvent>;
  /**
   * Writes canonical records as the complete text of an export file (byte-order mark
   * included). Records of types the format cannot hold are skipped; the module lists them.
   */
  write(records: Iterable<CanonicalRecord>, options?: W): string;
  /**
   * For formats whose files are binary archives (a ZIP of CSV files): recognises the format from
   * the first 8 KiB of a file's bytes, or returns null. Text formats leave it out.
   */
  detectBinary?(head: Uint8Array): FormatDetection | null;
  /**
   * Reads a binary file through random access, yielding records and issues as `read` does.
   * Present exactly when `detectBinary` is.
   */
  readBinary?(source: ByteSource, options: ReadOptions): AsyncGenerator<ReadEvent>;
  /** Writes canonical records as the bytes of a binary export file. */
  writeBinary?(records: Iterable<CanonicalRecord>, options?: W): Uint8Array;
}
