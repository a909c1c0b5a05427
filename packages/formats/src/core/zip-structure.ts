/**
 * Record layouts, byte sources and errors shared by the ZIP reader and writer. The layouts follow
 * PKWARE's APPNOTE.TXT (version 6.3.10): local file header, central directory header and
 * end-of-central-directory record, all little-endian. ZIP64, multi-disk archives and encryption
 * are not supported.
 */
import { open } from 'node:fs/promises';

export const LOCAL_HEADER_SIGNATURE = 0x04034b50;
export const CENTRAL_HEADER_SIGNATURE = 0x02014b50;
export const END_OF_DIRECTORY_SIGNATURE = 0x06054b50;
export const LOCAL_HEADER_LENGTH = 30;
export const CENTRAL_HEADER_LENGTH = 46;
export const END_OF_DIRECTORY_LENGTH = 22;

/** Compression methods this package reads and writes. */
export const METHOD_STORED = 0;
export const METHOD_DEFLATED = 8;

/** General-purpose flag bits. */
export const FLAG_ENCRYPTED = 0x0001;
export const FLAG_DATA_DESCRIPTOR = 0x0008;
export const FLAG_UTF8_NAME = 0x0800;

/** Marker that a 32-bit field moved to a ZIP64 extra field. */
export const ZIP64_MARKER = 0xffffffff;

/** The four bytes every ZIP archive with at least one entry starts with: `PK\x03\x04`. */
export const ZIP_MAGIC: readonly number[] = [0x50, 0x4b, 0x03, 0x04];

/** Returns true when `head` starts with the local file header signature `PK\x03\x04`. */
export function startsWithZipMagic(head: Uint8Array): boolean {
  return ZIP_MAGIC.every((byte, index) => head[index] === byte);
}

/**
 * Kind of fault in an archive. `truncated`: data missing at the end of the file. `damaged`: a
 * record that does not parse. `unsupported`: ZIP64, encryption or another method. `decode`:
 * deflate data that fails to inflate. `checksum`: size or CRC-32 differs from the directory.
 */
export type ZipErrorCode = 'truncated' | 'damaged' | 'unsupported' | 'decode' | 'checksum';

/** Error raised for an archive this package cannot read: truncated, corrupt or unsupported. */
export class ZipFormatError extends Error {
  constructor(
    message: string,
    readonly code: ZipErrorCode,
    /** Name of the entry at fault; null for problems of the whole archive. */
    readonly entry: string | null = null,
  ) {
    super(message);
    this.name = 'ZipFormatError';
  }
}

/** One entry as the central directory describes it. */
export interface ZipEntry {
  /** Path inside the archive, `/`-separated; directories end with `/`. */
  name: string;
  /** 0 stored, 8 deflated; other methods are listed but cannot be read. */
  method: number;
  flags: number;
  /** CRC-32 of the uncompressed data. */
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Offset of the entry's local file header from the start of the archive. */
  localHeaderOffset: number;
  /** Modification time as the DOS fields store it, local wall-clock `YYYY-MM-DDTHH:mm:ss`. */
  modifiedAt: string;
}

/**
 * Random access to the bytes of a file or buffer, so a reader can go to the central directory
 * at the end of an archive and then stream one entry at a time.
 */
export interface ByteSource {
  /** Length in bytes. */
  readonly size: number;
  /**
   * Returns `length` bytes from `position`, fewer only at the end of the source.
   * @throws RangeError for a negative position or length.
   */
  read(position: number, length: number): Promise<Uint8Array>;
}

/** Returns a byte source over bytes already in memory. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: async (position, length) => {
      checkRange(position, length);
      return bytes.subarray(position, Math.min(bytes.length, position + length));
    },
  };
}

/** A byte source over an open file; call `close` when done. */
export interface FileByteSource extends ByteSource {
  close(): Promise<void>;
}

/**
 * Opens the file at `path` as a byte source.
 * @throws the file-system error when the file cannot be opened.
 */
export async function openFileSource(path: string): Promise<FileByteSource> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    return {
      size,
      read: async (position, length) => {
        checkRange(position, length);
        const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - position)));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
        return buffer.subarray(0, bytesRead);
      },
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

function checkRange(position: number, length: number): void {
  if (position < 0 || length < 0) {
    throw new RangeError(`Invalid byte range: position ${position}, length ${length}.`);
  }
}

/**
 * Encodes a local wall-clock time `YYYY-MM-DDTHH:mm:ss` as DOS date and time fields. DOS time
 * counts seconds in steps of two, so odd seconds are rounded down.
 * @throws RangeError for a malformed time or a year outside 1980–2107.
 */
export function encodeDosDateTime(local: string): { date: number; time: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(local);
  const [year, month, day, hour, minute, second] = (match?.slice(1) ?? []).map(Number);
  if (
    year === undefined ||
    month === undefined ||
    day === undefined ||
    hour === undefined ||
    minute === undefined ||
    second === undefined ||
    year < 1980 ||
    year > 2107
  ) {
    throw new RangeError(
      `Invalid ZIP modification time "${local}": expected YYYY-MM-DDTHH:mm:ss in 1980–2107.`,
    );
  }
  return {
    date: ((year - 1980) << 9) | (month << 5) | day,
    time: (hour << 11) | (minute << 5) | Math.floor(second / 2),
  };
}

/** Decodes DOS date and time fields into a local wall-clock time `YYYY-MM-DDTHH:mm:ss`. */
export function decodeDosDateTime(date: number, time: number): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  const year = 1980 + (date >> 9);
  const month = (date >> 5) & 0x0f;
  const day = date & 0x1f;
  const hour = time >> 11;
  const minute = (time >> 5) & 0x3f;
  const second = (time & 0x1f) * 2;
  return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}`;
}

/** Decodes an entry name: UTF-8 when flagged, else code page 437, read here as Latin-1. */
export function decodeEntryName(bytes: Uint8Array, flags: number): string {
  const encoding = (flags & FLAG_UTF8_NAME) !== 0 ? 'utf8' : 'latin1';
  return Buffer.from(bytes).toString(encoding);
}
