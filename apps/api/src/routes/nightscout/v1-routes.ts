import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { nightscoutSiteExists, type NightscoutCollectionName } from '@phoenix/db';
import { NightscoutError } from '../../http/nightscout-auth-errors.ts';
import { requirePermission, type NightscoutAuth } from '../../http/nightscout-auth.ts';
import { apiPermission } from '../../http/nightscout-auth-permissions.ts';
import {
  authenticate,
  NIGHTSCOUT_COLLECTIONS,
  siteKeyOf,
  writeContextOf,
  type NightscoutRouteContext,
} from './context.ts';
import { deleteDocumentById } from './document-changes.ts';
import { describeProblem } from './document-plans.ts';
import { storeDocuments, type StoreOutcome } from './documents.ts';
import { describeRejections, REJECTED_DOCUMENTS_HEADER } from './rejections.ts';
import { isObjectId } from './identifiers.ts';
import { parseV1Find } from './query.ts';
import { entryKinds, MAX_READ_DOCUMENTS, readCollection, readOneDocument } from './reads.ts';
import {
  documentOfBody,
  documentsOfBody,
  NIGHTSCOUT_ROUTE_OPTIONS,
  NIGHTSCOUT_VERSION,
} from './replies.ts';
import { verifyAuthRoutes } from './v1-status.ts';

const V1 = '/ns/:siteKey/api/v1';

/** Documents a v1 read returns without `count`, as Nightscout does. */
export const DEFAULT_COUNT = 10;

type Query = Record<string, unknown>;

/**
 * Nightscout API v1 under `/ns/{siteKey}/api/v1`: GET, POST, PUT and DELETE of entries,
 * treatments, devicestatus and profile (with or without `.json`), `entries/current`,
 * `entries/{type}` and `entries/{_id}`, `profile/current`, `status`, `verifyauth` and
 * `experiments/test`.
 */
export function nightscoutV1Routes(app: FastifyInstance, context: NightscoutRouteContext): void {
  for (const collection of NIGHTSCOUT_COLLECTIONS) {
    for (const path of [`${V1}/${collection}`, `${V1}/${collection}.json`]) {
      app.get(path, NIGHTSCOUT_ROUTE_OPTIONS, async (request) => {
        const auth = await authenticate(context, request, 1);
        return listDocuments(context, request, auth, collection, null);
      });
      app.post(path, NIGHTSCOUT_ROUTE_OPTIONS, async (request, reply) => {
        const auth = await authenticate(context, request, 1);
        return postDocuments(context, request, reply, auth, collection);
      });
      if (collection !== 'entries') {
        app.put(path, NIGHTSCOUT_ROUTE_OPTIONS, async (request) => {
          const auth = await authenticate(context, request, 1);
          return putDocument(context, request, auth, collection);
        });
      }
    }
    app.delete(`${V1}/${collection}/:id`, NIGHTSCOUT_ROUTE_OPTIONS, async (request) => {
      const auth = await authenticate(context, request, 1);
      requirePermission(auth, apiPermission(collection, 'delete'), 1);
      const id = stripExtension((request.params as { id: string }).id);
      const route = `api/v1/${collection}`;
      const result = await deleteDocumentById(
        writeContextOf(context, request, auth, route),
        collection,
        id,
      );
      return { n: result === 'deleted' ? 1 : 0, ok: 1 };
    });
  }

  for (const path of [`${V1}/entries/current`, `${V1}/entries/current.json`]) {
    app.get(path, NIGHTSCOUT_ROUTE_OPTIONS, async (request) => {
      const auth = await authenticate(context, request, 1);
      return listDocuments(context, request, auth, 'entries', ['sgv'], 1);
    });
  }
  app.get(`${V1}/entries/:spec`, NIGHTSCOUT_ROUTE_OPTIONS, async (request) => {
    const auth = await authenticate(context, request, 1);
    const spec = stripExtension((request.params as { spec: string }).spec);
    if (!isObjectId(spec.toLowerCase())) {
      return listDocuments(context, request, auth, 'entries', [spec]);
    }
    requirePermission(auth, apiPermission('entries', 'read'), 1);
    const found = await readOneDocument(context.pool, auth, 'entries', spec, 1);
    return found && found.document['isValid'] !== false ? [found.document] : [];
  });
  for (const path of [`${V1}/profile/current`, `${V1}/profile/current.json`]) {
    app.get(path, NIGHTSCOUT_ROUTE_OPTIONS, async (request) => {
      const auth = await authenticate(context, request, 1);
      const [current] = await listDocuments(context, request, auth, 'profile', null, 1);
      if (!current) throw new NightscoutError(404, 'Not Found', 'no profile stored');
      return current;
    });
  }

  for (const path of [`${V1}/status`, `${V1}/status.json`]) {
    app.get(path, NIGHTSCOUT_ROUTE_OPTIONS, async (request) => {
      if (!(await nightscoutSiteExists(context.pool, siteKeyOf(request)))) {
        throw new NightscoutError(404, 'Not Found');
      }
      return statusDocument();
    });
  }
  verifyAuthRoutes(app, context, V1);
}

function stripExtension(text: string): string {
  return text.replace(/\.(json|csv|tsv|txt)$/, '');
}

/**
 * Read a collection as API v1 does: newest first, `count` documents (10 by default), the last
 * 4 days unless a condition names the time (not for profiles).
 */
async function listDocuments(
  context: NightscoutRouteContext,
  request: FastifyRequest,
  auth: NightscoutAuth,
  collection: NightscoutCollectionName,
  pathKinds: string[] | null,
  fixedCount?: number,
): Promise<Record<string, unknown>[]> {
  requirePermission(auth, apiPermission(collection, 'read'), 1);
  const query = request.query as Query;
  const conditions = parseV1Find(query);
  let kinds: string[] | null = null;
  if (collection === 'entries') {
    const fromQuery = entryKinds(conditions);
    kinds = pathKinds ?? fromQuery;
    if (pathKinds !== null && fromQuery !== null) {
      kinds = pathKinds.filter((kind) => fromQuery.includes(kind));
    }
  }
  return readCollection(context.pool, auth, {
    collection,
    conditions,
    kinds,
    limit: fixedCount ?? countOf(query['count']),
    skip: 0,
    newestFirst: true,
    defaultWindow: collection !== 'profile',
    apiVersion: 1,
  });
}

function countOf(value: unknown): number {
  if (value === undefined || value === '') return DEFAULT_COUNT;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 0) {
    throw new NightscoutError(400, 'Bad Request', 'count must be a whole number of documents');
  }
  return Math.min(count, MAX_READ_DOCUMENTS);
}

/**
 * Store posted documents and return the stored ones (created, updated, duplicates and
 * deletions), in the order sent, each with its `_id`. A document that was not stored is left
 * out, and the `Phoenix-Rejected-Documents` header lists the positions of those documents in
 * the request. When no document could be stored, the response is 400 with each document's
 * position, field, value and reason, as API v3 responds to one invalid document.
 *
 * NOTE: a client that pairs the response with its request by position and ignores the header
 * pairs the `_id`s after a rejected document with the wrong documents. Echoing every document,
 * as Nightscout does, would avoid that but report documents as stored that are not.
 */
async function postDocuments(
  context: NightscoutRouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  auth: NightscoutAuth,
  collection: NightscoutCollectionName,
): Promise<Record<string, unknown>[]> {
  requirePermission(auth, apiPermission(collection, 'create'), 1);
  const documents = documentsOfBody(request.body);
  if (documents.some((document) => (document as { isValid?: unknown })?.isValid === false)) {
    requirePermission(auth, apiPermission(collection, 'delete'), 1);
  }
  if (documents.length === 0) return [];
  const route = `api/v1/${collection}`;
  const outcomes = await storeDocuments(
    writeContextOf(context, request, auth, route),
    collection,
    documents,
    1,
  );
  const rejected = outcomes.flatMap((outcome, index) =>
    outcome.status === 'rejected' ? [index] : [],
  );
  if (rejected.length === outcomes.length) {
    throw new NightscoutError(400, 'Bad Request', describeRejections(outcomes));
  }
  if (rejected.length > 0) reply.header(REJECTED_DOCUMENTS_HEADER, rejected.join(','));
  return outcomes.filter((outcome) => outcome.status !== 'rejected').map(answerOf);
}

/** Replace (or create) one document, found by its `_id` or sync IDs, and return it. */
async function putDocument(
  context: NightscoutRouteContext,
  request: FastifyRequest,
  auth: NightscoutAuth,
  collection: NightscoutCollectionName,
): Promise<Record<string, unknown>> {
  requirePermission(auth, apiPermission(collection, 'update'), 1);
  const document = documentOfBody(request.body);
  const route = `api/v1/${collection}`;
  const [outcome] = await storeDocuments(
    writeContextOf(context, request, auth, route),
    collection,
    [document],
    1,
  );
  if (!outcome || outcome.status === 'rejected') {
    const reasons = outcome?.problems.map(describeProblem).join('; ') ?? 'no document';
    throw new NightscoutError(400, 'Bad Request', `the document was not stored: ${reasons}`);
  }
  return answerOf(outcome);
}

function answerOf(outcome: StoreOutcome): Record<string, unknown> {
  return { ...outcome.document, _id: outcome.objectId };
}

/** `GET status.json`: what Nightscout reports about itself, with nothing about the patient. */
function statusDocument(): Record<string, unknown> {
  const now = Date.now();
  return {
    status: 'ok',
    name: 'Phoenix Ascend',
    version: NIGHTSCOUT_VERSION,
    serverTime: new Date(now).toISOString(),
    serverTimeEpoch: now,
    apiEnabled: true,
    careportalEnabled: true,
    boluscalcEnabled: false,
    settings: {
      units: 'mg/dl',
      timeFormat: 24,
      authDefaultRoles: 'denied',
      enable: ['careportal', 'iob', 'cob', 'basal', 'devicestatus', 'loop', 'openaps', 'pump'],
    },
    extendedSettings: { devicestatus: { advanced: true } },
    authorized: null,
  };
}
