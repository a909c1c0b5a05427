import type { CanonicalRecord } from '@phoenix/domain';
import type {
  NightscoutCollectionName,
  NightscoutDocumentMatch,
  NightscoutDocumentWrite,
} from '@phoenix/db';
import { canonicalJson } from './document-keys.ts';
import type { DocumentPlan } from './document-plans.ts';
import type { StoreStatus } from './documents.ts';

/** A document insert or update being prepared; several posted documents may fold into one. */
export interface PendingWrite {
  /** Stored document ID; null until a new document is saved. */
  id: string | null;
  /** The stored document this write updates, as it was before the request. */
  existing: NightscoutDocumentMatch | null;
  objectId: string;
  identifier: string;
  kind: string | null;
  recordTime: string;
  document: Record<string, unknown>;
  isValid: boolean;
  keys: Set<string>;
  /** Records to stage as the document's new records; null stages nothing. */
  stage: { index: number; record: CanonicalRecord }[] | null;
  /** Records the document links from now on; null keeps its links. */
  links: { hash: string; time: string }[] | null;
  /** Delete the records of the stored document before staging. */
  removeExisting: boolean;
  /**
   * Delete the records this new document links once it is saved: a deletion of an item that
   * was never stored as a document, whose records may have come another way.
   */
  removeAfterSave: boolean;
  /** True when the document changes, so it gets a new srvModified. */
  changed: boolean;
  /** Whether the write must reach the database (a change, or keys it did not have). */
  needsSave: boolean;
  srvModified: number | null;
}

/** Plan the write of a document that matches no stored document. */
export function decideForNewDocument(
  plan: DocumentPlan,
  objectId: string,
): { write: PendingWrite; status: StoreStatus } {
  const write: PendingWrite = {
    id: null,
    existing: null,
    objectId,
    identifier: plan.identifier,
    kind: plan.kind,
    recordTime: plan.recordTime,
    document: plan.document,
    isValid: !plan.deleted,
    keys: new Set(),
    stage: plan.deleted ? null : plan.records,
    links: plan.linkRecords,
    removeExisting: false,
    removeAfterSave: plan.deleted,
    changed: true,
    needsSave: true,
    srvModified: null,
  };
  return { write, status: plan.deleted ? 'deleted' : 'created' };
}

/**
 * Plan the write of a document that matches a stored one. A deletion deletes it, or is a
 * duplicate when it is deleted already. A document of a deleted item brings it back. The same
 * records and content are a duplicate. So are the same records found only through the
 * `records:` key, which means the same item sent by another app, and the duplicate's keys are
 * added. Other content replaces the stored document, and other records replace its records.
 */
export function decideForMatch(
  match: NightscoutDocumentMatch,
  plan: DocumentPlan,
  byRecordsOnly: boolean,
): { write: PendingWrite; status: StoreStatus } {
  const write: PendingWrite = {
    id: match.documentId,
    existing: match,
    objectId: match.objectId,
    identifier: match.identifier,
    kind: match.kind,
    recordTime: match.recordTime.toISOString(),
    document: match.document,
    isValid: match.isValid,
    keys: new Set(),
    stage: null,
    links: null,
    removeExisting: false,
    removeAfterSave: false,
    changed: false,
    needsSave: false,
    srvModified: match.srvModified,
  };
  if (plan.deleted) {
    if (!match.isValid) return { write, status: 'duplicate' };
    Object.assign(write, { isValid: false, document: plan.document, removeExisting: true });
    write.changed = true;
    return { write, status: 'deleted' };
  }
  const sameRecords = sameHashes(plan, match.recordHashes);
  const sameContent = canonicalJson(plan.document) === canonicalJson(match.document);
  if (match.isValid && sameRecords && (byRecordsOnly || sameContent)) {
    return { write, status: 'duplicate' };
  }
  applyPlan(write, plan);
  if (match.isValid && sameRecords) {
    write.stage = null;
    write.links = null;
  } else {
    write.removeExisting = match.isValid;
  }
  return { write, status: 'updated' };
}

/** Fold a later document of the same request for the same item in: the later version wins. */
export function decideForPending(write: PendingWrite, plan: DocumentPlan): StoreStatus {
  if (plan.deleted) {
    if (!write.isValid) return 'duplicate';
    write.isValid = false;
    write.document = plan.document;
    write.stage = null;
    write.changed = true;
    if (write.existing === null) {
      write.links = plan.linkRecords;
      write.removeAfterSave = true;
    } else {
      write.links = null;
      write.removeExisting = write.existing.isValid;
    }
    return 'deleted';
  }
  const currentHashes = write.links?.map((link) => link.hash) ?? write.existing?.recordHashes;
  const sameContent = canonicalJson(plan.document) === canonicalJson(write.document);
  if (write.isValid && sameContent && sameHashes(plan, currentHashes ?? [])) return 'duplicate';
  applyPlan(write, plan);
  write.removeAfterSave = false;
  write.removeExisting = write.existing?.isValid ?? false;
  return 'updated';
}

function applyPlan(write: PendingWrite, plan: DocumentPlan): void {
  write.isValid = true;
  write.document = plan.document;
  write.kind = plan.kind;
  write.recordTime = plan.recordTime;
  write.stage = plan.records;
  write.links = plan.linkRecords;
  write.changed = true;
}

function sameHashes(plan: DocumentPlan, hashes: readonly string[]): boolean {
  const planned = plan.linkRecords.map((link) => link.hash).sort();
  const sorted = [...hashes].sort();
  return planned.length === sorted.length && planned.every((hash, i) => hash === sorted[i]);
}

/** Convert a pending write to its database form. */
export function toDocumentWrite(
  write: PendingWrite,
  collection: NightscoutCollectionName,
): NightscoutDocumentWrite {
  if (write.srvModified === null) {
    throw new Error('a Nightscout document write has no srvModified; assign one before saving');
  }
  return {
    id: write.id,
    collection,
    identifier: write.identifier,
    objectId: write.objectId,
    kind: write.kind,
    recordTime: write.recordTime,
    document: write.document,
    isValid: write.isValid,
    srvModified: write.srvModified,
    syncKeys: [...write.keys],
    records: write.links,
  };
}
