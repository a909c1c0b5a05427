import type { CanonicalRecord } from '@phoenix/domain';
import { nightscout, type NightscoutCollection } from '@phoenix/formats';

/** An error of the Nightscout reader about one document. */
export interface ConversionError {
  /** Member of the document the error is about; null when it concerns the whole document. */
  field: string | null;
  /** Message without the value, so it may be logged. */
  message: string;
  /** The offending value as the reader quotes it, for the client only; null when none. */
  value: string | null;
}

/** The canonical records a Nightscout document gives, and why it gave none when it gave none. */
export interface ConvertedDocument {
  /** Records without the reader's `nightscout` member; `origin.line` is the position. */
  records: CanonicalRecord[];
  /** The reader's errors for this document. */
  errors: ConversionError[];
}

/**
 * Convert documents of one collection into canonical records with the Nightscout reader of
 * `@phoenix/formats`, so they follow the same rules as a Nightscout file upload. For example,
 * 39 and 401 become out-of-range readings, and treatments without an eventType are classified
 * by insulin and carbs. `timezone` is the patient's IANA zone, used for documents whose times
 * carry no offset. Results are in the order of `documents`.
 */
export async function convertDocuments(
  collection: NightscoutCollection,
  documents: readonly Record<string, unknown>[],
  timezone: string,
): Promise<ConvertedDocument[]> {
  const results: ConvertedDocument[] = documents.map(() => ({ records: [], errors: [] }));
  if (documents.length === 0) return results;
  const text = JSON.stringify({ [collection]: documents });
  for await (const event of nightscout.read(oneChunk(text), { timezone })) {
    if (event.kind === 'record') {
      const result = results[(event.record.origin.line ?? 0) - 1];
      result?.records.push(withoutSource(event.record));
    } else if (event.issue.severity === 'error' && event.issue.line !== null) {
      const { column, message, value } = event.issue;
      results[event.issue.line - 1]?.errors.push({ field: column, message, value });
    }
  }
  return results;
}

async function* oneChunk(text: string): AsyncGenerator<string> {
  yield text;
}

/** Copy a record without the reader's `nightscout` member, which is not stored. */
function withoutSource(record: CanonicalRecord): CanonicalRecord {
  const copy = { ...record } as CanonicalRecord & { nightscout?: unknown };
  delete copy.nightscout;
  return copy;
}

const SECONDS_LIMIT = 100_000_000_000;

/**
 * Bring an API v3 document's `date` to epoch milliseconds, as Nightscout's API v3 does before
 * storing: it accepts epoch milliseconds, epoch seconds and ISO 8601 texts. Changes the
 * document in place.
 */
export function normalizeV3Date(document: Record<string, unknown>): void {
  const date = document['date'];
  if (typeof date === 'number' && date > 0 && date < SECONDS_LIMIT) {
    document['date'] = date * 1000;
  } else if (typeof date === 'string') {
    const parsed = parseInstant(date);
    if (parsed !== null) document['date'] = parsed;
  }
}

/**
 * Parse an instant given as epoch ms (a number or numeric text) or as ISO 8601. A space in
 * place of `+` in the offset is read as `+`, because some clients leave it unescaped in URLs.
 * Returns null for anything else.
 */
export function parseInstant(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const text = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  const fixed = text.replace(/ (\d{2}(:?\d{2})?)$/, '+$1');
  const parsed = Date.parse(fixed);
  return Number.isNaN(parsed) ? null : parsed;
}
