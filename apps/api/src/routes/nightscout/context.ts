import type { FastifyRequest } from 'fastify';
import type pg from 'pg';
import type { NightscoutCollectionName } from '@phoenix/db';
import { NightscoutError } from '../../http/nightscout-auth-errors.ts';
import type { NightscoutAuth, NightscoutAuthenticator } from '../../http/nightscout-auth.ts';
import type { WriteContext } from './documents.ts';

/** Shared state of the Nightscout routes. */
export interface NightscoutRouteContext {
  pool: pg.Pool;
  authenticator: NightscoutAuthenticator;
  /** Bound of the staging backlog and the Retry-After of writes beyond it (see uploads). */
  maxBacklogRecords: number;
  retryAfterSeconds: number;
}

/** The collections stored as documents. */
export const NIGHTSCOUT_COLLECTIONS: readonly NightscoutCollectionName[] = [
  'entries',
  'treatments',
  'devicestatus',
  'profile',
];

/** Site keys: 8 to 32 lowercase letters and digits. */
export const SITE_KEY_PATTERN = /^[a-z0-9]{8,32}$/;

/** Return the site key of a request's path; raises a 404 NightscoutError for a malformed one. */
export function siteKeyOf(request: FastifyRequest): string {
  const siteKey = (request.params as { siteKey?: string }).siteKey ?? '';
  if (!SITE_KEY_PATTERN.test(siteKey)) throw new NightscoutError(404, 'Not Found');
  return siteKey;
}

/** Authenticate a request against its site; API v3 takes bearer JWTs only. */
export function authenticate(
  context: NightscoutRouteContext,
  request: FastifyRequest,
  apiVersion: 1 | 3,
): Promise<NightscoutAuth> {
  return context.authenticator.authenticate(request, siteKeyOf(request), apiVersion === 3);
}

/** Build the write context of an authenticated request. */
export function writeContextOf(
  context: NightscoutRouteContext,
  request: FastifyRequest,
  auth: NightscoutAuth,
  route: string,
): WriteContext {
  return {
    pool: context.pool,
    auth,
    log: request.log,
    maxBacklogRecords: context.maxBacklogRecords,
    retryAfterSeconds: context.retryAfterSeconds,
    route,
  };
}
