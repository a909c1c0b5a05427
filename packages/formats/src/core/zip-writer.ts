/**
 * Writes ZIP archives in memory. The output depends only on the entries and options: every entry
 * gets the same fixed modification time, no extra fields, no comments and no file attributes, so
 * identical input gives identical bytes with the same zlib build.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import {
  CENTRAL_HEADER_LENGTH,
  CENTRAL_HEADER_SIGNATURE,
  encodeDosDateTime,
  END_OF_DIRECTORY_LENGTH,
  END_OF_DIRECTORY_SIGNATURE,
  FLAG_UTF8_NAME,
  LOCAL_HEADER_LENGTH,
  LOCAL_HEADER_SIGNATURE,
  METHOD_DEFLATED,
  METHOD_STORED,
} from './zip-structure.ts';

/** One file to put in an archive. */
export interface ZipWriteEntry {
  /** Path inside the archive, `/`-separated, without a leading `/`. */
  name: string;
  data: Uint8Array;
}

/** Options of `writeZip`. */
export interface ZipWriteOptions {
  /** `deflate` (the default) or `store` (no compression). */
  compression?: 'deflate' | 'store';
  /**
   * Modification time of every entry, local wall-clock `YYYY-MM-DDTHH:mm:ss` in 1980–2107
   * (stored to two seconds). Defaults to `1980-01-01T00:00:00`, the earliest DOS time.
   */
  modifiedAt?: string;
}

/** Version 2.0 of the specification: needed to extract deflated entries; "made by" MS-DOS. */
const VERSION_DEFLATE = 20;
/** Version 1.0: enough to extract stored entries. */
const VERSION_STORE = 10;
/** Largest count and size a ZIP without ZIP64 extensions can record. */
const MAX_ENTRIES = 0xffff;
const MAX_SIZE = 0xfffffffe;

interface PreparedEntry {
  name: Buffer;
  flags: number;
  method: number;
  crc: number;
  data: Buffer;
  uncompressedSize: number;
  offset: number;
}

/**
 * Builds a ZIP archive of `entries`, in the order given.
 *
 * @throws RangeError for more than 65,535 entries, an entry or archive of 4 GiB or more (which
 *   would need ZIP64), an empty or absolute entry name, or an invalid `modifiedAt`.
 */
export function writeZip(entries: readonly ZipWriteEntry[], options: ZipWriteOptions = {}): Buffer {
  if (entries.length > MAX_ENTRIES) {
    throw new RangeError(
      `Too many ZIP entries: ${entries.length}; at most ${MAX_ENTRIES} fit without ZIP64.`,
    );
  }
  const { date, time } = encodeDosDateTime(options.modifiedAt ?? '1980-01-01T00:00:00');
  const method = options.compression === 'store' ? METHOD_STORED : METHOD_DEFLATED;

  const parts: Buffer[] = [];
  const prepared: PreparedEntry[] = [];
  let offset = 0;
  for (const entry of entries) {
    const item = prepareEntry(entry, method, offset);
    const header = localHeader(item, date, time);
    parts.push(header, item.data);
    prepared.push(item);
    offset += header.length + item.data.length;
  }

  const directoryOffset = offset;
  for (const item of prepared) {
    const header = centralHeader(item, date, time);
    parts.push(header);
    offset += header.length;
  }
  if (offset > MAX_SIZE) {
    throw new RangeError('ZIP archive too large: 4 GiB or more would need ZIP64.');
  }
  parts.push(endOfDirectory(prepared.length, offset - directoryOffset, directoryOffset));
  return Buffer.concat(parts);
}

function prepareEntry(entry: ZipWriteEntry, method: number, offset: number): PreparedEntry {
  if (entry.name === '' || entry.name.startsWith('/')) {
    throw new RangeError(`Invalid ZIP entry name "${entry.name}": expected a relative path.`);
  }
  if (entry.data.length > MAX_SIZE) {
    throw new RangeError(`ZIP entry "${entry.name}" too large: 4 GiB or more would need ZIP64.`);
  }
  const name = Buffer.from(entry.name, 'utf8');
  const ascii = name.every((byte) => byte < 0x80);
  const raw = Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.length);
  return {
    name,
    flags: ascii ? 0 : FLAG_UTF8_NAME,
    method,
    crc: crc32(raw),
    data: method === METHOD_DEFLATED ? deflateRawSync(raw) : raw,
    uncompressedSize: raw.length,
    offset,
  };
}

function localHeader(item: PreparedEntry, date: number, time: number): Buffer {
  const header = Buffer.alloc(LOCAL_HEADER_LENGTH + item.name.length);
  header.writeUInt32LE(LOCAL_HEADER_SIGNATURE, 0);
  header.writeUInt16LE(versionNeeded(item), 4);
  header.writeUInt16LE(item.flags, 6);
  header.writeUInt16LE(item.method, 8);
  header.writeUInt16LE(time, 10);
  header.writeUInt16LE(date, 12);
  header.writeUInt32LE(item.crc, 14);
  header.writeUInt32LE(item.data.length, 18);
  header.writeUInt32LE(item.uncompressedSize, 22);
  header.writeUInt16LE(item.name.length, 26);
  header.writeUInt16LE(0, 28);
  item.name.copy(header, LOCAL_HEADER_LENGTH);
  return header;
}

function centralHeader(item: PreparedEntry, date: number, time: number): Buffer {
  const header = Buffer.alloc(CENTRAL_HEADER_LENGTH + item.name.length);
  header.writeUInt32LE(CENTRAL_HEADER_SIGNATURE, 0);
  header.writeUInt16LE(VERSION_DEFLATE, 4);
  header.writeUInt16LE(versionNeeded(item), 6);
  header.writeUInt16LE(item.flags, 8);
  header.writeUInt16LE(item.method, 10);
  header.writeUInt16LE(time, 12);
  header.writeUInt16LE(date, 14);
  header.writeUInt32LE(item.crc, 16);
  header.writeUInt32LE(item.data.length, 20);
  header.writeUInt32LE(item.uncompressedSize, 24);
  header.writeUInt16LE(item.name.length, 28);
  // Extra field length, comment length, disk number, internal and external attributes: all 0.
  header.writeUInt32LE(item.offset, 42);
  item.name.copy(header, CENTRAL_HEADER_LENGTH);
  return header;
}

function endOfDirectory(count: number, directoryLength: number, directoryOffset: number): Buffer {
  const record = Buffer.alloc(END_OF_DIRECTORY_LENGTH);
  record.writeUInt32LE(END_OF_DIRECTORY_SIGNATURE, 0);
  record.writeUInt16LE(count, 8);
  record.writeUInt16LE(count, 10);
  record.writeUInt32LE(directoryLength, 12);
  record.writeUInt32LE(directoryOffset, 16);
  return record;
}

function versionNeeded(item: PreparedEntry): number {
  return item.method === METHOD_DEFLATED ? VERSION_DEFLATE : VERSION_STORE;
}
