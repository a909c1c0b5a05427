import type pg from 'pg';
import {
  beginNightscoutWrite,
  findNightscoutDocuments,
  removeNightscoutRecords,
  saveNightscoutDocuments,
  withCaller,
  type NightscoutCollectionName,
  type NightscoutDocumentMatch,
} from '@phoenix/db';
import type { NightscoutAuth } from '../../http/nightscout-auth.ts';
import type { WriteContext } from './documents.ts';
import { callerOf } from './reads.ts';

/** Return the keys an ID in a URL may be: an API v3 identifier or an API v1 `_id`, in that order. */
function keysOfId(id: string): string[] {
  return [`identifier:${id}`, `_id:${id.toLowerCase()}`];
}

function pick(
  matches: readonly NightscoutDocumentMatch[],
  keys: readonly string[],
): NightscoutDocumentMatch | null {
  for (const key of keys) {
    const match = matches.find((candidate) => candidate.syncKey === key);
    if (match) return match;
  }
  return null;
}

/** Find the stored document an identifier or `_id` names, deleted ones included; null for none. */
export async function findStoredDocument(
  pool: pg.Pool,
  auth: NightscoutAuth,
  collection: NightscoutCollectionName,
  id: string,
): Promise<NightscoutDocumentMatch | null> {
  const keys = keysOfId(id);
  const matches = await withCaller(pool, callerOf(auth), (client) =>
    findNightscoutDocuments(client, auth.credential.patientId, collection, keys),
  );
  return pick(matches, keys);
}

/** Outcome of a deletion by ID. */
export type DeletionResult = 'deleted' | 'already-deleted' | 'not-found';

/**
 * Delete the document an identifier or `_id` names, and its canonical records unless another
 * valid document links them. The document stays, marked invalid, so that API v3 history
 * reports the deletion; the change is audited.
 */
export async function deleteDocumentById(
  context: WriteContext,
  collection: NightscoutCollectionName,
  id: string,
): Promise<DeletionResult> {
  const patientId = context.auth.credential.patientId;
  const result = await withCaller(context.pool, callerOf(context.auth), async (client) => {
    const srvModified = await beginNightscoutWrite(client, patientId);
    const keys = keysOfId(id);
    const match = pick(await findNightscoutDocuments(client, patientId, collection, keys), keys);
    if (!match) return 'not-found';
    if (!match.isValid) return 'already-deleted';
    await removeNightscoutRecords(client, patientId, [match.documentId]);
    await saveNightscoutDocuments(client, patientId, [
      {
        id: match.documentId,
        collection,
        identifier: match.identifier,
        objectId: match.objectId,
        kind: match.kind,
        recordTime: match.recordTime.toISOString(),
        document: match.document,
        isValid: false,
        srvModified,
        syncKeys: [],
        records: null,
      },
    ]);
    return 'deleted';
  });
  context.log.info({ patientId, collection, result }, 'Nightscout document deletion');
  return result;
}
