/**
 * Decodes a JSON body's bytes as UTF-8 text, skipping a leading UTF-8 byte order mark (EF BB BF).
 * Some clients write the mark before the JSON text, and JSON.parse rejects it as an unexpected
 * token. Digests of the body are taken from the bytes as sent, so they include the mark.
 */
export function decodeJsonText(bytes: Buffer): string {
  const hasByteOrderMark =
    bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return (hasByteOrderMark ? bytes.subarray(3) : bytes).toString('utf8');
}
