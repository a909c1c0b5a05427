import { createHash } from 'node:crypto';

/**
 * Keys that find a stored Nightscout document again, most specific first. A document posted
 * again, updated or deleted is matched to the stored one through the first key they share:
 *
 * - `identifier:` the API v3 identifier (the client's, else the derived one);
 * - `syncIdentifier:` Loop's, `uuid:` xDrip+'s, `id:` Trio's sync ID;
 * - `pump:` AndroidAPS's `pumpType`, `pumpSerial` and `pumpId` together, so the same pump
 *   event uploaded by two apps is kept once;
 * - `_id:` the API v1 `_id`;
 * - `records:` a digest of the identity hashes of the document's records (device, type, time
 *   and values), so a document without client IDs posted twice is stored once.
 */

/** Members that the server sets; they are not part of the document as a client sent it. */
export const SERVER_MEMBERS: readonly string[] = [
  '_id',
  'srvModified',
  'srvCreated',
  'subject',
  'modifiedBy',
];

/** Maximum length of a client ID used as a key; longer ones are not used for matching. */
const MAX_ID_LENGTH = 200;

/**
 * Copy the document without `SERVER_MEMBERS` and without `secret`, which Nightscout clients
 * may send in a body as their credential and which is never stored.
 */
export function clientMembers(document: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(document)) {
    if (!SERVER_MEMBERS.includes(name) && name !== 'secret') copy[name] = value;
  }
  return copy;
}

/** Return the client's own API v3 identifier, when it sent a usable one. */
export function clientIdentifier(document: Record<string, unknown>): string | null {
  return idText(document['identifier']);
}

/**
 * List the keys of a document, most specific first, without duplicates. `objectId` is the
 * `_id` the client sent (members the server sets are no longer in `document`).
 */
export function syncKeysOf(
  document: Record<string, unknown>,
  identifier: string,
  recordHashes: readonly string[],
  objectId: string | null,
): string[] {
  const keys: string[] = [];
  const add = (key: string | null) => {
    if (key !== null && !keys.includes(key)) keys.push(key);
  };
  const own = clientIdentifier(document);
  add(own === null ? null : `identifier:${own}`);
  for (const member of ['syncIdentifier', 'uuid', 'id']) {
    const value = idText(document[member]);
    add(value === null ? null : `${member}:${value}`);
  }
  add(pumpKey(document));
  add(objectId === null ? null : `_id:${objectId}`);
  add(`identifier:${identifier}`);
  add(recordHashes.length > 0 ? recordsKey(recordHashes) : null);
  return keys;
}

/** Return `pump:{pumpType}:{pumpSerial}:{pumpId}` when a document names all three. */
export function pumpKey(document: Record<string, unknown>): string | null {
  const type = idText(document['pumpType']);
  const serial = idText(document['pumpSerial']);
  const pumpId = document['pumpId'];
  const id =
    typeof pumpId === 'number' && Number.isFinite(pumpId) ? String(pumpId) : idText(pumpId);
  if (type === null || serial === null || id === null) return null;
  return `pump:${type}:${serial}:${id}`;
}

/** Return the `records:` key of a set of identity hashes, whatever their order. */
export function recordsKey(recordHashes: readonly string[]): string {
  const sorted = [...recordHashes].sort();
  return `records:${createHash('sha256').update(sorted.join(','), 'utf8').digest('hex')}`;
}

/** Return true for a `records:` key. */
export function isRecordsKey(key: string): boolean {
  return key.startsWith('records:');
}

function idText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' || trimmed.length > MAX_ID_LENGTH ? null : trimmed;
}

/**
 * Return a document's kind for filters: an entry's `type` (or `sgv`/`mbg` from its value
 * member), or a treatment's `eventType`. Other collections have none (null).
 */
export function kindOf(collection: string, document: Record<string, unknown>): string | null {
  if (collection === 'entries') {
    const type = document['type'];
    if (typeof type === 'string') return type;
    if (document['sgv'] !== undefined) return 'sgv';
    if (document['mbg'] !== undefined) return 'mbg';
    return null;
  }
  if (collection === 'treatments' && typeof document['eventType'] === 'string') {
    return document['eventType'].trim().slice(0, 200);
  }
  return null;
}

/**
 * JSON text of a value with object members sorted by name, so two documents compare equal
 * whatever order their members came in (PostgreSQL's jsonb reorders members).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortMembers(value));
}

function sortMembers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortMembers);
  if (typeof value !== 'object' || value === null) return value;
  const sorted: Record<string, unknown> = {};
  for (const name of Object.keys(value).sort()) {
    sorted[name] = sortMembers((value as Record<string, unknown>)[name]);
  }
  return sorted;
}
