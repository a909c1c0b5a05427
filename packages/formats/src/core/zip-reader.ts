/**
 * Reads ZIP archives through random access: the central directory first, then one entry at a
 * time, inflated as a stream so memory stays flat whatever the entry's size. Every entry is
 * checked against the size and CRC-32 that the central directory records.
 */
import { Readable } from 'node:stream';
import { constants, crc32, createInflateRaw, inflateRawSync } from 'node:zlib';
import {
  CENTRAL_HEADER_LENGTH,
  CENTRAL_HEADER_SIGNATURE,
  decodeDosDateTime,
  decodeEntryName,
  END_OF_DIRECTORY_LENGTH,
  END_OF_DIRECTORY_SIGNATURE,
  FLAG_DATA_DESCRIPTOR,
  FLAG_ENCRYPTED,
  LOCAL_HEADER_LENGTH,
  LOCAL_HEADER_SIGNATURE,
  METHOD_DEFLATED,
  METHOD_STORED,
  ZIP64_MARKER,
  ZipFormatError,
  type ByteSource,
  type ZipEntry,
} from './zip-structure.ts';

/** Bytes read from the source at a time while streaming an entry. */
const READ_BLOCK_LENGTH = 64 * 1024;
/** The end-of-central-directory record may be followed by a comment of up to 65,535 bytes. */
const MAX_COMMENT_LENGTH = 0xffff;

/**
 * Reads the central directory and returns the entries in directory order.
 *
 * @throws ZipFormatError when the end-of-central-directory record is missing (a truncated file
 *   or not a ZIP archive), when the directory is damaged, or for ZIP64 and multi-disk archives.
 */
export async function readZipDirectory(source: ByteSource): Promise<ZipEntry[]> {
  const tailLength = Math.min(source.size, END_OF_DIRECTORY_LENGTH + MAX_COMMENT_LENGTH);
  const tailStart = source.size - tailLength;
  const tail = Buffer.from(await source.read(tailStart, tailLength));
  const endAt = findEndOfDirectory(tail);
  if (endAt === -1) {
    throw new ZipFormatError(
      'Not a complete ZIP archive: the end-of-central-directory record is missing, ' +
        'so the file is truncated or not a ZIP archive.',
      'truncated',
    );
  }

  const disk = tail.readUInt16LE(endAt + 4);
  const directoryDisk = tail.readUInt16LE(endAt + 6);
  const count = tail.readUInt16LE(endAt + 10);
  const directoryLength = tail.readUInt32LE(endAt + 12);
  const directoryOffset = tail.readUInt32LE(endAt + 16);
  if (disk !== 0 || directoryDisk !== 0) {
    throw new ZipFormatError('Multi-disk ZIP archives are not supported.', 'unsupported');
  }
  if (count === 0xffff || directoryLength === ZIP64_MARKER || directoryOffset === ZIP64_MARKER) {
    throw new ZipFormatError('ZIP64 archives are not supported.', 'unsupported');
  }
  if (directoryOffset + directoryLength > tailStart + endAt) {
    throw new ZipFormatError(
      'Damaged ZIP archive: the central directory lies outside the file, so the file is truncated.',
      'truncated',
    );
  }

  const directory = Buffer.from(await source.read(directoryOffset, directoryLength));
  return parseDirectory(directory, count);
}

/** Returns the offset of the end-of-central-directory record in `tail`, or -1. */
function findEndOfDirectory(tail: Buffer): number {
  for (let at = tail.length - END_OF_DIRECTORY_LENGTH; at >= 0; at--) {
    if (tail.readUInt32LE(at) !== END_OF_DIRECTORY_SIGNATURE) {
      continue;
    }
    const commentLength = tail.readUInt16LE(at + 20);
    if (at + END_OF_DIRECTORY_LENGTH + commentLength === tail.length) {
      return at;
    }
  }
  return -1;
}

function parseDirectory(directory: Buffer, count: number): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let index = 0; index < count; index++) {
    if (
      at + CENTRAL_HEADER_LENGTH > directory.length ||
      directory.readUInt32LE(at) !== CENTRAL_HEADER_SIGNATURE
    ) {
      throw new ZipFormatError(
        `Damaged ZIP archive: central directory entry ${index + 1} is invalid.`,
        'damaged',
      );
    }
    const flags = directory.readUInt16LE(at + 8);
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    const nameStart = at + CENTRAL_HEADER_LENGTH;
    const entry: ZipEntry = {
      name: decodeEntryName(directory.subarray(nameStart, nameStart + nameLength), flags),
      method: directory.readUInt16LE(at + 10),
      flags,
      modifiedAt: decodeDosDateTime(
        directory.readUInt16LE(at + 14),
        directory.readUInt16LE(at + 12),
      ),
      crc32: directory.readUInt32LE(at + 16),
      compressedSize: directory.readUInt32LE(at + 20),
      uncompressedSize: directory.readUInt32LE(at + 24),
      localHeaderOffset: directory.readUInt32LE(at + 42),
    };
    if (
      entry.compressedSize === ZIP64_MARKER ||
      entry.uncompressedSize === ZIP64_MARKER ||
      entry.localHeaderOffset === ZIP64_MARKER
    ) {
      throw new ZipFormatError('ZIP64 archives are not supported.', 'unsupported', entry.name);
    }
    entries.push(entry);
    at = nameStart + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Streams the uncompressed bytes of `entry`. After the last chunk it checks the size and CRC-32
 * against the central directory, so data read to the end without an error is intact.
 *
 * @throws ZipFormatError for an encrypted entry, an unsupported compression method, a damaged
 *   local header, deflate data that does not decode, or a size or CRC-32 mismatch.
 */
export async function* readZipEntry(source: ByteSource, entry: ZipEntry): AsyncGenerator<Buffer> {
  if ((entry.flags & FLAG_ENCRYPTED) !== 0) {
    throw new ZipFormatError(
      `Entry "${entry.name}" is encrypted, which is not supported.`,
      'unsupported',
      entry.name,
    );
  }
  if (entry.method !== METHOD_STORED && entry.method !== METHOD_DEFLATED) {
    const message = `Entry "${entry.name}" uses compression method ${entry.method}; only stored (0) and deflated (8) entries can be read.`;
    throw new ZipFormatError(message, 'unsupported', entry.name);
  }

  const dataStart = await localDataStart(source, entry);
  if (dataStart + entry.compressedSize > source.size) {
    throw new ZipFormatError(`Entry "${entry.name}" is truncated.`, 'truncated', entry.name);
  }
  const raw = byteRange(source, dataStart, entry.compressedSize);
  const chunks = entry.method === METHOD_STORED ? raw : inflate(raw, entry.name);

  let checksum = 0;
  let size = 0;
  for await (const chunk of chunks) {
    checksum = crc32(chunk, checksum);
    size += chunk.length;
    if (size > entry.uncompressedSize) {
      throw new ZipFormatError(
        `Entry "${entry.name}" is corrupt: it decodes to more bytes than its recorded size.`,
        'checksum',
        entry.name,
      );
    }
    yield chunk;
  }
  if (size !== entry.uncompressedSize) {
    throw new ZipFormatError(
      `Entry "${entry.name}" is corrupt: ${size} bytes decoded, ${entry.uncompressedSize} recorded.`,
      'checksum',
      entry.name,
    );
  }
  if (checksum !== entry.crc32) {
    throw new ZipFormatError(
      `Entry "${entry.name}" is corrupt: its CRC-32 does not match.`,
      'checksum',
      entry.name,
    );
  }
}

async function localDataStart(source: ByteSource, entry: ZipEntry): Promise<number> {
  const header = Buffer.from(await source.read(entry.localHeaderOffset, LOCAL_HEADER_LENGTH));
  if (header.length < LOCAL_HEADER_LENGTH || header.readUInt32LE(0) !== LOCAL_HEADER_SIGNATURE) {
    const message = `Entry "${entry.name}" has a damaged local header.`;
    throw new ZipFormatError(message, 'damaged', entry.name);
  }
  const nameLength = header.readUInt16LE(26);
  const extraLength = header.readUInt16LE(28);
  return entry.localHeaderOffset + LOCAL_HEADER_LENGTH + nameLength + extraLength;
}

async function* byteRange(
  source: ByteSource,
  start: number,
  length: number,
): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < length; offset += READ_BLOCK_LENGTH) {
    const block = await source.read(start + offset, Math.min(READ_BLOCK_LENGTH, length - offset));
    yield Buffer.from(block.buffer, block.byteOffset, block.length);
  }
}

/** Inflates raw deflate data as a stream; zlib errors become ZipFormatError. */
async function* inflate(chunks: AsyncIterable<Buffer>, name: string): AsyncGenerator<Buffer> {
  const input = Readable.from(chunks);
  const inflater = createInflateRaw();
  input.on('error', (error) => inflater.destroy(error));
  input.pipe(inflater);
  try {
    for await (const chunk of inflater) {
      yield chunk as Buffer;
    }
  } catch (error) {
    if (!isZlibError(error)) {
      throw error;
    }
    const reason = (error as Error).message;
    const message = `Entry "${name}" is corrupt: its deflate data failed to decode (${reason}).`;
    throw new ZipFormatError(message, 'decode', name);
  } finally {
    input.destroy();
    inflater.destroy();
  }
}

/** Returns true for the errors zlib raises on bad data, whose codes start with `Z_`. */
function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

/** An entry whose local header lies wholly within the first bytes of an archive. */
export interface HeadEntry {
  name: string;
  method: number;
  /** The entry's first uncompressed bytes found in the head, possibly none. */
  start: Buffer;
}

/**
 * Lists the entries whose local headers lie in `head`, the first bytes of an archive, with the
 * start of each one's data, for recognising an archive's content without the whole file. The
 * walk stops at an entry whose compressed size is only given after its data (flag bit 3).
 */
export function listHeadEntries(head: Uint8Array): HeadEntry[] {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.length);
  const entries: HeadEntry[] = [];
  let at = 0;
  while (
    at + LOCAL_HEADER_LENGTH <= bytes.length &&
    bytes.readUInt32LE(at) === LOCAL_HEADER_SIGNATURE
  ) {
    const flags = bytes.readUInt16LE(at + 6);
    const method = bytes.readUInt16LE(at + 8);
    const compressedSize = bytes.readUInt32LE(at + 18);
    const nameLength = bytes.readUInt16LE(at + 26);
    const extraLength = bytes.readUInt16LE(at + 28);
    const nameStart = at + LOCAL_HEADER_LENGTH;
    const dataStart = nameStart + nameLength + extraLength;
    if (nameStart + nameLength > bytes.length) {
      break;
    }
    const name = decodeEntryName(bytes.subarray(nameStart, nameStart + nameLength), flags);
    const described = (flags & FLAG_DATA_DESCRIPTOR) === 0;
    const dataEnd = described ? dataStart + compressedSize : bytes.length;
    const data = bytes.subarray(Math.min(dataStart, bytes.length), Math.min(dataEnd, bytes.length));
    entries.push({ name, method, start: decodeStart(data, method) });
    if (!described) {
      break;
    }
    at = dataEnd;
  }
  return entries;
}

/** Decodes what it can of a possibly cut-off entry; returns no bytes for data it cannot decode. */
function decodeStart(data: Buffer, method: number): Buffer {
  if (method === METHOD_STORED) {
    return data;
  }
  if (method !== METHOD_DEFLATED || data.length === 0) {
    return Buffer.alloc(0);
  }
  try {
    return inflateRawSync(data, { finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    return Buffer.alloc(0);
  }
}
