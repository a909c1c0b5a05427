import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { NightscoutCollectionName } from '@phoenix/db';
import { NightscoutError } from '../../http/nightscout-auth-errors.ts';
import { requirePermission, type NightscoutAuth } from '../../http/nightscout-auth.ts';
import { apiPermission } from '../../http/nightscout-auth-permissions.ts';
import { authenticate, writeContextOf, type NightscoutRouteContext } from './context.ts';
import { clientMembers } from './document-keys.ts';
import { deleteDocumentById, findStoredDocument } from './document-changes.ts';
import { describeProblem } from './document-plans.ts';
import { storeDocuments, type StoreOutcome } from './documents.ts';
import { filterInstant, parseV3Filters } from './query.ts';
import { entryKinds, readCollection, readHistory, readOneDocument } from './reads.ts';
import { documentOfBody, NIGHTSCOUT_ROUTE_OPTIONS } from './replies.ts';

const V3 = '/ns/:siteKey/api/v3';

/** Most documents an API v3 read returns, and the default, as Nightscout's API3_MAX_LIMIT. */
export const API3_MAX_LIMIT = 1000;

/** Collections API v3 names that are not stored here; reads of them return nothing. */
const EMPTY_COLLECTIONS = new Set(['food', 'settings']);

/**
 * Members API v3 clients may not change on a stored document (Nightscout 15's list), except
 * `isValid`: a PATCH with `isValid: false` deletes the document here.
 */
const IMMUTABLE_MEMBERS = ['identifier', 'date', 'utcOffset', 'eventType', 'device', 'app'];

type Params = { collection: string; identifier?: string; lastModified?: string };

/**
 * Nightscout API v3 under `/ns/{siteKey}/api/v3/{collection}`: search, create, read, update
 * (PUT), patch, delete and `history/{lastModified}`. Every route needs a bearer JWT.
 */
export function nightscoutV3Routes(app: FastifyInstance, context: NightscoutRouteContext): void {
  app.get(`${V3}/:collection`, NIGHTSCOUT_ROUTE_OPTIONS, async (request) => {
    const { auth, collection } = await open(context, request, 'read', true);
    if (collection === null) return { status: 200, result: [] };
    return { status: 200, result: await search(context, request, auth, collection) };
  });

  app.post(`${V3}/:collection`, NIGHTSCOUT_ROUTE_OPTIONS, async (request, reply) => {
    const { auth, collection } = await open(context, request, 'create');
    const document = documentOfBody(request.body);
    if (document['isValid'] === false) {
      requirePermission(auth, apiPermission(collection!, 'delete'), 3);
    }
    const outcome = await storeOne(context, request, auth, collection!, document);
    return answerWrite(reply, request, outcome);
  });

  for (const path of [`${V3}/:collection/history`, `${V3}/:collection/history/:lastModified`]) {
    app.get(path, NIGHTSCOUT_ROUTE_OPTIONS, async (request, reply) => {
      const { auth, collection } = await open(context, request, 'read', true);
      if (collection === null) return { status: 200, result: [] };
      const since = historyStart(request);
      const limit = limitOf(request.query as Record<string, unknown>);
      const history = await readHistory(context.pool, auth, collection, since, limit);
      if (history.lastModified !== null) {
        reply.header('last-modified', new Date(history.lastModified).toUTCString());
        reply.header('etag', `W/"${history.lastModified}"`);
      }
      return { status: 200, result: history.documents };
    });
  }

  app.get(`${V3}/:collection/:identifier`, NIGHTSCOUT_ROUTE_OPTIONS, async (request, reply) => {
    const { auth, collection } = await open(context, request, 'read');
    const id = (request.params as Params).identifier!;
    const found = await readOneDocument(context.pool, auth, collection!, id, 3);
    if (!found) throw new NightscoutError(404, 'Not Found');
    if (found.document['isValid'] === false) return reply.status(410).send({ status: 410 });
    reply.header('last-modified', new Date(found.srvModified).toUTCString());
    return { status: 200, result: found.document };
  });

  app.put(`${V3}/:collection/:identifier`, NIGHTSCOUT_ROUTE_OPTIONS, async (request, reply) => {
    const { auth, collection } = await open(context, request, 'update');
    const id = (request.params as Params).identifier!;
    const document = documentOfBody(request.body);
    const stored = await findStoredDocument(context.pool, auth, collection!, id);
    if (stored) checkImmutable(stored.document, document);
    document['identifier'] = stored?.identifier ?? id;
    const outcome = await storeOne(context, request, auth, collection!, document);
    return answerWrite(reply, request, outcome);
  });

  app.patch(`${V3}/:collection/:identifier`, NIGHTSCOUT_ROUTE_OPTIONS, async (request, reply) => {
    const { auth, collection } = await open(context, request, 'update');
    const id = (request.params as Params).identifier!;
    const changes = documentOfBody(request.body);
    const stored = await findStoredDocument(context.pool, auth, collection!, id);
    if (!stored) throw new NightscoutError(404, 'Not Found');
    if (!stored.isValid) return reply.status(410).send({ status: 410 });
    checkImmutable(stored.document, changes);
    const merged: Record<string, unknown> = {
      ...stored.document,
      ...clientMembers(changes),
      identifier: stored.identifier,
    };
    if (merged['isValid'] === false) {
      requirePermission(auth, apiPermission(collection!, 'delete'), 3);
    }
    const outcome = await storeOne(context, request, auth, collection!, merged);
    return { status: 200, lastModified: outcome.srvModified };
  });

  app.delete(`${V3}/:collection/:identifier`, NIGHTSCOUT_ROUTE_OPTIONS, async (request) => {
    const { auth, collection } = await open(context, request, 'delete');
    const id = (request.params as Params).identifier!;
    const route = `api/v3/${collection!}`;
    const writeContext = writeContextOf(context, request, auth, route);
    const result = await deleteDocumentById(writeContext, collection!, id);
    if (result === 'not-found') throw new NightscoutError(404, 'Not Found');
    return { status: 200 };
  });
}

/**
 * Authenticate an API v3 request and check its permission on the path's collection. With
 * `allowEmpty`, `food` and `settings` give a null collection (reads of them return nothing);
 * otherwise an unknown collection is a 404.
 */
async function open(
  context: NightscoutRouteContext,
  request: FastifyRequest,
  action: 'read' | 'create' | 'update' | 'delete',
  allowEmpty = false,
): Promise<{ auth: NightscoutAuth; collection: NightscoutCollectionName | null }> {
  const auth = await authenticate(context, request, 3);
  const name = (request.params as Params).collection;
  const stored = ['entries', 'treatments', 'devicestatus', 'profile'].includes(name);
  if (!stored && !(allowEmpty && EMPTY_COLLECTIONS.has(name))) {
    throw new NightscoutError(404, 'Bad operation or collection');
  }
  requirePermission(auth, apiPermission(name, action), 3);
  return { auth, collection: stored ? (name as NightscoutCollectionName) : null };
}

async function search(
  context: NightscoutRouteContext,
  request: FastifyRequest,
  auth: NightscoutAuth,
  collection: NightscoutCollectionName,
): Promise<Record<string, unknown>[]> {
  const query = request.query as Record<string, unknown>;
  if (query['sort'] !== undefined && query['sort$desc'] !== undefined) {
    throw new NightscoutError(400, 'Parameters sort and sort_desc cannot be combined');
  }
  const conditions = parseV3Filters(query);
  const skip = Number(query['skip'] ?? 0);
  if (!Number.isInteger(skip) || skip < 0) {
    throw new NightscoutError(400, 'Parameter skip out of tolerance');
  }
  // NOTE: documents are sorted by their time whatever field `sort` names.
  return readCollection(context.pool, auth, {
    collection,
    conditions,
    kinds: collection === 'entries' ? entryKinds(conditions) : null,
    limit: limitOf(query),
    skip,
    newestFirst: query['sort'] === undefined,
    defaultWindow: collection !== 'profile',
    apiVersion: 3,
  });
}

function limitOf(query: Record<string, unknown>): number {
  if (query['limit'] === undefined) return API3_MAX_LIMIT;
  const limit = Number(query['limit']);
  if (!Number.isInteger(limit) || limit < 1 || limit > API3_MAX_LIMIT) {
    throw new NightscoutError(400, 'Parameter limit out of tolerance');
  }
  return limit;
}

/** Return the epoch ms after which history is requested: the path's value, else Last-Modified. */
function historyStart(request: FastifyRequest): number {
  const fromPath = (request.params as Params).lastModified;
  const header = request.headers['last-modified'];
  const since = fromPath !== undefined ? filterInstant(fromPath) : parseHttpDate(header);
  if (since === null) {
    throw new NightscoutError(400, 'Bad or missing Last-Modified header/parameter');
  }
  // A Last-Modified header has whole seconds; Nightscout then includes that second.
  return fromPath !== undefined ? since : since - 1;
}

function parseHttpDate(header: string | string[] | undefined): number | null {
  if (typeof header !== 'string') return null;
  const parsed = Date.parse(header);
  return Number.isNaN(parsed) ? null : parsed;
}

function checkImmutable(stored: Record<string, unknown>, changes: Record<string, unknown>): void {
  for (const member of IMMUTABLE_MEMBERS) {
    if (!(member in changes) || !(member in stored)) continue;
    if (JSON.stringify(changes[member]) !== JSON.stringify(stored[member])) {
      throw new NightscoutError(400, `Field ${member} cannot be modified by the client`);
    }
  }
}

async function storeOne(
  context: NightscoutRouteContext,
  request: FastifyRequest,
  auth: NightscoutAuth,
  collection: NightscoutCollectionName,
  document: Record<string, unknown>,
): Promise<StoreOutcome> {
  const route = `api/v3/${collection}`;
  const writeContext = writeContextOf(context, request, auth, route);
  const [outcome] = await storeDocuments(writeContext, collection, [document], 3);
  if (!outcome || outcome.status === 'rejected') {
    const reasons = outcome?.problems.map(describeProblem).join('; ') ?? 'no document';
    throw new NightscoutError(400, 'Bad or missing request body', reasons);
  }
  return outcome;
}

/**
 * Send the response of a create or update: 201 with `identifier` for a new document, else
 * 200. A create that met a stored document also gets `isDeduplication`, and
 * `deduplicatedIdentifier` when the stored document has another identifier.
 */
function answerWrite(reply: FastifyReply, request: FastifyRequest, outcome: StoreOutcome) {
  const lastModified = outcome.srvModified ?? Date.now();
  reply.header('last-modified', new Date(lastModified).toUTCString());
  const path = request.url.split('?')[0]!;
  const collectionPath = request.method === 'POST' ? path : path.replace(/\/[^/]*$/, '');
  reply.header('location', `${collectionPath}/${encodeURIComponent(outcome.storedIdentifier)}`);
  if (outcome.isNew) {
    return reply
      .status(201)
      .send({ status: 201, identifier: outcome.storedIdentifier, lastModified });
  }
  if (request.method !== 'POST') return reply.status(200).send({ status: 200, lastModified });
  return reply.status(200).send({
    status: 200,
    identifier: outcome.identifier,
    isDeduplication: true,
    ...(outcome.identifier !== outcome.storedIdentifier
      ? { deduplicatedIdentifier: outcome.storedIdentifier }
      : {}),
    lastModified,
  });
}
