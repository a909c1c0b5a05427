import { createHash, randomBytes } from 'node:crypto';

/**
 * Identifiers of Nightscout documents: API v1's `_id` (24 hex digits, a MongoDB ObjectId) and
 * API v3's `identifier`. Nightscout 15 derives the identifier as a name-based UUID (version 5,
 * RFC 4122 section 4.3) of `{device}_{date}`, plus `_{eventType}` when set, in the namespace
 * made of the 16 ASCII bytes `NightscoutRocks!`.
 */

/** The UUID namespace of Nightscout's derived identifiers. */
export const NIGHTSCOUT_UUID_NAMESPACE = Buffer.from('NightscoutRocks!', 'ascii');

/** A name-based UUID, version 5 (SHA-1), of `name` in a 16-byte namespace. */
export function uuidV5(name: string, namespace: Uint8Array): string {
  if (namespace.length !== 16) {
    throw new RangeError(`a UUID namespace has 16 bytes, not ${namespace.length}`);
  }
  const hash = createHash('sha1').update(namespace).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return formatUuid(bytes.toString('hex'));
}

/** Formats 32 hex digits as a UUID: 8-4-4-4-12. */
export function formatUuid(hex: string): string {
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20, 32),
  ].join('-');
}

/**
 * Derive the identifier Nightscout 15 gives a document without one. `date` is the document's
 * `date` in epoch ms (its instant when it has no numeric `date`). A missing device gives the
 * text `undefined`, as Nightscout's string concatenation does. Entries other than `sgv` also
 * get `_{type}`, because two entries of different types at one instant are different
 * documents here, where Nightscout would merge them.
 */
export function deriveIdentifier(
  collection: string,
  document: Record<string, unknown>,
  instantMs: number,
): string {
  const date = typeof document['date'] === 'number' ? document['date'] : Math.floor(instantMs);
  let key = `${String(document['device'])}_${date}`;
  const eventType = document['eventType'];
  if (typeof eventType === 'string' && eventType !== '') key += `_${eventType}`;
  const type = document['type'];
  if (collection === 'entries' && typeof type === 'string' && type !== 'sgv') key += `_${type}`;
  return uuidV5(key, NIGHTSCOUT_UUID_NAMESPACE);
}

const OBJECT_ID_PATTERN = /^[0-9a-f]{24}$/;

/** Return true for a 24-hex-digit `_id` (lowercase, as stored). */
export function isObjectId(value: unknown): value is string {
  return typeof value === 'string' && OBJECT_ID_PATTERN.test(value);
}

/** Create an `_id` laid out like a MongoDB ObjectId: 4 bytes of epoch seconds, 8 random bytes. */
export function newObjectId(nowMs = Date.now()): string {
  const seconds = Buffer.alloc(4);
  seconds.writeUInt32BE(Math.floor(nowMs / 1000) >>> 0);
  return seconds.toString('hex') + randomBytes(8).toString('hex');
}

/**
 * Derive the `_id` and `identifier` of a canonical record that no Nightscout document links
 * from its identity hash, so they stay the same across reads.
 */
export function idsOfRecord(identityHash: string): { objectId: string; identifier: string } {
  return { objectId: identityHash.slice(0, 24), identifier: formatUuid(identityHash.slice(0, 32)) };
}

/** Derive a stable `_id` for a document that was not stored from its identifier. */
export function objectIdOfIdentifier(identifier: string): string {
  return createHash('sha256').update(identifier, 'utf8').digest('hex').slice(0, 24);
}
