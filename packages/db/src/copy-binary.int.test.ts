import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/database.ts';
import {
  CopyBinaryEncoder,
  CopyEncodeError,
  encodeCopyBinary,
  type CopyColumnType,
  type CopyValue,
} from './copy-binary.ts';

const COLUMNS: [string, CopyColumnType][] = [
  ['b', 'bool'],
  ['s', 'int2'],
  ['i', 'int4'],
  ['l', 'int8'],
  ['f', 'float8'],
  ['t', 'text'],
  ['y', 'bytea'],
  ['u', 'uuid'],
  ['ts', 'timestamp'],
  ['tz', 'timestamptz'],
  ['j', 'jsonb'],
];

let db: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase();
  client = new pg.Client({ connectionString: db.adminUrl });
  await client.connect();
  await client.query("set timezone = 'UTC'");
  await client.query(
    // eslint-disable-next-line phoenix/no-sql-string-building -- names and types from COLUMNS above
    `create table copy_target (n int, ${COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ')})`,
  );
});

afterAll(async () => {
  await client.end();
  await db.drop();
});

async function copyRows(rows: CopyValue[][], chunkBytes?: number): Promise<void> {
  const columns = ['n', ...COLUMNS.map(([name]) => name)];
  const types: CopyColumnType[] = ['int4', ...COLUMNS.map(([, type]) => type)];
  const sink = client.query(
    copyStreams.from(`copy copy_target (${columns.join(', ')}) from stdin (format binary)`),
  );
  await pipeline(Readable.from(encodeCopyBinary(types, rows, { chunkBytes })), sink);
}

/** Reads every column as PostgreSQL prints it in text, to compare with hand-written values. */
async function rowAsText(n: number): Promise<Record<string, string | null>> {
  const list = COLUMNS.map(([name]) => `${name}::text as ${name}`).join(', ');
  // eslint-disable-next-line phoenix/no-sql-string-building -- names from COLUMNS above
  const result = await client.query(`select ${list} from copy_target where n = $1`, [n]);
  return result.rows[0];
}

describe('binary COPY encoder against PostgreSQL', () => {
  it('writes every supported type', async () => {
    await copyRows([
      [
        1,
        true,
        -32768,
        2147483647,
        -9007199254740991,
        0.1,
        'Grüße\ttab\nline \\ 🩸',
        Buffer.from([0, 1, 254, 255]),
        '0f8fad5b-d9cb-469f-a165-70867728950e',
        '2019-10-27T03:30:00',
        '2024-03-04T08:00:00.123456+02:00',
        '{"units": 2.5, "kind": "normal"}',
      ],
    ]);
    expect(await rowAsText(1)).toEqual({
      b: 'true',
      s: '-32768',
      i: '2147483647',
      l: '-9007199254740991',
      f: '0.1',
      t: 'Grüße\ttab\nline \\ 🩸',
      y: '\\x0001feff',
      u: '0f8fad5b-d9cb-469f-a165-70867728950e',
      ts: '2019-10-27 03:30:00',
      tz: '2024-03-04 06:00:00.123456+00',
      j: '{"kind": "normal", "units": 2.5}',
    });
  });

  it('writes NULL for null and undefined', async () => {
    await copyRows([[2, null, undefined, null, null, null, null, null, null, null, null, null]]);
    const row = await rowAsText(2);
    expect(Object.values(row).every((value) => value === null)).toBe(true);
  });

  it('writes times before 2000 and hex bytea', async () => {
    await copyRows([
      [
        3,
        false,
        0,
        -1,
        4294967296,
        -0,
        '',
        'c0ffee',
        '0F8FAD5BD9CB469FA16570867728950E',
        '1999-12-31T23:59:59.999999',
        '1970-01-01T00:00:00Z',
        { nested: [1, null, 'x'] },
      ],
    ]);
    expect(await rowAsText(3)).toMatchObject({
      l: '4294967296',
      t: '',
      y: '\\xc0ffee',
      u: '0f8fad5b-d9cb-469f-a165-70867728950e',
      ts: '1999-12-31 23:59:59.999999',
      tz: '1970-01-01 00:00:00+00',
      j: '{"nested": [1, null, "x"]}',
    });
  });

  it('writes epoch milliseconds as timestamptz', async () => {
    const at = Date.UTC(2024, 0, 2, 17, 35, 12, 345);
    await copyRows([[40, null, null, null, null, null, null, null, null, null, at, null]]);
    expect((await rowAsText(40)).tz).toBe('2024-01-02 17:35:12.345+00');
    await copyRows([[41, null, null, null, null, null, null, null, null, null, -1, null]]);
    expect((await rowAsText(41)).tz).toBe('1969-12-31 23:59:59.999+00');
  });

  it('reads digit-by-digit times as PostgreSQL does', async () => {
    const long = 'x'.repeat(70);
    await copyRows([
      [
        4,
        null,
        null,
        null,
        null,
        null,
        long,
        '\\xC0FFEE',
        null,
        '2024-02-29 23:59:59.5',
        '1900-03-01T00:00:00.000001Z',
        null,
      ],
      [
        5,
        null,
        null,
        null,
        null,
        null,
        'abc é',
        null,
        null,
        '2023-12-31T23:59:59',
        '2099-12-31T23:59:59.999999Z',
        null,
      ],
    ]);
    expect(await rowAsText(4)).toMatchObject({
      t: long,
      y: '\\xc0ffee',
      ts: '2024-02-29 23:59:59.5',
      tz: '1900-03-01 00:00:00.000001+00',
    });
    expect(await rowAsText(5)).toMatchObject({
      t: 'abc é',
      ts: '2023-12-31 23:59:59',
      tz: '2099-12-31 23:59:59.999999+00',
    });
  });

  it('leaves out a row that fails and keeps the others', async () => {
    const types: CopyColumnType[] = ['int4', ...COLUMNS.map(([, type]) => type)];
    const encoder = new CopyBinaryEncoder(types, undefined, 64);
    // n, five NULLs, the text column, five NULLs.
    const nulls = Array<null>(5).fill(null);
    const row = (n: number, note: string): CopyValue[] => [n, ...nulls, note, ...nulls];
    encoder.writeRow(row(6, 'kept before'));
    expect(() => encoder.writeRow(row(7, 'NUL \0 inside'))).toThrow(CopyEncodeError);
    encoder.writeRow(row(8, 'kept after'));
    encoder.finish();
    const columns = ['n', ...COLUMNS.map(([name]) => name)].join(', ');
    const sink = client.query(
      copyStreams.from(`copy copy_target (${columns}) from stdin (format binary)`),
    );
    await pipeline(Readable.from([encoder.takeChunk()]), sink);
    const result = await client.query(
      'select n, t from copy_target where n between 6 and 8 order by n',
    );
    expect(result.rows).toEqual([
      { n: 6, t: 'kept before' },
      { n: 8, t: 'kept after' },
    ]);
  });

  it('keeps every row across many small chunks', async () => {
    const rows: CopyValue[][] = Array.from({ length: 500 }, (_, index) => [
      1000 + index,
      index % 2 === 0,
      index,
      index * 1000,
      index * 1_000_000_000,
      index / 10,
      `row ${index}`,
      Buffer.alloc(32, index % 256),
      null,
      null,
      new Date(Date.UTC(2024, 0, 1) + index * 300_000),
      null,
    ]);
    await copyRows(rows, 64);
    const result = await client.query(
      `select count(*)::int as n, sum(l)::text as l_sum, max(tz) as last
       from copy_target where n >= 1000`,
    );
    expect(result.rows[0].n).toBe(500);
    // 1e9 × (0 + 1 + … + 499) = 1e9 × 124,750.
    expect(result.rows[0].l_sum).toBe('124750000000000');
    expect((result.rows[0].last as Date).toISOString()).toBe('2024-01-02T17:35:00.000Z');
  });
});

describe('binary COPY encoder checks', () => {
  const encoder = () => new CopyBinaryEncoder(['int4', 'timestamptz', 'text'], ['n', 'at', 'note']);

  it('rejects a value of the wrong kind', () => {
    expect(() => encoder().writeRow(['1', null, null])).toThrow(CopyEncodeError);
    expect(() => encoder().writeRow([2 ** 31, null, null])).toThrow(/column n \(int4\)/);
  });

  it('rejects a timestamptz without offset', () => {
    expect(() => encoder().writeRow([1, '2024-03-04T08:00:00', null])).toThrow(/needs Z/);
  });

  it('writes into a given buffer until it is full', () => {
    const rows: CopyValue[][] = [1, 2, 3].map((n) => [n, '2024-03-04T08:00:00Z', 'x'.repeat(20)]);
    const expected = new CopyBinaryEncoder(['int4', 'timestamptz', 'text'], ['n', 'at', 'note']);
    for (const row of rows) expected.writeRow(row);
    expected.finish();
    const whole = expected.takeChunk();

    const roomy = Buffer.alloc(1024);
    const inRoomy = new CopyBinaryEncoder(['int4', 'timestamptz', 'text'], undefined, 64, roomy);
    for (const row of rows) inRoomy.writeRow(row);
    inRoomy.finish();
    const chunk = inRoomy.takeChunk();
    expect(chunk.buffer).toBe(roomy.buffer);
    expect(chunk.equals(whole)).toBe(true);

    // A buffer too small for the rows is left for new memory, and the bytes stay the same.
    const tight = Buffer.alloc(80);
    const inTight = new CopyBinaryEncoder(['int4', 'timestamptz', 'text'], undefined, 64, tight);
    for (const row of rows) inTight.writeRow(row);
    inTight.finish();
    const grown = inTight.takeChunk();
    expect(grown.buffer).not.toBe(tight.buffer);
    expect(grown.equals(whole)).toBe(true);
  });

  it('rejects epoch milliseconds that are not finite', () => {
    expect(() => encoder().writeRow([1, Number.NaN, null])).toThrow(
      /invalid epoch milliseconds NaN/,
    );
  });

  it('rejects an impossible date', () => {
    expect(() => encoder().writeRow([1, '2023-02-29T00:00:00Z', null])).toThrow(/not a valid/);
  });

  it('names the failed column by index', () => {
    const error = (() => {
      try {
        encoder().writeRow([1, 'yesterday', null]);
      } catch (caught) {
        return caught as CopyEncodeError;
      }
      return null;
    })();
    expect(error?.column).toBe(1);
    expect(error?.message).toMatch(/^column at \(timestamptz\)/);
  });

  it('rejects NUL in text and a short row', () => {
    expect(() => encoder().writeRow([1, null, 'a\0b'])).toThrow(/NUL/);
    expect(() => encoder().writeRow([1, null])).toThrow(/2 values but the COPY has 3 columns/);
  });
});
