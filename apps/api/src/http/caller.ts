import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Caller, DevUserRow } from '@phoenix/db';
import {
  InvalidTokenError,
  KeysUnavailableError,
  type AccessTokenVerifier,
} from './auth-tokens.ts';
import { ApiError } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
}

/** Header of the development login, accepted only when the development login is on. */
export const DEV_USER_HEADER = 'x-dev-user';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// The scheme name is case-insensitive (RFC 9110, section 11.1); the token is RFC 6750's b64token.
const BEARER_PATTERN = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i;

/** Looks a user up by ID in the database; null when there is no such user. */
export type UserLookup = (userId: string) => Promise<DevUserRow | null>;

/** Credential checks that `installCallerResolution` applies. */
export interface CallerResolution {
  /** Checks bearer access tokens; null when no issuer is configured. */
  verifier: AccessTokenVerifier | null;
  /** Whether the `X-Dev-User` header is accepted. */
  devLogin: boolean;
  findUser: UserLookup;
}

/**
 * Resolves the caller of each request from `Authorization: Bearer <access token>`, or from the
 * development login's `X-Dev-User` header when that is on. The user must exist in the
 * database, so a deleted user's tokens stop working at once, and the token's role must equal
 * the user's role there. Requests with neither header have no caller; routes that need one
 * call `requireCaller`. Failures respond with 401 NOT_AUTHENTICATED.
 */
export function installCallerResolution(app: FastifyInstance, resolution: CallerResolution): void {
  app.decorateRequest('caller', null);
  app.addHook('onRequest', async (request, reply) => {
    const authorization = request.headers.authorization;
    const devUser = request.headers[DEV_USER_HEADER];
    if (authorization !== undefined && devUser !== undefined) {
      throw new ApiError(
        'NOT_AUTHENTICATED',
        `send either Authorization or ${DEV_USER_HEADER}, not both`,
      );
    }
    if (authorization !== undefined) {
      request.caller = await callerFromToken(authorization, request, reply, resolution);
    } else if (devUser !== undefined) {
      request.caller = await callerFromDevLogin(devUser, resolution);
    }
  });
}

async function callerFromToken(
  authorization: string,
  request: FastifyRequest,
  reply: FastifyReply,
  resolution: CallerResolution,
): Promise<Caller> {
  const reject = (message: string) => {
    // RFC 6750, section 3: a rejected bearer token gets a WWW-Authenticate challenge.
    reply.header('www-authenticate', 'Bearer error="invalid_token"');
    return new ApiError('NOT_AUTHENTICATED', message);
  };
  const token = BEARER_PATTERN.exec(authorization)?.[1];
  if (!token) throw reject('Authorization must be "Bearer <access token>"');
  if (!resolution.verifier) {
    throw reject(
      'this API has no identity provider configured (OIDC_ISSUER), so it accepts no access tokens',
    );
  }

  let claimed;
  try {
    claimed = await resolution.verifier.verify(token);
  } catch (error) {
    if (error instanceof InvalidTokenError) throw reject(`${error.message}; sign in again`);
    if (error instanceof KeysUnavailableError) {
      request.log.warn({ err: error }, 'access token not checked: issuer keys unavailable');
      throw new ApiError(
        'IDENTITY_PROVIDER_UNAVAILABLE',
        `${error.message}; retry later`,
        undefined,
        {
          cause: error,
        },
      );
    }
    throw error;
  }

  const user = await resolution.findUser(claimed.userId);
  if (!user) throw reject('the user of this access token no longer exists');
  if (user.role !== claimed.role) {
    throw reject(
      `the access token names role ${claimed.role}, but the user's role is ${user.role}; sign in again`,
    );
  }
  return { userId: user.id, role: user.role };
}

async function callerFromDevLogin(
  header: string | string[],
  resolution: CallerResolution,
): Promise<Caller> {
  if (!resolution.devLogin) {
    throw new ApiError(
      'NOT_AUTHENTICATED',
      `the development login (${DEV_USER_HEADER}) is off; send a bearer access token, or set PHOENIX_DEV_LOGIN=1`,
    );
  }
  if (typeof header !== 'string' || !UUID_PATTERN.test(header)) {
    throw new ApiError('NOT_AUTHENTICATED', `${DEV_USER_HEADER} must be a user ID (a UUID)`);
  }
  const user = await resolution.findUser(header.toLowerCase());
  if (!user) {
    throw new ApiError('NOT_AUTHENTICATED', `no user with the ID given in ${DEV_USER_HEADER}`);
  }
  return { role: user.role, userId: user.id };
}

/** Return the caller of a request; raises NOT_AUTHENTICATED when there is none. */
export function requireCaller(request: FastifyRequest): Caller {
  if (!request.caller) {
    throw new ApiError(
      'NOT_AUTHENTICATED',
      'sign in first: send Authorization: Bearer <access token> ' +
        `(or ${DEV_USER_HEADER} where the development login is on)`,
    );
  }
  return request.caller;
}
