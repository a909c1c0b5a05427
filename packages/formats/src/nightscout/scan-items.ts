import type { NightscoutCollection } from './source.ts';

/** Items and limits shared by the JSON scanner and the NDJSON line splitter. */

/** Maximum length of a document's text in characters. A longer document is reported and skipped. */
export const MAX_DOCUMENT_LENGTH = 16 * 1024 * 1024;

/** One item found by the scanner, in file order. */
export type ScanItem =
  | {
      kind: 'document';
      text: string;
      /** Collection the file names for it; null inside a plain array or at the top level. */
      collection: NightscoutCollection | null;
      /** One-based position of the document in the file, counted over all collections. */
      position: number;
      /** One-based line where the document starts. */
      line: number;
      /** True for a document that is itself a top-level value (one object, or NDJSON). */
      topLevel: boolean;
    }
  | { kind: 'member'; name: string; text: string; line: number }
  | {
      kind: 'problem';
      message: string;
      /** Position of the document at fault, or null for a problem of the whole file. */
      position: number | null;
      line: number;
      /** The start of the text at fault, at most 200 characters. */
      text: string | null;
    };

/** Counts the backslashes right before `end`, looking no further back than `start`. */
export function backslashesBefore(text: string, end: number, start: number): number {
  let count = 0;
  while (end - count - 1 >= start && text.charCodeAt(end - count - 1) === 0x5c) {
    count += 1;
  }
  return count;
}

/** Parses a member name; returns null when the key text is not a JSON string. */
export function parseKey(text: string): string | null {
  try {
    const name: unknown = JSON.parse(text);
    return typeof name === 'string' ? name : null;
  } catch {
    return null;
  }
}
