/**
 * Encoder for PostgreSQL's binary COPY format (`COPY … FROM STDIN (FORMAT binary)`), as the
 * PostgreSQL 17 documentation of COPY describes it. The header is an 11-byte signature, a
 * 32-bit flags field and a 32-bit header extension length. Each row is a 16-bit field count
 * and, per field, a 32-bit byte length (-1 for NULL) followed by the value in the type's
 * binary send format. A 16-bit -1 ends the data. All integers are big-endian.
 */

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

/**
 * A field value; `null` and `undefined` are NULL. The accepted JavaScript types per column type:
 *
 * - `bool`: boolean. `int2`, `int4`, `float8`: number. `int8`: number or bigint.
 * - `text`: string without NUL characters. `bytea`: Buffer or hexadecimal string.
 * - `uuid`: string. `timestamp`: string `YYYY-MM-DDTHH:mm:ss[.ffffff]`.
 * - `timestamptz`: string with `Z` or an offset, or a Date.
 * - `jsonb`: JSON text, or any value JSON.stringify accepts.
 */
export type CopyValue =
  string | number | bigint | boolean | Buffer | Date | object | null | undefined;

/** Error raised for a value the encoder cannot write into its column. */
export class CopyEncodeError extends Error {
  override name = 'CopyEncodeError';
}

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** Microseconds from 1970-01-01 to 2000-01-01, the epoch of PostgreSQL timestamps. */
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);
const TWO_TO_32 = 2 ** 32;
const DEFAULT_CHUNK_BYTES = 256 * 1024;

const DATE_TIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}(?::?\d{2})?)?$/;
const UUID_PATTERN = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const HEX_PATTERN = /^(?:\\x)?((?:[0-9a-f]{2})*)$/i;

/**
 * Streams rows into binary COPY data. Rows are appended with `writeRow`; `takeChunk` hands out
 * what has accumulated. The header is written on construction and `finish` appends the trailer.
 * Raises CopyEncodeError, naming the column, for a value that does not fit its type.
 */
export class CopyBinaryEncoder {
  private buffer: Buffer;
  private offset = 0;
  private lastUuidText: string | null = null;
  private lastUuidBytes: Buffer | null = null;

  constructor(
    private readonly types: readonly CopyColumnType[],
    private readonly columnNames: readonly string[] = types.map((_, index) => `#${index + 1}`),
    chunkBytes = DEFAULT_CHUNK_BYTES,
  ) {
    if (types.length === 0 || types.length > 1600) {
      throw new CopyEncodeError(`a COPY row needs 1–1600 columns, not ${types.length}`);
    }
    this.buffer = Buffer.allocUnsafe(chunkBytes);
    SIGNATURE.copy(this.buffer, 0);
    this.offset = SIGNATURE.length;
    this.offset = this.buffer.writeInt32BE(0, this.offset); // flags: no OIDs
    this.offset = this.buffer.writeInt32BE(0, this.offset); // no header extension
  }

  /** Bytes waiting to be taken. */
  get pendingBytes(): number {
    return this.offset;
  }

  /** Appends one row; `values` must have one entry per column. */
  writeRow(values: readonly CopyValue[]): void {
    if (values.length !== this.types.length) {
      throw new CopyEncodeError(
        `a row has ${values.length} values but the COPY has ${this.types.length} columns`,
      );
    }
    this.reserve(2);
    this.offset = this.buffer.writeInt16BE(this.types.length, this.offset);
    for (let index = 0; index < values.length; index += 1) {
      this.writeField(this.types[index]!, values[index], index);
    }
  }

  /** Appends the trailer; no row may follow. */
  finish(): void {
    this.reserve(2);
    this.offset = this.buffer.writeInt16BE(-1, this.offset);
  }

  /** Returns the bytes written since the last call, as a copy the caller may keep. */
  takeChunk(): Buffer {
    const chunk = Buffer.from(this.buffer.subarray(0, this.offset));
    this.offset = 0;
    return chunk;
  }

  private writeField(type: CopyColumnType, value: CopyValue, index: number): void {
    if (value === null || value === undefined) {
      this.reserve(4);
      this.offset = this.buffer.writeInt32BE(-1, this.offset);
      return;
    }
    try {
      this.writeValue(type, value);
    } catch (error) {
      if (!(error instanceof CopyEncodeError)) throw error;
      throw new CopyEncodeError(`column ${this.columnNames[index]} (${type}): ${error.message}`);
    }
  }

  private writeValue(type: CopyColumnType, value: NonNullable<CopyValue>): void {
    switch (type) {
      case 'bool':
        this.writeLength(1);
        this.offset = this.buffer.writeUInt8(expectBoolean(value) ? 1 : 0, this.offset);
        return;
      case 'int2':
        this.writeLength(2);
        this.offset = this.buffer.writeInt16BE(expectInteger(value, 16), this.offset);
        return;
      case 'int4':
        this.writeLength(4);
        this.offset = this.buffer.writeInt32BE(expectInteger(value, 32), this.offset);
        return;
      case 'int8':
        return this.writeInt64(expectInt64(value));
      case 'float8':
        this.writeLength(8);
        this.offset = this.buffer.writeDoubleBE(expectNumber(value), this.offset);
        return;
      case 'text':
        return this.writeText(expectText(value));
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

  /** Writes a field's length word and makes room for its `length` bytes. */
  private writeLength(length: number): void {
    this.reserve(4 + length);
    this.offset = this.buffer.writeInt32BE(length, this.offset);
  }

  /** Writes a 64-bit integer as two 32-bit halves, exact for |n| < 2^53. */
  private writeInt64(value: number): void {
    const high = Math.floor(value / TWO_TO_32);
    const low = value - high * TWO_TO_32;
    this.reserve(12);
    this.offset = this.buffer.writeInt32BE(8, this.offset);
    this.offset = this.buffer.writeInt32BE(high, this.offset);
    this.offset = this.buffer.writeUInt32BE(low, this.offset);
  }

  /** Writes UTF-8 text after room for 3 bytes per UTF-16 unit, then fills in its length. */
  private writeText(text: string): void {
    this.reserve(4 + text.length * 3);
    const lengthAt = this.offset;
    const length = this.buffer.write(text, lengthAt + 4, 'utf8');
    this.buffer.writeInt32BE(length, lengthAt);
    this.offset = lengthAt + 4 + length;
  }

  private writeJsonb(value: NonNullable<CopyValue>): void {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (text === undefined) throw new CopyEncodeError('the value has no JSON form');
    const length = Buffer.byteLength(text, 'utf8');
    this.reserve(5 + length);
    this.offset = this.buffer.writeInt32BE(length + 1, this.offset);
    this.offset = this.buffer.writeUInt8(1, this.offset); // jsonb binary format version
    this.offset += this.buffer.write(text, this.offset, 'utf8');
  }

  /** Writes hexadecimal text (optionally `\\x`-prefixed) as bytes, without a copy. */
  private writeHex(text: string): void {
    const digits = text.startsWith('\\x') ? text.slice(2) : text;
    const length = digits.length / 2;
    this.reserve(4 + length);
    const written = Number.isInteger(length)
      ? this.buffer.write(digits, this.offset + 4, length, 'hex')
      : -1;
    if (written !== length) {
      throw new CopyEncodeError(`expected a Buffer or hex string, got ${describe(text)}`);
    }
    this.offset = this.buffer.writeInt32BE(length, this.offset) + length;
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
    this.offset = this.buffer.writeInt32BE(bytes.length, this.offset);
    this.offset += bytes.copy(this.buffer, this.offset);
  }

  /** Grows the buffer so that `bytes` more fit; pending bytes are kept. */
  private reserve(bytes: number): void {
    if (this.offset + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.offset + bytes));
    this.buffer.copy(grown, 0, 0, this.offset);
    this.buffer = grown;
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

function expectBoolean(value: NonNullable<CopyValue>): boolean {
  if (typeof value !== 'boolean')
    throw new CopyEncodeError(`expected a boolean, got ${describe(value)}`);
  return value;
}

function expectNumber(value: NonNullable<CopyValue>): number {
  if (typeof value !== 'number')
    throw new CopyEncodeError(`expected a number, got ${describe(value)}`);
  return value;
}

function expectInteger(value: NonNullable<CopyValue>, bits: 16 | 32): number {
  const number = expectNumber(value);
  const limit = 2 ** (bits - 1);
  if (!Number.isInteger(number) || number < -limit || number >= limit) {
    throw new CopyEncodeError(`expected a ${bits}-bit integer, got ${describe(value)}`);
  }
  return number;
}

function expectInt64(value: NonNullable<CopyValue>): number {
  const number = typeof value === 'bigint' ? Number(value) : expectNumber(value);
  if (!Number.isSafeInteger(number)) {
    throw new CopyEncodeError(`expected an integer within ±(2^53 − 1), got ${describe(value)}`);
  }
  return number;
}

function expectText(value: NonNullable<CopyValue>): string {
  if (typeof value !== 'string')
    throw new CopyEncodeError(`expected a string, got ${describe(value)}`);
  if (value.includes('\0')) throw new CopyEncodeError('text cannot contain the NUL character');
  return value;
}

function expectBytes(value: NonNullable<CopyValue>): Buffer {
  if (Buffer.isBuffer(value)) return value;
  const match = typeof value === 'string' ? HEX_PATTERN.exec(value) : null;
  if (!match) throw new CopyEncodeError(`expected a Buffer or hex string, got ${describe(value)}`);
  return Buffer.from(match[1]!, 'hex');
}

function uuidBytes(value: NonNullable<CopyValue>): Buffer {
  if (typeof value !== 'string' || !UUID_PATTERN.test(value)) {
    throw new CopyEncodeError(`expected a UUID, got ${describe(value)}`);
  }
  return Buffer.from(value.replaceAll('-', ''), 'hex');
}

/**
 * Microseconds since 2000-01-01 00:00:00 of an ISO 8601 date-time. With `zoned`, the text
 * needs `Z` or an offset and the result is UTC; without, it must have no offset and the
 * wall-clock fields are taken as they are. Fractions past microseconds are rounded.
 */
function timestampMicros(value: NonNullable<CopyValue>, zoned: boolean): number {
  if (zoned && value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new CopyEncodeError('the Date is invalid');
    return (ms - POSTGRES_EPOCH_MS) * 1000;
  }
  const fast = typeof value === 'string' ? fastMillis(value, zoned) : null;
  if (fast !== null) return (fast - POSTGRES_EPOCH_MS) * 1000;
  const match = typeof value === 'string' ? DATE_TIME_PATTERN.exec(value) : null;
  if (!match) throw new CopyEncodeError(`expected an ISO 8601 date-time, got ${describe(value)}`);
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  if (zoned !== (zone !== undefined)) {
    throw new CopyEncodeError(
      zoned
        ? `a timestamptz needs Z or an offset: ${String(value)}`
        : `a timestamp takes no offset: ${String(value)}`,
    );
  }
  const fields = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = utcMillis(fields, String(value));
  const micros = fraction ? Math.round(Number(`0.${fraction}`) * 1e6) : 0;
  return (ms - POSTGRES_EPOCH_MS - offsetMillis(zone)) * 1000 + micros;
}

/** Shapes that Date.parse reads exactly and fast: canonical UTC instants and wall-clock times. */
const FAST_ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;
const FAST_LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?$/;

/**
 * Returns epoch ms of the common shapes `YYYY-MM-DDTHH:mm:ss[.sss]Z` (zoned) and
 * `YYYY-MM-DDTHH:mm:ss[.sss]` (wall clock, read as UTC). Any other text gets null and goes to
 * the general parser. Date.parse rolls an impossible day such as 02-30 over into the next
 * month and accepts the hour 24, so day and hour are checked first.
 */
function fastMillis(text: string, zoned: boolean): number | null {
  if (!(zoned ? FAST_ZONED : FAST_LOCAL).test(text)) return null;
  const year = Number(text.slice(0, 4));
  const month = digitPair(text, 5);
  const day = digitPair(text, 8);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (digitPair(text, 11) > 23) return null;
  const ms = Date.parse(zoned ? text : `${text}Z`);
  return Number.isNaN(ms) ? null : ms;
}

function digitPair(text: string, at: number): number {
  return (text.charCodeAt(at) - 48) * 10 + (text.charCodeAt(at + 1) - 48);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function utcMillis(fields: [number, number, number, number, number, number], text: string): number {
  const [year, month, day, hour, minute, second] = fields;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  const valid =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60;
  if (!valid) throw new CopyEncodeError(`not a valid date-time: ${text}`);
  return date.getTime();
}

function offsetMillis(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (hours * 60 + minutes) * 60_000;
}

function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Buffer.isBuffer(value)) return `a Buffer of ${value.length} bytes`;
  return typeof value === 'object' ? 'an object' : String(value);
}
