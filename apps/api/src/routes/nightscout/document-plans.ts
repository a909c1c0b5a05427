import type { CanonicalRecord } from '@phoenix/domain';
import type { NightscoutCollectionName } from '@phoenix/db';
import { validateBatch, type Rejection } from '../uploads.ts';
import { clientIdentifier, clientMembers, kindOf, syncKeysOf } from './document-keys.ts';
import {
  convertDocuments,
  normalizeV3Date,
  parseInstant,
  type ConversionError,
} from './convert.ts';
import { deriveIdentifier, isObjectId } from './identifiers.ts';

/** A reason a document is not stored. */
export interface DocumentProblem {
  /** Member or JSON pointer the problem is about; null when it concerns the whole document. */
  field: string | null;
  /** Message without the value, so it may be logged. */
  message: string;
  /** The offending value, for the response to the client only; null when there is none. */
  value: unknown;
  /**
   * True for a rejection of one of the document's records, which the request's upload batch
   * keeps. False for a document that gave no record (a reader error or a document that is not
   * an object), which no batch keeps.
   */
  inBatch: boolean;
}

/** Describe a problem without its value: `field: message` for a record rejection. */
export function describeProblem(problem: DocumentProblem): string {
  // The reader's messages name the member already ("Invalid sgv. …").
  return problem.inBatch ? `${problem.field}: ${problem.message}` : problem.message;
}

/**
 * An incoming document before the database is consulted: its records after the same
 * validation as every upload, its keys and identifiers, or the reasons it cannot be stored.
 */
export interface DocumentPlan {
  /** Position of the document in the request. */
  index: number;
  /** The document as the client sent it, without server members. */
  document: Record<string, unknown>;
  /** True for `isValid: false`: the document deletes the item it names. */
  deleted: boolean;
  /** Valid records with their index in `RequestPlans.records`, as staging takes them. */
  records: { index: number; record: CanonicalRecord }[];
  /** Records and instant that identify the item: the valid records, or for a deletion all. */
  linkRecords: { hash: string; time: string }[];
  recordTime: string;
  identifier: string;
  /** The client's own `_id`, when it sent a valid one. */
  objectIdHint: string | null;
  kind: string | null;
  keys: string[];
  /** Reasons the document is not stored; empty when it is. */
  problems: DocumentProblem[];
}

/** The plans of a request, with the validation outcome of all its records. */
export interface RequestPlans {
  plans: DocumentPlan[];
  /** Every record of every document, in order, as validated. */
  records: CanonicalRecord[];
  rejections: Rejection[];
  /** Number of records that failed validation. */
  rejectedCount: number;
}

/**
 * Convert and validate the documents of a request. API v3 documents get their `date` brought to
 * epoch ms first. `timezone` is the patient's zone, for times without an offset.
 */
export async function planDocuments(
  collection: NightscoutCollectionName,
  documents: readonly unknown[],
  timezone: string,
  apiVersion: 1 | 3,
): Promise<RequestPlans> {
  const prepared = documents.map((value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    const document = clientMembers(value as Record<string, unknown>);
    if (apiVersion === 3) normalizeV3Date(document);
    return document;
  });
  const objectIds = documents.map((value) => {
    const id = (value as Record<string, unknown> | null)?.['_id'];
    const lower = typeof id === 'string' ? id.toLowerCase() : null;
    return isObjectId(lower) ? lower : null;
  });
  const converted = await convertDocuments(
    collection,
    prepared.map((document) => document ?? {}),
    timezone,
  );

  const records: CanonicalRecord[] = [];
  const owners: number[] = [];
  converted.forEach((result, index) => {
    if (prepared[index]?.['isValid'] === false) return;
    for (const record of result.records) {
      records.push(record);
      owners.push(index);
    }
  });
  const { valid, rejections } = validateBatch(records);
  const validByDocument = new Map<number, { index: number; record: CanonicalRecord }[]>();
  for (const item of valid) {
    const owner = owners[item.index]!;
    validByDocument.set(owner, [...(validByDocument.get(owner) ?? []), item]);
  }
  const problemsByDocument = new Map<number, DocumentProblem[]>();
  for (const rejection of rejections) {
    const owner = owners[rejection.index]!;
    const { field, message, value } = rejection;
    const problem = { field, message, value, inBatch: true };
    problemsByDocument.set(owner, [...(problemsByDocument.get(owner) ?? []), problem]);
  }

  const plans = prepared.map((document, index) =>
    planOne(collection, index, document, objectIds[index] ?? null, {
      readerRecords: converted[index]?.records ?? [],
      readerErrors: converted[index]?.errors ?? [],
      valid: validByDocument.get(index) ?? [],
      rejected: problemsByDocument.get(index) ?? [],
    }),
  );
  const rejectedCount = new Set(rejections.map((rejection) => rejection.index)).size;
  return { plans, records, rejections, rejectedCount };
}

/** Prefixes of the keys that come from client IDs (the identifier aside). */
const CLIENT_KEY_PREFIXES = ['syncIdentifier:', 'uuid:', 'id:', 'pump:', '_id:'];

interface DocumentResults {
  readerRecords: CanonicalRecord[];
  readerErrors: ConversionError[];
  valid: { index: number; record: CanonicalRecord }[];
  rejected: DocumentProblem[];
}

function planOne(
  collection: NightscoutCollectionName,
  index: number,
  document: Record<string, unknown> | null,
  objectIdHint: string | null,
  results: DocumentResults,
): DocumentPlan {
  const body = document ?? {};
  const deleted = body['isValid'] === false;
  const identifying = deleted ? results.readerRecords : results.valid.map((item) => item.record);
  const recordTime = results.readerRecords[0]?.time ?? fallbackTime(body);
  const identifier =
    clientIdentifier(body) ?? deriveIdentifier(collection, body, Date.parse(recordTime));
  const linkRecords = identifying.map((record) => ({ hash: record.id, time: record.time }));
  const plan: DocumentPlan = {
    index,
    document: body,
    deleted,
    records: deleted ? [] : results.valid,
    linkRecords,
    recordTime,
    identifier,
    objectIdHint,
    kind: kindOf(collection, body),
    keys: syncKeysOf(
      body,
      identifier,
      linkRecords.map((record) => record.hash),
      objectIdHint,
    ),
    problems: [],
  };
  // A deletion needs no records when a client ID names the item it deletes.
  const namesItem =
    deleted &&
    (clientIdentifier(body) !== null ||
      plan.keys.some((key) => CLIENT_KEY_PREFIXES.some((prefix) => key.startsWith(prefix))));
  const wholeDocument = (message: string) => ({
    field: null,
    message,
    value: null,
    inBatch: false,
  });
  if (document === null) {
    plan.problems.push(wholeDocument('a document must be a JSON object'));
  } else if (identifying.length === 0 && !namesItem) {
    const readerErrors = results.readerErrors.map((error) => ({ ...error, inBatch: false }));
    plan.problems.push(...readerErrors, ...results.rejected);
    if (plan.problems.length === 0) {
      plan.problems.push(wholeDocument('the document gives no record to store'));
    }
  }
  return plan;
}

/** Return the instant of a document without records: its first time member, else now. */
function fallbackTime(document: Record<string, unknown>): string {
  for (const member of ['date', 'created_at', 'timestamp', 'mills', 'dateString']) {
    const instant = parseInstant(document[member]);
    if (instant !== null && Number.isFinite(new Date(instant).getTime())) {
      return new Date(Math.floor(instant)).toISOString();
    }
  }
  return new Date().toISOString();
}
