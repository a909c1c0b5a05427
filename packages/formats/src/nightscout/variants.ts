/**
 * The layouts of a Nightscout JSON file, named as `detect` reports them and as the writer
 * takes them:
 *
 * - `collections`: one object with a member per collection, `{"entries": [...], "treatments":
 *   [...]}`, as in a backup of several API responses;
 * - `array`: one array of documents, as `GET /api/v1/entries.json` returns and `POST` takes;
 * - `ndjson`: one document per line (newline-delimited JSON), as streaming dumps write;
 * - `document`: one document object on its own.
 */
export type NightscoutVariant = 'collections' | 'array' | 'ndjson' | 'document';

export const NIGHTSCOUT_VARIANTS: readonly NightscoutVariant[] = [
  'collections',
  'array',
  'ndjson',
  'document',
];

const COLLECTION_MEMBER = /"(entries|treatments|devicestatus|profile)"\s*:\s*[[{]/;

/**
 * Returns the layout that the start of a file shows, or null when it starts with neither `[`
 * nor `{` (after an optional byte-order mark and whitespace).
 */
export function layoutOfHead(head: string): NightscoutVariant | null {
  const start = head.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('[')) {
    return 'array';
  }
  if (!start.startsWith('{')) {
    return null;
  }
  if (isNdjsonHead(start)) {
    return 'ndjson';
  }
  return COLLECTION_MEMBER.test(start) ? 'collections' : 'document';
}

/**
 * Returns true when the first line of `start` is a complete JSON object and the next non-blank
 * line starts another object. A pretty-printed object has `{` alone on its first line, so it
 * never passes; a file of a single line is read as one value, not as NDJSON.
 */
export function isNdjsonHead(start: string): boolean {
  const newline = start.indexOf('\n');
  if (newline === -1) {
    return false;
  }
  const first = start.slice(0, newline).trim();
  const rest = start.slice(newline + 1).trimStart();
  if (!first.startsWith('{') || !first.endsWith('}') || !rest.startsWith('{')) {
    return false;
  }
  try {
    const value: unknown = JSON.parse(first);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
