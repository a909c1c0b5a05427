import type pg from 'pg';

/**
 * Nightscout documents of a patient: the client's document, its server fields and links to the
 * canonical records it gave. Every function runs inside `withCaller` as a Nightscout
 * credential (role bridge, app.user_id the credential's ID) and raises SQLSTATE 42501 when the
 * credential may not read, or for writes may not write, the patient's data.
 */

/** Nightscout collections stored as documents. */
export type NightscoutCollectionName = 'entries' | 'treatments' | 'devicestatus' | 'profile';

/**
 * Start a write for the patient: serialises the patient's Nightscout writes until the
 * transaction ends and returns the first `srvModified` (epoch ms) to hand out. Later values of
 * the same write add 1 each; they increase strictly per patient in commit order.
 */
export async function beginNightscoutWrite(
  client: pg.PoolClient,
  patientId: string,
): Promise<number> {
  const result = await client.query<{ base: string }>('select nightscout_begin_write($1) as base', [
    patientId,
  ]);
  return Number(result.rows[0]!.base);
}

/** A stored document found by one of its sync keys. */
export interface NightscoutDocumentMatch {
  syncKey: string;
  documentId: string;
  identifier: string;
  objectId: string;
  kind: string | null;
  recordTime: Date;
  isValid: boolean;
  srvModified: number;
  document: Record<string, unknown>;
  /** Identity hashes (hex) of the records linked to the document, sorted. */
  recordHashes: string[];
}

/** Find the documents of a collection that any of `keys` names. */
export async function findNightscoutDocuments(
  client: pg.PoolClient,
  patientId: string,
  collection: NightscoutCollectionName,
  keys: readonly string[],
): Promise<NightscoutDocumentMatch[]> {
  if (keys.length === 0) return [];
  const result = await client.query<{
    sync_key: string;
    document_id: string;
    identifier: string;
    object_id: string;
    kind: string | null;
    record_time: Date;
    is_valid: boolean;
    srv_modified: string;
    document: Record<string, unknown>;
    record_hashes: string[];
  }>('select * from nightscout_find_documents($1, $2, $3)', [patientId, collection, keys]);
  return result.rows.map((row) => ({
    syncKey: row.sync_key,
    documentId: row.document_id,
    identifier: row.identifier,
    objectId: row.object_id,
    kind: row.kind,
    recordTime: row.record_time,
    isValid: row.is_valid,
    srvModified: Number(row.srv_modified),
    document: row.document,
    recordHashes: row.record_hashes,
  }));
}

/**
 * Delete the canonical records of documents, merged or staged, unless another valid document
 * links them too, and drop the documents' links. Deletions of readings are audited by their
 * tables' triggers. Returns how many records were deleted.
 */
export async function removeNightscoutRecords(
  client: pg.PoolClient,
  patientId: string,
  documentIds: readonly string[],
): Promise<number> {
  if (documentIds.length === 0) return 0;
  const result = await client.query<{ removed: number }>(
    'select nightscout_remove_records($1, $2) as removed',
    [patientId, documentIds],
  );
  return result.rows[0]!.removed;
}

/** One document to insert (no `id`) or update. */
export interface NightscoutDocumentWrite {
  id: string | null;
  collection: NightscoutCollectionName;
  identifier: string;
  objectId: string;
  /** An entry's type or a treatment's eventType, for filters; null otherwise. */
  kind: string | null;
  /** ISO 8601 instant of the document. */
  recordTime: string;
  /** The document as the client sent it, without the members the server sets. */
  document: Record<string, unknown>;
  isValid: boolean;
  srvModified: number;
  /** Keys that find the document again; keys of another document move to this one. */
  syncKeys: string[];
  /** The records the document links, replacing its links; null keeps them. */
  records: { hash: string; time: string }[] | null;
}

/** Insert or update documents; returns their IDs in the order given. */
export async function saveNightscoutDocuments(
  client: pg.PoolClient,
  patientId: string,
  documents: readonly NightscoutDocumentWrite[],
): Promise<string[]> {
  if (documents.length === 0) return [];
  const result = await client.query<{ item_index: number; document_id: string }>(
    'select item_index, document_id from nightscout_save_documents($1, $2)',
    [patientId, JSON.stringify(documents)],
  );
  const ids: string[] = [];
  for (const row of result.rows) ids[row.item_index - 1] = row.document_id;
  return ids;
}

/**
 * A canonical record as read back for rendering: its fields as stored, with the type, identity
 * hash (hex), UTC time (ISO text with offset) and the arrival of its upload batch.
 */
export interface NightscoutStoredRecord {
  type: string;
  hash: string;
  time: string;
  modifiedMs: number;
  deviceId: string;
  deviceTime: string;
  timezoneOffset: number;
  clockDriftOffset: number;
  conversionOffset: number;
  timeResolution: string;
  valueMgDl: number | null;
  outOfRange: 'low' | 'high' | null;
  thresholdMgDl: number | null;
  rateMgDlPerMin?: number | null;
  trend?: string | null;
  transmitterTimeSec?: number | null;
  /** Type-specific fields of records other than CGM readings. */
  payload?: Record<string, unknown> | null;
  sourceFormat: string | null;
  sourceLine: number | null;
}

/**
 * A document as reads return it. Rows without `documentId` are canonical records that no
 * Nightscout document links (uploaded another way), one record each.
 */
export interface NightscoutDocumentRow {
  documentId: string | null;
  collection: NightscoutCollectionName;
  objectId: string | null;
  identifier: string | null;
  document: Record<string, unknown> | null;
  isValid: boolean;
  srvCreated: number | null;
  srvModified: number | null;
  /** Number of records the document links; `records` contains those that still exist. */
  linked: number;
  recordTime: Date;
  records: NightscoutStoredRecord[];
}

interface DocumentRowColumns {
  document_id: string | null;
  collection: NightscoutCollectionName;
  object_id: string | null;
  identifier: string | null;
  document: Record<string, unknown> | null;
  is_valid: boolean;
  srv_created: string | null;
  srv_modified: string | null;
  linked: number;
  record_time: Date;
  records: NightscoutStoredRecord[];
}

function documentRow(row: DocumentRowColumns): NightscoutDocumentRow {
  return {
    documentId: row.document_id,
    collection: row.collection,
    objectId: row.object_id,
    identifier: row.identifier,
    document: row.document,
    isValid: row.is_valid,
    srvCreated: row.srv_created === null ? null : Number(row.srv_created),
    srvModified: row.srv_modified === null ? null : Number(row.srv_modified),
    linked: row.linked,
    recordTime: row.record_time,
    records: row.records,
  };
}

/** Selection of `readNightscoutDocuments`. */
export interface NightscoutReadQuery {
  collection: NightscoutCollectionName;
  /** Entry types (sgv, mbg, cal) to keep; null keeps all. */
  kinds: readonly string[] | null;
  /** Inclusive start and exclusive end of the documents' time; null for no bound. */
  from: Date | null;
  to: Date | null;
  /** Most documents returned; which ones depends on `newestFirst`. */
  limit: number;
  newestFirst: boolean;
  /**
   * Add canonical records that no valid document links, one document each. Needs `from` and
   * `to`, because those records are found by time.
   */
  withLoose: boolean;
}

/**
 * Read the newest (or oldest) `limit` documents of a collection in a time window. Rows come in
 * no particular order; sort them by `recordTime`. Deleted documents are left out.
 */
export async function readNightscoutDocuments(
  client: pg.PoolClient,
  patientId: string,
  query: NightscoutReadQuery,
): Promise<NightscoutDocumentRow[]> {
  const result = await client.query<DocumentRowColumns>(
    'select * from nightscout_read($1, $2, $3, $4, $5, $6, $7, $8)',
    [
      patientId,
      query.collection,
      query.kinds,
      query.from,
      query.to,
      query.limit,
      query.newestFirst,
      query.withLoose,
    ],
  );
  return result.rows.map(documentRow);
}

/**
 * Read the documents of a collection changed after `modifiedAfter` (epoch ms), deleted ones
 * included, at most `limit`. Rows come in no particular order; sort them by `srvModified`.
 */
export async function readNightscoutHistory(
  client: pg.PoolClient,
  patientId: string,
  collection: NightscoutCollectionName,
  modifiedAfter: number,
  limit: number,
): Promise<NightscoutDocumentRow[]> {
  const result = await client.query<DocumentRowColumns>(
    'select * from nightscout_history($1, $2, $3, $4)',
    [patientId, collection, modifiedAfter, limit],
  );
  return result.rows.map(documentRow);
}

/** Read documents by ID, deleted ones included. */
export async function readNightscoutDocumentsById(
  client: pg.PoolClient,
  patientId: string,
  ids: readonly string[],
): Promise<NightscoutDocumentRow[]> {
  if (ids.length === 0) return [];
  const result = await client.query<DocumentRowColumns>(
    'select * from nightscout_documents_by_id($1, $2)',
    [patientId, ids],
  );
  return result.rows.map(documentRow);
}

/** Read the latest `srvModified` (epoch ms) of each collection that has documents. */
export async function readNightscoutLastModified(
  client: pg.PoolClient,
  patientId: string,
): Promise<Partial<Record<NightscoutCollectionName, number>>> {
  const result = await client.query<{ collection: NightscoutCollectionName; srv_modified: string }>(
    'select collection, srv_modified from nightscout_last_modified($1)',
    [patientId],
  );
  const latest: Partial<Record<NightscoutCollectionName, number>> = {};
  for (const row of result.rows) latest[row.collection] = Number(row.srv_modified);
  return latest;
}
