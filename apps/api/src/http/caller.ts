import type { FastifyInstance, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { listDevUsers, type Caller } from '@phoenix/db';
import { ApiError } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
}

/** Header of the development login, which stands in for OpenID Connect until that is set up. */
export const DEV_USER_HEADER = 'x-dev-user';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Resolve the caller of each request from the development login header: the ID of a user, whose
 * role the database holds. Requests without the header have no caller; routes that need one
 * call `requireCaller`.
 */
export function installDevLogin(app: FastifyInstance, pool: pg.Pool): void {
  app.decorateRequest('caller', null);
  app.addHook('onRequest', async (request) => {
    const header = request.headers[DEV_USER_HEADER];
    if (header === undefined) return;
    if (typeof header !== 'string' || !UUID_PATTERN.test(header)) {
      throw new ApiError('NOT_AUTHENTICATED', `${DEV_USER_HEADER} must be a user ID (a UUID)`);
    }
    const users = await listDevUsers(pool);
    const user = users.find((candidate) => candidate.id === header.toLowerCase());
    if (!user) {
      throw new ApiError('NOT_AUTHENTICATED', `no user with the ID given in ${DEV_USER_HEADER}`);
    }
    request.caller = { role: user.role, userId: user.id };
  });
}

/** The caller of a request; raises NOT_AUTHENTICATED when there is none. */
export function requireCaller(request: FastifyRequest): Caller {
  if (!request.caller) {
    throw new ApiError('NOT_AUTHENTICATED', `sign in first: send the ${DEV_USER_HEADER} header`);
  }
  return request.caller;
}
