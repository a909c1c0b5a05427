import { createHash } from 'node:crypto';

/** Headers that carry a bridge's identity and the signature of its request. */
export const BRIDGE_HEADERS = {
  id: 'x-bridge-id',
  timestamp: 'x-bridge-timestamp',
  signature: 'x-bridge-signature',
} as const;

/** Largest difference between a signed timestamp and the server's clock, in milliseconds. */
export const BRIDGE_CLOCK_TOLERANCE_MS = 5 * 60_000;

/**
 * Build the bytes a bridge signs with its Ed25519 key for one request: a version tag, the
 * method, the path with query, the timestamp (epoch ms) and the SHA-256 of the raw body, one
 * per line. Both sides build it with this function, so they cannot drift apart.
 */
export function bridgeSigningMessage(
  method: string,
  pathWithQuery: string,
  timestampMs: number,
  rawBody: string,
): Buffer {
  const bodyDigest = createHash('sha256').update(rawBody, 'utf8').digest();
  return bridgeSigningMessageForDigest(method, pathWithQuery, timestampMs, bodyDigest);
}

/**
 * Builds the same bytes as `bridgeSigningMessage` from the SHA-256 of the body's bytes instead
 * of the body, for a server that hashed the body as it arrived and has not kept it.
 */
export function bridgeSigningMessageForDigest(
  method: string,
  pathWithQuery: string,
  timestampMs: number,
  bodySha256: Uint8Array,
): Buffer {
  const bodyDigest = Buffer.from(bodySha256).toString('hex');
  const text = ['phoenix-bridge-v1', method.toUpperCase(), pathWithQuery, timestampMs, bodyDigest];
  return Buffer.from(text.join('\n'), 'utf8');
}
