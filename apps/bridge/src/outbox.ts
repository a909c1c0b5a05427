import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { CanonicalRecord } from '@phoenix/domain';

/**
 * Durable store-and-forward queue of records, two append-only files in the bridge's state
 * folder: `outbox.ndjson` holds `{seq, record}` lines and `outbox.acked` holds `{upTo}` lines,
 * the highest sequence number the API acknowledged. Every append is fsynced before it returns,
 * so a record handed to the outbox survives a kill or a power cut; a line cut short by a crash
 * is dropped when the outbox opens, because its append never returned.
 */
export class Outbox {
  private readonly recordsPath: string;
  private readonly ackedPath: string;
  private lastSeq = 0;
  private watermark = 0;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.recordsPath = join(dir, 'outbox.ndjson');
    this.ackedPath = join(dir, 'outbox.acked');
    this.watermark = readWatermark(this.ackedPath);
    // Sequence numbers keep growing across compactions, so an old watermark never covers
    // records appended after it.
    this.lastSeq = Math.max(this.watermark, lastSequence(this.recordsPath));
  }

  /** Records appended and not yet acknowledged by the API. */
  depth(): number {
    return this.lastSeq - this.watermark;
  }

  /** Append records durably; returns the sequence number of the last one. */
  append(records: readonly CanonicalRecord[]): number {
    if (records.length === 0) return this.lastSeq;
    const lines = records.map((record) => {
      this.lastSeq += 1;
      return `${JSON.stringify({ seq: this.lastSeq, record })}\n`;
    });
    appendDurably(this.recordsPath, lines.join(''));
    return this.lastSeq;
  }

  /** The oldest unacknowledged records, at most `limit`, with the sequence of the last one. */
  pending(limit: number): { records: CanonicalRecord[]; upTo: number } {
    const records: CanonicalRecord[] = [];
    let upTo = this.watermark;
    for (const entry of readEntries(this.recordsPath)) {
      if (entry.seq <= this.watermark) continue;
      records.push(entry.record);
      upTo = entry.seq;
      if (records.length === limit) break;
    }
    return { records, upTo };
  }

  /** Mark every record up to `upTo` as stored by the API; empties the files once all are. */
  acknowledge(upTo: number): void {
    appendDurably(this.ackedPath, `${JSON.stringify({ upTo })}\n`);
    this.watermark = Math.max(this.watermark, upTo);
    if (this.watermark === this.lastSeq) this.compact();
  }

  private compact(): void {
    // Records first: a crash between the two leaves a watermark over an empty file, which is
    // harmless because new sequence numbers start above it.
    if (existsSync(this.recordsPath)) truncateSync(this.recordsPath, 0);
    truncateSync(this.ackedPath, 0);
    appendDurably(this.ackedPath, `${JSON.stringify({ upTo: this.watermark })}\n`);
  }
}

function appendDurably(path: string, text: string): void {
  const fd = openSync(path, 'a', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function* readEntries(path: string): Generator<{ seq: number; record: CanonicalRecord }> {
  if (!existsSync(path)) return;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const entry = parseLine<{ seq: number; record: CanonicalRecord }>(line);
    if (entry && typeof entry.seq === 'number') yield entry;
  }
}

function lastSequence(path: string): number {
  let last = 0;
  for (const entry of readEntries(path)) last = Math.max(last, entry.seq);
  return last;
}

function readWatermark(path: string): number {
  if (!existsSync(path)) return 0;
  let watermark = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const entry = parseLine<{ upTo: number }>(line);
    if (entry && typeof entry.upTo === 'number') watermark = Math.max(watermark, entry.upTo);
  }
  return watermark;
}

/** Parse one NDJSON line; null for an empty line or one cut short by a crash. */
function parseLine<T>(line: string): T | null {
  if (line.trim() === '') return null;
  try {
    return JSON.parse(line) as T;
  } catch {
    return null;
  }
}
