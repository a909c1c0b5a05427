/**
 * Streaming reader of Nightscout JSON: API v1 documents of the `entries`, `treatments`,
 * `devicestatus` and `profile` collections, in any of the layouts `variants.ts` lists:
 *
 * ```
 * {"entries": [{"type": "sgv", "sgv": 141, "date": 1778284800000, …}, …],
 *  "treatments": [{"eventType": "Temp Basal", "absolute": 0, "duration": 30, …}, …]}
 * [{"type": "sgv", "sgv": 39, "date": 1710064200000, "dateString": "…-0800", …}, …]
 * {"eventType": "Meal Bolus", "insulin": 4.5, "carbs": 40, "date": 1710066000000, …}   (NDJSON)
 * ```
 *
 * An issue's `line` is the one-based position of the document in the file, counted over all
 * collections. For NDJSON and for top-level objects it is the real line instead. The issue's
 * `column` is the member at fault. Members of a collections object whose names start with `_`
 * (such as `_note`) are comments and are skipped, while other unknown members give a warning.
 *
 * Each record carries its whole document as the `nightscout` member (see `NightscoutSource`).
 */
import { assertTimeZone } from '@phoenix/domain';
import { peekHead } from '../core/streams.ts';
import type { ReadEvent, ReadIssue, ReadOptions } from '../core/types.ts';
import { readDocument } from './documents.ts';
import { issueValue } from './fields.ts';
import { JsonDocumentScanner } from './json-scanner.ts';
import type { ScanItem } from './scan-items.ts';
import { ndjsonItems } from './ndjson-lines.ts';
import { NIGHTSCOUT_COLLECTIONS } from './source.ts';
import { layoutOfHead } from './variants.ts';

const HEAD_LENGTH = 8192;

/** Reads a Nightscout JSON file; see `FormatModule.read`. Throws only for an unknown zone. */
export async function* readNightscout(
  chunks: AsyncIterable<string>,
  options: ReadOptions,
): AsyncGenerator<ReadEvent> {
  assertTimeZone(options.timezone);
  const fileName = options.fileName ?? null;
  const { head, chunks: replayed } = await peekHead(chunks, HEAD_LENGTH);
  const layout = layoutOfHead(head);
  if (layout === null) {
    const message =
      head.trim() === '' ? 'Empty file.' : 'Not JSON. A Nightscout export starts with [ or {.';
    yield { kind: 'issue', issue: fileIssue(fileName, message, 'error') };
    return;
  }

  const session = new ReadSession(fileName, options.timezone, layout === 'ndjson');
  const batches = layout === 'ndjson' ? ndjsonItems(replayed) : scannedItems(replayed);
  for await (const batch of batches) {
    for (const item of batch) {
      yield* session.handle(item);
    }
  }
  yield* session.finish();
}

async function* scannedItems(chunks: AsyncIterable<string>): AsyncGenerator<ScanItem[]> {
  const scanner = new JsonDocumentScanner();
  for await (const chunk of chunks) {
    yield scanner.push(chunk);
  }
  yield scanner.end();
}

/** State of one read: counts and the numbering rule of `line`. */
class ReadSession {
  private records = 0;

  constructor(
    private readonly fileName: string | null,
    private readonly timezone: string,
    private readonly realLines: boolean,
  ) {}

  *handle(item: ScanItem): Generator<ReadEvent> {
    switch (item.kind) {
      case 'document':
        yield* this.document(item);
        return;
      case 'member':
        yield* this.member(item.name);
        return;
      case 'problem': {
        let line: number | null = null;
        if (item.position !== null) {
          line = this.realLines ? item.line : item.position;
        }
        const issue = this.issue(line, null, item.text, item.message, 'error');
        yield { kind: 'issue', issue };
      }
    }
  }

  *finish(): Generator<ReadEvent> {
    if (this.records === 0) {
      const message =
        'No usable documents. The file contains no readable entry, treatment, devicestatus or profile.';
      yield { kind: 'issue', issue: fileIssue(this.fileName, message, 'error') };
    }
  }

  private *document(item: Extract<ScanItem, { kind: 'document' }>): Generator<ReadEvent> {
    const line = this.realLines || item.topLevel ? item.line : item.position;
    let value: unknown;
    try {
      value = JSON.parse(item.text);
    } catch {
      const message = 'Invalid JSON. The document could not be parsed and is skipped.';
      yield { kind: 'issue', issue: this.issue(line, null, item.text, message, 'error') };
      return;
    }
    const context = { fileName: this.fileName, line, timezone: this.timezone };
    const { records, issues } = readDocument(value, item.collection, context);
    for (const issue of issues) {
      yield { kind: 'issue', issue };
    }
    for (const record of records) {
      this.records += 1;
      yield { kind: 'record', record };
    }
  }

  private *member(name: string): Generator<ReadEvent> {
    if (name.startsWith('_')) {
      return;
    }
    const isCollection = (NIGHTSCOUT_COLLECTIONS as readonly string[]).includes(name);
    const message = isCollection
      ? `Invalid collection ${name}. Expected an array of documents; skipped.`
      : 'Unknown member skipped. Expected entries, treatments, devicestatus or profile.';
    yield { kind: 'issue', issue: this.issue(null, name, name, message, 'warning') };
  }

  private issue(
    line: number | null,
    column: string | null,
    value: string | null,
    message: string,
    severity: ReadIssue['severity'],
  ): ReadIssue {
    return {
      file: this.fileName,
      line,
      column,
      value: issueValue(value ?? undefined),
      message,
      severity,
    };
  }
}

function fileIssue(
  file: string | null,
  message: string,
  severity: ReadIssue['severity'],
): ReadIssue {
  return { file, line: null, column: null, value: null, message, severity };
}
