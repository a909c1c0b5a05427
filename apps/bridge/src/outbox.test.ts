import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CanonicalRecord } from '@phoenix/domain';
import { Outbox } from './outbox.ts';

const record = (id: string) => ({ id, type: 'cbg' }) as CanonicalRecord;
const ids = (records: CanonicalRecord[]) => records.map((r) => r.id);
const freshDir = () => mkdtempSync(join(tmpdir(), 'phoenix-outbox-'));

describe('Outbox', () => {
  it('returns pending records in order', () => {
    const outbox = new Outbox(freshDir());
    outbox.append([record('a'), record('b'), record('c')]);
    expect(outbox.depth()).toBe(3);
    expect(ids(outbox.pending(2).records)).toEqual(['a', 'b']);
    expect(outbox.pending(2).upTo).toBe(2);
  });

  it('keeps records across a reopen', () => {
    const dir = freshDir();
    new Outbox(dir).append([record('a'), record('b')]);
    const reopened = new Outbox(dir);
    expect(reopened.depth()).toBe(2);
    expect(ids(reopened.pending(10).records)).toEqual(['a', 'b']);
  });

  it('skips acknowledged records after a reopen', () => {
    const dir = freshDir();
    const outbox = new Outbox(dir);
    outbox.append([record('a'), record('b'), record('c')]);
    outbox.acknowledge(2);
    const reopened = new Outbox(dir);
    expect(reopened.depth()).toBe(1);
    expect(ids(reopened.pending(10).records)).toEqual(['c']);
  });

  it('empties its files once everything is acknowledged', () => {
    const dir = freshDir();
    const outbox = new Outbox(dir);
    outbox.append([record('a')]);
    outbox.acknowledge(1);
    expect(readFileSync(join(dir, 'outbox.ndjson'), 'utf8')).toBe('');
    outbox.append([record('b')]);
    const reopened = new Outbox(dir);
    expect(ids(reopened.pending(10).records)).toEqual(['b']);
    expect(reopened.pending(10).upTo).toBe(2);
  });

  it('drops a line cut short by a crash', () => {
    const dir = freshDir();
    new Outbox(dir).append([record('a')]);
    appendFileSync(join(dir, 'outbox.ndjson'), '{"seq":2,"record":{"id":"b"');
    const reopened = new Outbox(dir);
    expect(ids(reopened.pending(10).records)).toEqual(['a']);
    expect(reopened.depth()).toBe(1);
  });

  it('numbers new records above an old watermark', () => {
    const dir = freshDir();
    const outbox = new Outbox(dir);
    outbox.append([record('a'), record('b')]);
    outbox.acknowledge(2);
    // A crash during compaction can leave a watermark over an empty records file.
    appendFileSync(join(dir, 'outbox.acked'), '{"upTo":2}\n');
    const reopened = new Outbox(dir);
    reopened.append([record('c')]);
    expect(ids(reopened.pending(10).records)).toEqual(['c']);
  });
});
