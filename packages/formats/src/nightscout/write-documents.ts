import type { CanonicalRecord } from '@phoenix/domain';
import { readDocument } from './documents.ts';
import type { EncodeContext } from './encode-common.ts';
import { encodeEntry } from './encode-entries.ts';
import { encodeDeviceStatus, encodeProfile } from './encode-settings.ts';
import { encodeTreatment } from './encode-treatments.ts';
import {
  NIGHTSCOUT_FORMAT_ID,
  nightscoutSourceOf,
  type NightscoutCollection,
  type NightscoutDocument,
  type NightscoutSource,
} from './source.ts';

/** The records that make up one document, with the document they were read from, if any. */
export interface DocumentGroup {
  collection: NightscoutCollection;
  records: CanonicalRecord[];
  source: NightscoutSource | null;
}

/**
 * Groups records into documents in the order of their first record. Records read from
 * Nightscout share a document when they share file, position and collection; every other
 * record is a document of its own. Records that fit no collection are dropped here.
 */
export function groupDocuments(records: Iterable<CanonicalRecord>): DocumentGroup[] {
  const groups: DocumentGroup[] = [];
  const byKey = new Map<string, DocumentGroup>();
  for (const record of records) {
    const source = nightscoutSourceOf(record);
    const origin = record.origin;
    if (source !== null && origin.format === NIGHTSCOUT_FORMAT_ID && origin.line !== undefined) {
      const key = [origin.file ?? '', origin.line, source.collection].join('\u0000');
      const group = byKey.get(key);
      if (group === undefined) {
        const created = { collection: source.collection, records: [record], source };
        byKey.set(key, created);
        groups.push(created);
      } else {
        group.records.push(record);
      }
      continue;
    }
    const collection = collectionOf(record);
    if (collection !== null) {
      groups.push({ collection, records: [record], source: null });
    }
  }
  return groups;
}

/** Returns the collection a record from another format is written to, or null for none. */
function collectionOf(record: CanonicalRecord): NightscoutCollection | null {
  switch (record.type) {
    case 'cbg':
    case 'smbg':
      return 'entries';
    case 'bolus':
    case 'food':
    case 'basal':
      return 'treatments';
    case 'deviceEvent':
      return record.subType === 'status' ? 'devicestatus' : 'treatments';
    case 'pumpSettings':
      return 'profile';
    default:
      return null;
  }
}

/**
 * Returns the document of a group: the source document itself when the records still equal
 * what it gives, else a copy rebuilt from the records, or null when no record fits.
 */
export function documentOfGroup(group: DocumentGroup): NightscoutDocument | null {
  const [first] = group.records;
  if (first === undefined) {
    return null;
  }
  const decoded = group.source === null ? [] : decode(group.source, first);
  if (group.source !== null && recordsEqual(decoded, group.records)) {
    return group.source.document;
  }
  const original = decoded[0];
  const context: EncodeContext = {
    document: group.source === null ? {} : structuredClone(group.source.document),
    timeChanged: original === undefined || original.time !== first.time,
    deviceChanged: original === undefined || original.deviceId !== first.deviceId,
    isNew: group.source === null,
  };
  return encodeGroup(context, group) ? context.document : null;
}

function encodeGroup(context: EncodeContext, group: DocumentGroup): boolean {
  switch (group.collection) {
    case 'entries':
      return group.records.some((record) => encodeEntry(context, record));
    case 'treatments':
      return encodeTreatment(context, group.records);
    case 'devicestatus':
      return group.records.some((record) => encodeDeviceStatus(context, record));
    case 'profile':
      return group.records.some((record) => encodeProfile(context, record));
  }
}

/** Reads the source document again, with the zone the record was read with. */
function decode(source: NightscoutSource, record: CanonicalRecord): CanonicalRecord[] {
  const context = {
    fileName: record.origin.file ?? null,
    line: record.origin.line ?? 1,
    timezone: record.timezone ?? 'UTC',
  };
  return readDocument(source.document, source.collection, context).records;
}

/** Compares records field by field, leaving out provenance and the kept document. */
function recordsEqual(
  left: readonly CanonicalRecord[],
  right: readonly CanonicalRecord[],
): boolean {
  if (left.length !== right.length) {
    return false;
  }
  return left.every((record, index) => {
    const other = right[index] as CanonicalRecord;
    const names = new Set([...Object.keys(record), ...Object.keys(other)]);
    names.delete('origin');
    names.delete('nightscout');
    return [...names].every((name) => deepEqual((record as never)[name], (other as never)[name]));
  });
}

function deepEqual(left: unknown, right: unknown): boolean {
  if (Object.is(left, right)) {
    return true;
  }
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) {
    return false;
  }
  if (Array.isArray(left) !== Array.isArray(right)) {
    return false;
  }
  const leftRecord = left as Record<string, unknown>;
  const rightRecord = right as Record<string, unknown>;
  const names = new Set([...Object.keys(leftRecord), ...Object.keys(rightRecord)]);
  return [...names].every((name) => deepEqual(leftRecord[name], rightRecord[name]));
}
