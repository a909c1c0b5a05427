/**
 * Encoder for PostgreSQL's binary COPY format (`COPY … FROM STDIN (FORMAT binary)`), as the
 * PostgreSQL 17 documentation of COPY describes it. The header is an 11-byte signature, a
 * 32-bit flags field and a 32-bit header extension length. Each row is a 16-bit field count
 * and, per field, a 32-bit byte length (-1 for NULL) followed by the value in the type's
 * binary send format. A 16-bit -1 ends the data. All integers are big-endian.
 */

import {
  CopyEncodeError,
  describeValue,
  expectBoolean,
  expectBytes,
  expectInt64,
  expectInteger,
  expectNumber,
  expectString,
  timestampMicros,
  uuidBytes,
  type CopyValue,
} from './copy-binary-values.ts';

export { CopyEncodeError, type CopyValue } from './copy-binary-values.ts';

/** Column types the encoder writes, named as in PostgreSQL. */
export type CopyColumnType =
  | 'bool'
  | 'int2'
  | 'int4'
  | 'int8'
  | 'float8'
  | 'text'
  | 'bytea'
  | 'uuid'
  | 'timestamp'
  | 'timestamptz'
  | 'jsonb';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const TWO_TO_32 = 2 ** 32;
const DEFAULT_CHUNK_BYTES = 256 * 1024;
const NO_BYTES = Buffer.alloc(0);
/** Text up to this many UTF-16 units is copied by a JavaScript loop when it is ASCII. */
const SHORT_TEXT = 64;

/** Value of each hexadecimal digit by character code, -1 for other characters. */
const HEX_VALUES = Int8Array.from({ length: 128 }, (_, code) => {
  const char = String.fromCharCode(code);
  return /[0-9a-fA-F]/.test(char) ? Number.parseInt(char, 16) : -1;
});

/**
 * Streams rows into binary COPY data. Rows are appended with `writeRow`; `takeChunk` hands out
 * what has accumulated. The header is written on construction and `finish` appends the trailer.
 * Raises CopyEncodeError, naming the column, for a value that does not fit its type.
 */
export class CopyBinaryEncoder {
  private buffer: Buffer;
  private view: DataView;
  private offset = 0;
  private lastUuidText: string | null = null;
  private lastUuidBytes: Buffer | null = null;

  /**
   * `chunkBytes` sets the size of the buffer that rows are written into. A row that does not
   * fit makes the buffer grow, and `takeChunk` starts a new one of this size. Pass the expected
   * total to encode everything into one buffer. With `into` (of at least 64 bytes), the first
   * chunk is written there until it is full, and then into new memory.
   */
  constructor(
    private readonly types: readonly CopyColumnType[],
    private readonly columnNames: readonly string[] = types.map((_, index) => `#${index + 1}`),
    private readonly chunkBytes = DEFAULT_CHUNK_BYTES,
    into?: Buffer,
  ) {
    if (types.length === 0 || types.length > 1600) {
      throw new CopyEncodeError(`a COPY row needs 1–1600 columns, not ${types.length}`);
    }
    this.buffer = into && into.length >= 64 ? into : Buffer.allocUnsafe(Math.max(chunkBytes, 64));
    this.view = viewOf(this.buffer);
    SIGNATURE.copy(this.buffer, 0);
    this.offset = SIGNATURE.length;
    this.writeInt32(0); // flags: no OIDs
    this.writeInt32(0); // no header extension
  }

  /** Bytes waiting to be taken. */
  get pendingBytes(): number {
    return this.offset;
  }

  /**
   * Appends one row; `values` must have one entry per column. A row that raises
   * CopyEncodeError is not written, and the encoder goes on as if the row had never been passed.
   */
  writeRow(values: readonly CopyValue[]): void {
    if (values.length !== this.types.length) {
      throw new CopyEncodeError(
        `a row has ${values.length} values but the COPY has ${this.types.length} columns`,
      );
    }
    const rowStart = this.offset;
    this.reserve(2);
    this.view.setInt16(this.offset, this.types.length);
    this.offset += 2;
    for (let index = 0; index < values.length; index += 1) {
      try {
        this.writeField(this.types[index]!, values[index]);
      } catch (error) {
        if (!(error instanceof CopyEncodeError)) throw error;
        this.offset = rowStart;
        const name = this.columnNames[index];
        throw new CopyEncodeError(`column ${name} (${this.types[index]}): ${error.message}`, {
          column: index,
        });
      }
    }
  }

  /** Appends the trailer; no row may follow. */
  finish(): void {
    this.reserve(2);
    this.view.setInt16(this.offset, -1);
    this.offset += 2;
  }

  /**
   * Returns the bytes written since the last call. The caller may keep them, because the
   * encoder writes what follows into a new buffer.
   */
  takeChunk(): Buffer {
    const chunk = this.buffer.subarray(0, this.offset);
    // The next buffer is allocated by the next write, so the last chunk costs no spare buffer.
    this.buffer = NO_BYTES;
    this.view = viewOf(NO_BYTES);
    this.offset = 0;
    return chunk;
  }

  private writeField(type: CopyColumnType, value: CopyValue): void {
    if (value === null || value === undefined) {
      this.reserve(4);
      this.writeInt32(-1);
      return;
    }
    this.writeValue(type, value);
  }

  private writeValue(type: CopyColumnType, value: NonNullable<CopyValue>): void {
    switch (type) {
      case 'bool':
        this.writeLength(1);
        this.buffer[this.offset] = expectBoolean(value) ? 1 : 0;
        this.offset += 1;
        return;
      case 'int2':
        this.writeLength(2);
        this.view.setInt16(this.offset, expectInteger(value, 16));
        this.offset += 2;
        return;
      case 'int4':
        this.writeLength(4);
        this.writeInt32(expectInteger(value, 32));
        return;
      case 'int8':
        return this.writeInt64(expectInt64(value));
      case 'float8':
        this.writeLength(8);
        this.view.setFloat64(this.offset, expectNumber(value));
        this.offset += 8;
        return;
      case 'text':
        return this.writeText(expectString(value));
      case 'bytea':
        return typeof value === 'string'
          ? this.writeHex(value)
          : this.writeBytes(expectBytes(value));
      case 'uuid':
        return this.writeUuid(value);
      case 'timestamp':
        return this.writeInt64(timestampMicros(value, false));
      case 'timestamptz':
        return this.writeInt64(timestampMicros(value, true));
      case 'jsonb':
        return this.writeJsonb(value);
    }
  }

  /** Writes a big-endian 32-bit integer; room must be reserved. */
  private writeInt32(value: number): void {
    this.view.setInt32(this.offset, value);
    this.offset += 4;
  }

  /** Writes a field's length word and makes room for its `length` bytes. */
  private writeLength(length: number): void {
    this.reserve(4 + length);
    this.writeInt32(length);
  }

  /** Writes a 64-bit integer as two 32-bit halves, exact for |n| < 2^53. */
  private writeInt64(value: number): void {
    const high = Math.floor(value / TWO_TO_32);
    const low = value - high * TWO_TO_32;
    this.reserve(12);
    this.writeInt32(8);
    this.writeInt32(high);
    this.view.setUint32(this.offset, low);
    this.offset += 4;
  }

  /**
   * Writes text as UTF-8 after its length. Short ASCII text is copied by a loop, which is
   * faster than a call into Buffer.write for the few bytes of a device key or a type name.
   */
  private writeText(text: string): void {
    if (text.length <= SHORT_TEXT && this.writeShortAscii(text)) return;
    if (text.includes('\0')) throw new CopyEncodeError('text cannot contain the NUL character');
    this.reserve(4 + text.length * 3);
    const lengthAt = this.offset;
    const length = this.buffer.write(text, lengthAt + 4, 'utf8');
    this.view.setInt32(lengthAt, length);
    this.offset = lengthAt + 4 + length;
  }

  /** Writes `text` when it is ASCII and returns true; writes nothing and returns false if not. */
  private writeShortAscii(text: string): boolean {
    const length = text.length;
    this.reserve(4 + length);
    const buffer = this.buffer;
    const start = this.offset + 4;
    for (let index = 0; index < length; index += 1) {
      const code = text.charCodeAt(index);
      if (code === 0) throw new CopyEncodeError('text cannot contain the NUL character');
      if (code > 0x7f) return false;
      buffer[start + index] = code;
    }
    this.writeInt32(length);
    this.offset += length;
    return true;
  }

  private writeJsonb(value: NonNullable<CopyValue>): void {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (text === undefined) throw new CopyEncodeError('the value has no JSON form');
    this.reserve(5 + text.length * 3);
    const lengthAt = this.offset;
    this.buffer[lengthAt + 4] = 1; // jsonb binary format version
    const length = this.buffer.write(text, lengthAt + 5, 'utf8');
    this.view.setInt32(lengthAt, length + 1);
    this.offset = lengthAt + 5 + length;
  }

  /** Writes hexadecimal text (optionally `\\x`-prefixed) as bytes, without a copy. */
  private writeHex(text: string): void {
    const start = text.startsWith('\\x') ? 2 : 0;
    const length = (text.length - start) / 2;
    if (!Number.isInteger(length)) {
      throw new CopyEncodeError(`expected a Buffer or hex string, got ${describeValue(text)}`);
    }
    this.reserve(4 + length);
    const buffer = this.buffer;
    const at = this.offset + 4;
    for (let index = 0; index < length; index += 1) {
      const high = hexValue(text.charCodeAt(start + 2 * index));
      const low = hexValue(text.charCodeAt(start + 2 * index + 1));
      if (high < 0 || low < 0) {
        throw new CopyEncodeError(`expected a Buffer or hex string, got ${describeValue(text)}`);
      }
      buffer[at + index] = (high << 4) | low;
    }
    this.writeInt32(length);
    this.offset += length;
  }

  /** Writes a UUID, remembering the last one, since a batch repeats its ID on every row. */
  private writeUuid(value: NonNullable<CopyValue>): void {
    if (value !== this.lastUuidText) {
      this.lastUuidBytes = uuidBytes(value);
      this.lastUuidText = value as string;
    }
    this.writeBytes(this.lastUuidBytes!);
  }

  private writeBytes(bytes: Buffer): void {
    this.reserve(4 + bytes.length);
    this.writeInt32(bytes.length);
    this.offset += bytes.copy(this.buffer, this.offset);
  }

  /** Grows the buffer so that `bytes` more fit; pending bytes are kept. */
  private reserve(bytes: number): void {
    if (this.offset + bytes <= this.buffer.length) return;
    const size =
      this.buffer.length === 0
        ? Math.max(this.chunkBytes, 64, this.offset + bytes)
        : Math.max(this.buffer.length * 2, this.offset + bytes);
    const grown = Buffer.allocUnsafe(size);
    this.buffer.copy(grown, 0, 0, this.offset);
    this.buffer = grown;
    this.view = viewOf(grown);
  }
}

/**
 * Encodes rows as one stream of binary COPY chunks of roughly `chunkBytes`, header and trailer
 * included, for `Readable.from` and a COPY FROM STDIN sink.
 */
export function* encodeCopyBinary(
  types: readonly CopyColumnType[],
  rows: Iterable<readonly CopyValue[]>,
  options: { columnNames?: readonly string[]; chunkBytes?: number } = {},
): Generator<Buffer> {
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const encoder = new CopyBinaryEncoder(types, options.columnNames, chunkBytes);
  for (const row of rows) {
    encoder.writeRow(row);
    if (encoder.pendingBytes >= chunkBytes) yield encoder.takeChunk();
  }
  encoder.finish();
  yield encoder.takeChunk();
}

function viewOf(buffer: Buffer): DataView {
  return new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function hexValue(code: number): number {
  return code < 128 ? HEX_VALUES[code]! : -1;
}
