import type { CanonicalRecord } from '@phoenix/domain';

/** Format identifier of the Nightscout module. */
export const NIGHTSCOUT_FORMAT_ID = 'nightscout';

/** Nightscout API v1 collections this module reads and writes. */
export type NightscoutCollection = 'entries' | 'treatments' | 'devicestatus' | 'profile';

/** The collections in the order the writer uses when records name none. */
export const NIGHTSCOUT_COLLECTIONS: readonly NightscoutCollection[] = [
  'entries',
  'treatments',
  'devicestatus',
  'profile',
];

/** One Nightscout document as parsed from JSON, member order kept. */
export type NightscoutDocument = Record<string, unknown>;

/**
 * Identifiers that clients attach to a document, so that a later upload, update or deletion of
 * the same item can be matched to it. The server assigns `_id`, or xDrip+ derives it from its
 * `uuid`. Loop writes `syncIdentifier`, AndroidAPS `identifier` (API v3) and
 * `pumpId`/`pumpType`/`pumpSerial`, and xDrip+ `uuid`. Only the members the document has are
 * set, with their values as written.
 */
export interface NightscoutSyncIds {
  _id?: string;
  identifier?: string;
  syncIdentifier?: string;
  uuid?: string;
  pumpId?: string | number;
  pumpType?: string;
  pumpSerial?: string;
}

/** Names of the sync identifier members, in the order `NightscoutSyncIds` lists them. */
export const SYNC_ID_MEMBERS: readonly (keyof NightscoutSyncIds)[] = [
  '_id',
  'identifier',
  'syncIdentifier',
  'uuid',
  'pumpId',
  'pumpType',
  'pumpSerial',
];

/**
 * The Nightscout document a record was read from. The reader sets it as the `nightscout`
 * member of every record it yields, because the canonical model has no place for client sync
 * identifiers, deletions or the members it does not model (`noise`, `iob`, `_id`, …).
 */
export interface NightscoutSource {
  collection: NightscoutCollection;
  /** The whole document as read, so that the writer can reproduce it. */
  document: NightscoutDocument;
  syncIds: NightscoutSyncIds;
  /**
   * True for a deletion: AndroidAPS uploads a deleted item again with `isValid: false`. The
   * record keeps the fields of the item it deletes, so its identity hash matches that item.
   * NOTE: the upload API and the database do not read this member yet, so they would store a
   * deletion as data and drop the sync IDs. Until they do, the reader warns about each deletion.
   */
  deleted: boolean;
}

/** A canonical record read by this module, with the document it came from. */
export type NightscoutRecord = CanonicalRecord & { nightscout: NightscoutSource };

/** Returns the `nightscout` member of a record read by this module, or null for others. */
export function nightscoutSourceOf(record: CanonicalRecord): NightscoutSource | null {
  const source = (record as Partial<NightscoutRecord>).nightscout;
  if (typeof source !== 'object' || source === null || typeof source.document !== 'object') {
    return null;
  }
  return source;
}

/**
 * Collects the sync identifiers a document has. `pumpId` may be a number (AndroidAPS writes
 * one); the others count only as strings.
 */
export function syncIdsOf(document: NightscoutDocument): NightscoutSyncIds {
  const ids: Record<string, string | number> = {};
  for (const name of SYNC_ID_MEMBERS) {
    const value = document[name];
    const isNumber = typeof value === 'number' && Number.isFinite(value);
    if (typeof value === 'string' || (name === 'pumpId' && isNumber)) {
      ids[name] = value as string | number;
    }
  }
  return ids as NightscoutSyncIds;
}
