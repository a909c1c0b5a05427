import type { FastifyInstance } from 'fastify';
import { nightscoutSiteExists, readNightscoutLastModified, withCaller } from '@phoenix/db';
import { NightscoutError } from '../../http/nightscout-auth-errors.ts';
import { permissionLetters } from '../../http/nightscout-auth-permissions.ts';
import { authenticate, siteKeyOf, type NightscoutRouteContext } from './context.ts';
import { callerOf } from './reads.ts';
import {
  NIGHTSCOUT_API3_VERSION,
  NIGHTSCOUT_ROUTE_OPTIONS,
  NIGHTSCOUT_VERSION,
} from './replies.ts';

const V3 = '/ns/:siteKey/api/v3';

/**
 * API v3's `version` (no credentials), `status` and `lastModified`, and API v2's
 * `authorization/request/{token}`, which exchanges an access token for the JWT that API v3
 * needs. Responses have Nightscout's `{ status, result }` shape.
 */
export function nightscoutV3StatusRoutes(
  app: FastifyInstance,
  context: NightscoutRouteContext,
): void {
  app.get(`${V3}/version`, NIGHTSCOUT_ROUTE_OPTIONS, async (request) => {
    if (!(await nightscoutSiteExists(context.pool, siteKeyOf(request)))) {
      throw new NightscoutError(404, 'Not Found');
    }
    return { status: 200, result: versionOf() };
  });

  app.get(`${V3}/status`, NIGHTSCOUT_ROUTE_OPTIONS, async (request) => {
    const auth = await authenticate(context, request, 3);
    return {
      status: 200,
      result: { ...versionOf(), apiPermissions: permissionLetters(auth.credential.permissions) },
    };
  });

  app.get(`${V3}/lastModified`, NIGHTSCOUT_ROUTE_OPTIONS, async (request) => {
    const auth = await authenticate(context, request, 3);
    const collections = await withCaller(context.pool, callerOf(auth), (client) =>
      readNightscoutLastModified(client, auth.credential.patientId),
    );
    return { status: 200, result: { srvDate: Date.now(), collections } };
  });

  app.get(
    '/ns/:siteKey/api/v2/authorization/request/:token',
    NIGHTSCOUT_ROUTE_OPTIONS,
    async (request) => {
      const { token } = request.params as { token: string };
      return context.authenticator.issueJwt(request, siteKeyOf(request), token);
    },
  );
}

function versionOf() {
  return {
    version: NIGHTSCOUT_VERSION,
    apiVersion: NIGHTSCOUT_API3_VERSION,
    srvDate: Date.now(),
    storage: { storage: 'postgresql', version: '17' },
  };
}
