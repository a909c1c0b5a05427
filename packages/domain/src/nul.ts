/**
 * Checks for U+0000 in record texts. PostgreSQL cannot store U+0000 in text or jsonb, so the API
 * rejects a record that contains one, and the bridge flags it before an upload.
 */

/** Rejection message for a text that contains U+0000. */
export const NUL_MESSAGE = 'contains a NUL character (U+0000), which cannot be stored; remove it';

/** A text that contains U+0000, with its JSON pointer (`/sourceCells/Note`). */
export interface NulText {
  field: string;
  value: string;
}

/**
 * Finds the first text (a value or a key) under `value` that contains U+0000 and returns it with
 * its JSON pointer below `path`, or null when there is none.
 */
export function findNul(value: unknown, path = ''): NulText | null {
  if (typeof value === 'string') {
    return value.includes('\0') ? { field: path, value } : null;
  }
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    const field = `${path}/${key}`;
    if (key.includes('\0')) return { field, value: key };
    const found = findNul(item, field);
    if (found) return found;
  }
  return null;
}

/**
 * Returns `text` with each U+0000 replaced by the NUL symbol U+2400, so that it can be stored in
 * jsonb or printed.
 */
export function withoutNul(text: string): string {
  return text.includes('\0') ? text.replaceAll('\0', '\u2400') : text;
}
