import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../test-support.ts';
import {
  bytesSource,
  listHeadEntries,
  openFileSource,
  readZipDirectory,
  readZipEntry,
  startsWithZipMagic,
  writeZip,
  ZipFormatError,
  type ByteSource,
  type ZipEntry,
} from './zip.ts';

const STREAMED = 'zip-infozip-streamed.zip';

/** Text of `greeting.txt` in the Info-ZIP fixture, as the script that made it wrote it. */
const GREETING = Array.from(
  { length: 200 },
  (_, i) => `line ${i}: the quick brown fox jumps over the lazy dog\n`,
).join('');

async function entryBytes(source: ByteSource, entry: ZipEntry): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of readZipEntry(source, entry)) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function readAll(bytes: Uint8Array): Promise<Map<string, Buffer>> {
  const source = bytesSource(bytes);
  const files = new Map<string, Buffer>();
  for (const entry of await readZipDirectory(source)) {
    files.set(entry.name, await entryBytes(source, entry));
  }
  return files;
}

describe('ZIP reader on an Info-ZIP archive', () => {
  // Made with Info-ZIP 3.0 writing to a pipe, so every file entry has a data descriptor and
  // extra fields. Expected values were listed with Python's zipfile module.
  it('lists the central directory', async () => {
    const source = await openFileSource(fixturePath(STREAMED));
    try {
      const entries = await readZipDirectory(source);
      expect(entries.map((entry) => [entry.name, entry.method, entry.crc32])).toEqual([
        ['greeting.txt', 8, 4063833587],
        ['raw.bin', 0, 3070970918],
        ['folder/', 0, 0],
        ['folder/note.csv', 8, 177670011],
        ['empty.txt', 0, 0],
      ]);
      expect(entries.map((entry) => entry.localHeaderOffset)).toEqual([0, 612, 1689, 1726, 1797]);
      expect(entries[0]).toMatchObject({ compressedSize: 554, uncompressedSize: 10690 });
      expect(entries[0]?.modifiedAt).toBe('2024-01-02T03:04:06');
    } finally {
      await source.close();
    }
  });

  it('reads deflated, stored and empty entries', async () => {
    const files = await readAll(readFileSync(fixturePath(STREAMED)));
    expect(files.get('greeting.txt')?.toString('utf8')).toBe(GREETING);
    const raw = Buffer.alloc(1024, 0).map((_, i) => i % 256);
    expect(files.get('raw.bin')?.equals(raw)).toBe(true);
    expect(files.get('folder/note.csv')?.toString('utf8')).toBe('a,b\n1,2\n');
    expect(files.get('empty.txt')?.length).toBe(0);
  });

  it('lists entries from the head', () => {
    const head = readFileSync(fixturePath(STREAMED)).subarray(0, 8192);
    expect(startsWithZipMagic(head)).toBe(true);
    // The first entry's compressed size follows its data, so the walk stops after it.
    const entries = listHeadEntries(head);
    expect(entries.map((entry) => entry.name)).toEqual(['greeting.txt']);
    expect(entries[0]?.start.toString('utf8').startsWith('line 0: the quick')).toBe(true);
  });
});

describe('ZIP writer', () => {
  it('writes a stored entry as the specification lays it out', () => {
    const bytes = writeZip([{ name: 'a.txt', data: Buffer.from('hi') }], { compression: 'store' });
    // CRC-32 of "hi" is 0xd8932aac; DOS date 1980-01-01 is 0x0021, time 00:00:00 is 0.
    const expected = [
      '504b0304 0a00 0000 0000 0000 2100 ac2a93d8 02000000 02000000 0500 0000',
      Buffer.from('a.txt').toString('hex'),
      Buffer.from('hi').toString('hex'),
      '504b0102 1400 0a00 0000 0000 0000 2100 ac2a93d8 02000000 02000000 0500 0000 0000',
      '0000 0000 00000000 00000000',
      Buffer.from('a.txt').toString('hex'),
      // End record: 1 entry, directory of 51 bytes at offset 37, no comment.
      '504b0506 0000 0000 0100 0100 33000000 25000000 0000',
    ].join('');
    expect(bytes.toString('hex')).toBe(expected.replaceAll(' ', ''));
  });

  it('gives identical bytes for identical input', () => {
    const entries = [
      { name: 'data/cgm.csv', data: Buffer.from(GREETING) },
      { name: 'notes.txt', data: Buffer.from('Notiz: Gerät gewechselt\n') },
    ];
    const first = writeZip(entries, { modifiedAt: '2026-06-22T23:59:58' });
    const second = writeZip(entries, { modifiedAt: '2026-06-22T23:59:58' });
    expect(first.equals(second)).toBe(true);
    expect(first.equals(writeZip(entries, { modifiedAt: '2026-06-23T00:00:00' }))).toBe(false);
  });

  it('round-trips entries through the reader', async () => {
    const entries = [
      { name: 'Insulin data/bolus_data_1.csv', data: Buffer.from(GREETING) },
      { name: 'größe.txt', data: Buffer.from('ä\n') },
      { name: 'empty.csv', data: Buffer.alloc(0) },
    ];
    for (const compression of ['deflate', 'store'] as const) {
      const bytes = writeZip(entries, { compression, modifiedAt: '2026-06-22T12:30:00' });
      const files = await readAll(bytes);
      expect([...files.keys()]).toEqual(entries.map((entry) => entry.name));
      for (const entry of entries) {
        expect(files.get(entry.name)?.equals(entry.data)).toBe(true);
      }
      const [first] = await readZipDirectory(bytesSource(bytes));
      expect(first?.modifiedAt).toBe('2026-06-22T12:30:00');
      expect(first?.method).toBe(compression === 'store' ? 0 : 8);
    }
  });

  it('flags non-ASCII names as UTF-8', () => {
    const bytes = writeZip([{ name: 'größe.txt', data: Buffer.from('x') }]);
    expect(bytes.readUInt16LE(6)).toBe(0x0800);
  });

  it('rejects an invalid modification time', () => {
    const entries = [{ name: 'a.txt', data: Buffer.from('a') }];
    expect(() => writeZip(entries, { modifiedAt: '1979-12-31T23:59:59' })).toThrow(RangeError);
    expect(() => writeZip([{ name: '/a', data: Buffer.alloc(0) }])).toThrow(/relative path/);
  });

  it('writes an empty archive', async () => {
    const bytes = writeZip([]);
    expect(bytes.length).toBe(22);
    expect(await readZipDirectory(bytesSource(bytes))).toEqual([]);
  });
});

describe('ZIP reader on bad input', () => {
  const good = writeZip(
    [
      { name: 'a.txt', data: Buffer.from(GREETING) },
      { name: 'b.txt', data: Buffer.from('second entry\n') },
    ],
    { compression: 'store' },
  );

  it('rejects a truncated archive', async () => {
    const truncated = good.subarray(0, good.length - 30);
    const error = await readZipDirectory(bytesSource(truncated)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ZipFormatError);
    expect((error as ZipFormatError).code).toBe('truncated');
    expect((error as Error).message).toMatch(/end-of-central-directory record is missing/);
  });

  it('rejects bytes that are not an archive', async () => {
    await expect(readZipDirectory(bytesSource(Buffer.from('a,b\n1,2\n')))).rejects.toThrow(
      ZipFormatError,
    );
  });

  it('detects a changed byte in a stored entry', async () => {
    const damaged = Buffer.from(good);
    const at = 30 + 'a.txt'.length + 100;
    damaged.writeUInt8(damaged.readUInt8(at) ^ 0x01, at);
    const source = bytesSource(damaged);
    const [first, second] = await readZipDirectory(source);
    await expect(entryBytes(source, first as ZipEntry)).rejects.toMatchObject({
      code: 'checksum',
      entry: 'a.txt',
      message: 'Entry "a.txt" is corrupt: its CRC-32 does not match.',
    });
    expect((await entryBytes(source, second as ZipEntry)).toString()).toBe('second entry\n');
  });

  it('detects damaged deflate data', async () => {
    const deflated = writeZip([{ name: 'a.txt', data: Buffer.from(GREETING) }]);
    const damaged = Buffer.from(deflated);
    for (let i = 40; i < 60; i++) {
      damaged[i] = 0xff;
    }
    const source = bytesSource(damaged);
    const [entry] = await readZipDirectory(source);
    const error = await entryBytes(source, entry as ZipEntry).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ZipFormatError);
    expect((error as ZipFormatError).code).toBe('decode');
    expect((error as ZipFormatError).entry).toBe('a.txt');
  });

  it('rejects an unsupported method', async () => {
    const changed = Buffer.from(good);
    const directoryOffset = changed.readUInt32LE(changed.length - 6);
    changed.writeUInt16LE(12, directoryOffset + 10);
    const source = bytesSource(changed);
    const [entry] = await readZipDirectory(source);
    await expect(entryBytes(source, entry as ZipEntry)).rejects.toMatchObject({
      code: 'unsupported',
      message: expect.stringMatching(/compression method 12/),
    });
  });
});
