import { isUtf8 } from 'node:buffer';
import { ApiError } from './errors.ts';

/**
 * Decodes a JSON body's bytes as UTF-8 text, skipping a leading UTF-8 byte order mark (EF BB BF).
 * Some clients write the mark before the JSON text, and JSON.parse rejects it as an unexpected
 * token. Digests of the body are taken from the bytes as sent, so they include the mark.
 *
 * Raises ApiError VALIDATION_FAILED, naming the byte and line, for bytes that are not UTF-8
 * (such as Latin-1 text), which decoding would otherwise turn silently into U+FFFD.
 */
export function decodeJsonText(bytes: Buffer): string {
  const hasByteOrderMark =
    bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const text = (hasByteOrderMark ? bytes.subarray(3) : bytes).toString('utf8');
  if (!isUtf8(bytes)) throw notUtf8(text, hasByteOrderMark ? 3 : 0);
  return text;
}

/**
 * Builds the error for a body that is not UTF-8. Decoding replaced the first invalid sequence
 * with U+FFFD and kept every byte before it, so the text before that character gives its byte
 * offset and line (unless the body also contains a real U+FFFD earlier).
 */
function notUtf8(text: string, skipped: number): ApiError {
  const at = Math.max(text.indexOf('\uFFFD'), 0);
  const before = text.slice(0, at);
  const offset = skipped + Buffer.byteLength(before, 'utf8');
  const line = before.split('\n').length;
  return new ApiError(
    'VALIDATION_FAILED',
    `the body is not valid UTF-8: invalid bytes at byte ${offset} (line ${line}); send JSON as UTF-8`,
  );
}
