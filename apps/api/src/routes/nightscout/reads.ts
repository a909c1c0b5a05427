import type pg from 'pg';
import {
  findNightscoutDocuments,
  readNightscoutDocuments,
  readNightscoutDocumentsById,
  readNightscoutHistory,
  withCaller,
  type Caller,
  type NightscoutCollectionName,
  type NightscoutReadQuery,
} from '@phoenix/db';
import type { NightscoutAuth } from '../../http/nightscout-auth.ts';
import {
  hasConditionOn,
  matchesAll,
  TIME_FIELDS,
  timeWindowOf,
  type FieldCondition,
} from './query.ts';
import { renderRow, type RenderedDocument } from './render.ts';

/**
 * Without a condition on its time, a read covers the last 4 days, as Nightscout 15 does (twice
 * its `TWO_DAYS` default of `deltaAgo`).
 */
export const DEFAULT_READ_WINDOW_MS = 4 * 24 * 3600_000;

/** Most documents one read returns or inspects. */
export const MAX_READ_DOCUMENTS = 10_000;

/** Return the database caller of a Nightscout credential: the bridge role, the credential's ID. */
export function callerOf(auth: NightscoutAuth): Caller {
  return { role: 'bridge', userId: auth.credential.credentialId };
}

/** Selection of a collection read. */
export interface CollectionRead {
  collection: NightscoutCollectionName;
  conditions: FieldCondition[];
  /** Entry types to keep (from `entries/sgv.json` or a `type` condition); null keeps all. */
  kinds: string[] | null;
  limit: number;
  skip: number;
  newestFirst: boolean;
  /** Apply the 4-day window when no time condition is given (API v1, not for profiles). */
  defaultWindow: boolean;
  apiVersion: 1 | 3;
}

/**
 * Read documents of a collection: Nightscout documents and, for entries and treatments,
 * canonical records uploaded another way within the time window. Conditions on time members
 * and entry types narrow the database read. The other conditions are checked on the documents,
 * so up to `MAX_READ_DOCUMENTS` documents are read first.
 */
export async function readCollection(
  pool: pg.Pool,
  auth: NightscoutAuth,
  read: CollectionRead,
): Promise<Record<string, unknown>[]> {
  const timeFields = TIME_FIELDS[read.collection] ?? [];
  const query = databaseQueryOf(read, timeFields);
  const rows = await withCaller(pool, callerOf(auth), (client) =>
    readNightscoutDocuments(client, auth.credential.patientId, query),
  );

  const documents = rows
    .map((row) => renderRow(row, read.apiVersion))
    .filter((rendered): rendered is RenderedDocument => rendered !== null)
    .sort((left, right) =>
      read.newestFirst ? right.timeMs - left.timeMs : left.timeMs - right.timeMs,
    )
    .map((rendered) => rendered.document)
    .filter((document) => matchesAll(document, read.conditions, timeFields));
  return documents.slice(read.skip, read.skip + read.limit);
}

/** Translate a read into the database query: its time window, kinds and row limit. */
function databaseQueryOf(read: CollectionRead, timeFields: readonly string[]): NightscoutReadQuery {
  const window = timeWindowOf(read.conditions, timeFields);
  const now = Date.now();
  if (window.from === null && window.to === null && read.defaultWindow) {
    window.from = new Date(now - DEFAULT_READ_WINDOW_MS);
  }

  const withLoose =
    (read.collection === 'entries' || read.collection === 'treatments') &&
    (window.from !== null || window.to !== null);
  // NOTE: records uploaded other ways are found by time only, so without a start they are
  // read from 4 days before the end of the window.
  const to = window.to ?? new Date(now + 2 * 24 * 3600_000);
  const from = window.from ?? new Date(to.getTime() - DEFAULT_READ_WINDOW_MS);

  const narrowFields = [...timeFields, ...(read.collection === 'entries' ? ['type'] : [])];
  const checkedOnDocuments = read.conditions.some(
    (condition) => !narrowFields.includes(condition.field),
  );
  const wanted = read.skip + read.limit;
  return {
    collection: read.collection,
    kinds: read.kinds,
    from: withLoose ? from : window.from,
    to: withLoose ? to : window.to,
    limit: checkedOnDocuments ? MAX_READ_DOCUMENTS : Math.min(wanted + 10, MAX_READ_DOCUMENTS),
    newestFirst: read.newestFirst,
    withLoose,
  };
}

/** Entry types a read keeps, from `type` conditions (`eq` or `in`); null when unrestricted. */
export function entryKinds(conditions: readonly FieldCondition[]): string[] | null {
  let kinds: string[] | null = null;
  for (const condition of conditions) {
    if (condition.field !== 'type') continue;
    if (condition.operator !== 'eq' && condition.operator !== 'in') continue;
    kinds = kinds === null ? condition.values : kinds.filter((k) => condition.values.includes(k));
  }
  return kinds;
}

/** Return true when the conditions name a time member of the collection. */
export function hasTimeCondition(
  collection: NightscoutCollectionName,
  conditions: readonly FieldCondition[],
): boolean {
  return hasConditionOn(conditions, TIME_FIELDS[collection] ?? []);
}

/**
 * Read the documents changed after `modifiedAfter` (epoch ms), deleted ones included, oldest
 * change first, with the newest change time among them (null when there are none).
 */
export async function readHistory(
  pool: pg.Pool,
  auth: NightscoutAuth,
  collection: NightscoutCollectionName,
  modifiedAfter: number,
  limit: number,
): Promise<{ documents: Record<string, unknown>[]; lastModified: number | null }> {
  const rows = await withCaller(pool, callerOf(auth), (client) =>
    readNightscoutHistory(client, auth.credential.patientId, collection, modifiedAfter, limit),
  );
  const rendered = rows
    .map((row) => renderRow(row, 3))
    .filter((item): item is RenderedDocument => item !== null)
    .sort((left, right) => left.srvModified - right.srvModified);
  const last = rendered.at(-1);
  return {
    documents: rendered.map((item) => item.document),
    lastModified: last ? last.srvModified : null,
  };
}

/**
 * Read one document by its API v3 identifier or its API v1 `_id`, deleted ones included.
 * Returns null when neither names a document of the collection.
 */
export async function readOneDocument(
  pool: pg.Pool,
  auth: NightscoutAuth,
  collection: NightscoutCollectionName,
  id: string,
  apiVersion: 1 | 3,
): Promise<RenderedDocument | null> {
  const patientId = auth.credential.patientId;
  const rows = await withCaller(pool, callerOf(auth), async (client) => {
    const keys = [`identifier:${id}`, `_id:${id.toLowerCase()}`];
    const matches = await findNightscoutDocuments(client, patientId, collection, keys);
    const match = keys
      .map((key) => matches.find((candidate) => candidate.syncKey === key))
      .find((candidate) => candidate !== undefined);
    return match ? readNightscoutDocumentsById(client, patientId, [match.documentId]) : [];
  });
  const row = rows[0];
  return row ? renderRow(row, apiVersion) : null;
}
