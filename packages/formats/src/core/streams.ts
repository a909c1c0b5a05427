import type { CanonicalRecord } from '@phoenix/domain';
import type { ReadEvent, ReadIssue } from './types.ts';

/** Helpers to turn text sources into the chunk streams that readers take. */

/** Yields `text` in chunks of `size` characters; for tests and in-memory inputs. */
export async function* textChunks(text: string, size = 64 * 1024): AsyncGenerator<string> {
  for (let start = 0; start < text.length; start += size) {
    yield text.slice(start, start + size);
  }
}

/**
 * Reads chunks from `source` until at least `minLength` characters (or the end) are seen, and
 * returns that head together with a stream that replays it followed by the rest of `source`.
 */
export async function peekHead(
  source: AsyncIterable<string>,
  minLength: number,
): Promise<{ head: string; chunks: AsyncIterable<string> }> {
  const iterator = source[Symbol.asyncIterator]();
  const buffered: string[] = [];
  let length = 0;
  let done = false;

  while (length < minLength) {
    const next = await iterator.next();
    if (next.done === true) {
      done = true;
      break;
    }
    buffered.push(next.value);
    length += next.value.length;
  }

  async function* replay(): AsyncGenerator<string> {
    yield* buffered;
    if (done) {
      return;
    }
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
      yield next.value;
    }
  }

  return { head: buffered.join(''), chunks: replay() };
}

/** Collects a whole streaming read into arrays of records and issues, keeping file order. */
export async function collectRead(
  events: AsyncIterable<ReadEvent>,
): Promise<{ records: CanonicalRecord[]; issues: ReadIssue[] }> {
  const records: CanonicalRecord[] = [];
  const issues: ReadIssue[] = [];
  for await (const event of events) {
    if (event.kind === 'record') {
      records.push(event.record);
    } else {
      issues.push(event.issue);
    }
  }
  return { records, issues };
}
