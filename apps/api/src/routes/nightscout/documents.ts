import { createHash, randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import {
  beginNightscoutWrite,
  countRejectionReasons,
  countRejections,
  findNightscoutDocuments,
  IngestBacklogFullError,
  removeNightscoutRecords,
  saveNightscoutDocuments,
  stageBatch,
  withCaller,
  type NightscoutCollectionName,
  type NightscoutDocumentMatch,
} from '@phoenix/db';
import { NightscoutError } from '../../http/nightscout-auth-errors.ts';
import type { NightscoutAuth } from '../../http/nightscout-auth.ts';
import { canonicalJson, isRecordsKey } from './document-keys.ts';
import {
  describeProblem,
  planDocuments,
  type DocumentPlan,
  type DocumentProblem,
  type RequestPlans,
} from './document-plans.ts';
import { newObjectId, objectIdOfIdentifier } from './identifiers.ts';
import { callerOf } from './reads.ts';
import {
  decideForMatch,
  decideForNewDocument,
  decideForPending,
  toDocumentWrite,
  type PendingWrite,
} from './write-decisions.ts';

/** Result of one posted document. */
export type StoreStatus = 'created' | 'updated' | 'duplicate' | 'deleted' | 'rejected';

/** Outcome of one document of a write, for the response to the client. */
export interface StoreOutcome {
  status: StoreStatus;
  /** `_id` of the stored document (for a rejected one, a stable ID that names nothing). */
  objectId: string;
  /** The identifier the client's document has (its own, or derived). */
  identifier: string;
  /** Identifier of the stored document when it differs: the document was merged into it. */
  storedIdentifier: string;
  srvModified: number | null;
  /** The document as the client sent it, without server members. */
  document: Record<string, unknown>;
  /** True when the document was stored as a new document, not folded into another. */
  isNew: boolean;
  /** Reasons a rejected document was not stored. */
  problems: DocumentProblem[];
}

/** Settings of a document write: pool, credential, logger and limits. */
export interface WriteContext {
  pool: pg.Pool;
  auth: NightscoutAuth;
  log: FastifyBaseLogger;
  /** Bound of the staging backlog (see the uploads route) and the Retry-After beyond it. */
  maxBacklogRecords: number;
  retryAfterSeconds: number;
  /** Route the documents came through, kept as the upload batch's source file name. */
  route: string;
}

/**
 * Store documents of one collection. Each is converted to canonical records and validated as
 * any upload is, then matched to the stored documents through its keys (see `syncKeysOf`).
 * A new document is inserted and its records are staged in one upload batch. A document sent
 * again unchanged is a duplicate, and a changed one replaces the stored one and its records.
 * One with `isValid: false` deletes the item and its records. Everything happens in one
 * transaction as the credential, after the database has checked its write right. Documents
 * without a storable record are rejected. Their records' problems are kept with the batch, and
 * the problems of documents that gave no record are counted in the patient's rejection counts.
 */
export async function storeDocuments(
  context: WriteContext,
  collection: NightscoutCollectionName,
  documents: readonly unknown[],
  apiVersion: 1 | 3,
): Promise<StoreOutcome[]> {
  const { credential } = context.auth;
  const request = await planDocuments(collection, documents, credential.timezone, apiVersion);
  const outcomes = await withCaller(context.pool, callerOf(context.auth), async (client) => {
    let nextModified = await beginNightscoutWrite(client, credential.patientId);
    const keys = [...new Set(request.plans.flatMap((plan) => plan.keys))];
    const matches = await findNightscoutDocuments(client, credential.patientId, collection, keys);
    const { writes, outcomes: decided } = decide(request.plans, matches);

    const replaced = writes.filter((write) => write.removeExisting && write.id !== null);
    await removeNightscoutRecords(
      client,
      credential.patientId,
      replaced.map((write) => write.id!),
    );
    await stageRecords(client, context, collection, request, writes);
    await countRejections(client, credential.patientId, 'nightscout', unbatchedCounts(request));
    const saved = writes.filter((write) => write.needsSave);
    for (const write of saved) {
      if (write.changed) write.srvModified = nextModified++;
    }
    const ids = await saveNightscoutDocuments(
      client,
      credential.patientId,
      saved.map((write) => toDocumentWrite(write, collection)),
    );
    saved.forEach((write, index) => {
      write.id = ids[index] ?? write.id;
    });
    const tombstones = saved.filter((write) => write.removeAfterSave);
    await removeNightscoutRecords(
      client,
      credential.patientId,
      tombstones.map((write) => write.id!),
    );
    return decided.map((outcome) => outcome());
  });
  logOutcomes(context, collection, outcomes);
  return outcomes;
}

/** Decide every plan in order; later documents of the request may match earlier ones. */
function decide(
  plans: readonly DocumentPlan[],
  matches: readonly NightscoutDocumentMatch[],
): { writes: PendingWrite[]; outcomes: (() => StoreOutcome)[] } {
  const stored = new Map(matches.map((match) => [match.syncKey, match]));
  const pendingByKey = new Map<string, PendingWrite>();
  const pendingByDocument = new Map<string, PendingWrite>();
  const writes: PendingWrite[] = [];
  const outcomes: (() => StoreOutcome)[] = [];

  for (const plan of plans) {
    if (plan.problems.length > 0) {
      outcomes.push(() => rejectedOutcome(plan));
      continue;
    }
    let write: PendingWrite | undefined;
    let status: StoreStatus;
    const found = firstMatch(plan.keys, pendingByKey, stored);
    if (found?.pending) {
      write = found.pending;
      status = decideForPending(write, plan);
    } else if (found?.match && pendingByDocument.has(found.match.documentId)) {
      write = pendingByDocument.get(found.match.documentId)!;
      status = decideForPending(write, plan);
    } else if (found?.match) {
      const byRecordsOnly = isRecordsKey(found.key);
      ({ write, status } = decideForMatch(found.match, plan, byRecordsOnly));
      pendingByDocument.set(found.match.documentId, write);
      writes.push(write);
    } else {
      const objectId = freeObjectId(plan.objectIdHint, stored);
      ({ write, status } = decideForNewDocument(plan, objectId));
      writes.push(write);
    }
    for (const key of plan.keys) {
      write.keys.add(key);
      pendingByKey.set(key, write);
    }
    const target = write;
    const isNew = found === null;
    outcomes.push(() => ({
      status,
      isNew,
      objectId: target.objectId,
      identifier: plan.identifier,
      storedIdentifier: target.identifier,
      srvModified: target.srvModified,
      document: plan.document,
      problems: [],
    }));
  }
  for (const write of writes) {
    const hasNewKeys = [...write.keys].some((key) => stored.get(key)?.documentId !== write.id);
    write.needsSave = write.changed || hasNewKeys;
  }
  return { writes, outcomes };
}

function firstMatch(
  keys: readonly string[],
  pending: ReadonlyMap<string, PendingWrite>,
  stored: ReadonlyMap<string, NightscoutDocumentMatch>,
): { key: string; pending?: PendingWrite; match?: NightscoutDocumentMatch } | null {
  for (const key of keys) {
    const write = pending.get(key);
    if (write) return { key, pending: write };
    const match = stored.get(key);
    if (match) return { key, match };
  }
  return null;
}

/** Return the client's `_id` when no stored document of the collection has it, else a new one. */
function freeObjectId(
  hint: string | null,
  stored: ReadonlyMap<string, NightscoutDocumentMatch>,
): string {
  return hint !== null && !stored.has(`_id:${hint}`) ? hint : newObjectId();
}

function rejectedOutcome(plan: DocumentPlan): StoreOutcome {
  return {
    status: 'rejected',
    objectId: objectIdOfIdentifier(plan.identifier),
    identifier: plan.identifier,
    storedIdentifier: plan.identifier,
    srvModified: null,
    document: plan.document,
    isNew: false,
    problems: plan.problems,
  };
}

/**
 * Stage the records of new and replaced documents as one upload batch, through the same
 * `stageBatch` as the uploads route, with the request's rejections. Nothing is staged when the
 * request has neither.
 */
async function stageRecords(
  client: pg.PoolClient,
  context: WriteContext,
  collection: NightscoutCollectionName,
  request: RequestPlans,
  writes: readonly PendingWrite[],
): Promise<void> {
  const staged = writes.flatMap((write) => (write.isValid ? (write.stage ?? []) : []));
  if (staged.length === 0 && request.rejectedCount === 0) return;
  const digest = createHash('sha256')
    .update(collection)
    .update(canonicalJson(staged.map((item) => item.record)))
    .digest();
  const info = {
    patientId: context.auth.credential.patientId,
    idempotencyKey: `nightscout:${randomUUID()}`,
    digest,
    sourceFormat: 'nightscout',
    sourceFile: context.route,
    recordCount: staged.length + request.rejectedCount,
    rejectedCount: request.rejectedCount,
    rejections: request.rejections,
  };
  try {
    await stageBatch(client, info, staged, { maxBacklogRecords: context.maxBacklogRecords });
  } catch (error) {
    if (!(error instanceof IngestBacklogFullError)) throw error;
    context.log.warn(
      { backlogRecords: error.backlog.records, maxBacklogRecords: context.maxBacklogRecords },
      'Nightscout upload rejected: staging backlog full',
    );
    throw new NightscoutError(503, 'Service Unavailable', error.message, {
      'retry-after': String(context.retryAfterSeconds),
    });
  }
}

/**
 * Count the problems of rejected documents that the upload batch does not keep, by reason,
 * each document as one record.
 */
function unbatchedCounts(request: RequestPlans) {
  const reasons = request.plans.flatMap((plan) =>
    plan.problems
      .filter((problem) => !problem.inBatch)
      .map((problem) => ({
        index: plan.index,
        field: problem.field ?? '',
        message: problem.message,
      })),
  );
  return countRejectionReasons(reasons);
}

/**
 * Log the outcome counts of a write, at warn level with the reasons (no values) when a
 * document was rejected.
 */
function logOutcomes(
  context: WriteContext,
  collection: string,
  outcomes: readonly StoreOutcome[],
): void {
  const counts: Record<StoreStatus, number> = {
    created: 0,
    updated: 0,
    duplicate: 0,
    deleted: 0,
    rejected: 0,
  };
  for (const outcome of outcomes) counts[outcome.status] += 1;
  const patientId = context.auth.credential.patientId;
  if (counts.rejected === 0) {
    context.log.info({ patientId, collection, ...counts }, 'Nightscout documents stored');
    return;
  }
  const problems = outcomes
    .flatMap((outcome) => outcome.problems)
    .map((problem) => describeProblem(problem).slice(0, 200));
  context.log.warn(
    { patientId, collection, ...counts, problems: [...new Set(problems)].slice(0, 5) },
    'Nightscout documents rejected',
  );
}
