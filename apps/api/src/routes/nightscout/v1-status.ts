import type { FastifyInstance } from 'fastify';
import { NightscoutError } from '../../http/nightscout-auth-errors.ts';
import { permits } from '../../http/nightscout-auth-permissions.ts';
import { authenticate, type NightscoutRouteContext } from './context.ts';
import { NIGHTSCOUT_ROUTE_OPTIONS } from './replies.ts';

/**
 * Declare `GET verifyauth`, which reports what a client's credentials allow, and
 * `GET experiments/test`, which Loop calls to check its credentials. verifyauth returns 200
 * even for wrong credentials, as Nightscout does, but the failure still counts against the
 * address. experiments/test returns 401 for them.
 */
export function verifyAuthRoutes(
  app: FastifyInstance,
  context: NightscoutRouteContext,
  prefix: string,
): void {
  app.get(`${prefix}/verifyauth`, NIGHTSCOUT_ROUTE_OPTIONS, async (request) => {
    try {
      const auth = await authenticate(context, request, 1);
      const granted = auth.credential.permissions;
      return {
        status: 200,
        message: {
          canRead: permits(granted, 'api:entries:read'),
          canWrite: permits(granted, 'api:treatments:create'),
          isAdmin: permits(granted, '*:*:admin'),
          message: 'OK',
          rolefound: 'FOUND',
          permissions: auth.credential.kind === 'secret' ? 'ADMIN' : 'ROLE',
        },
      };
    } catch (error) {
      if (!(error instanceof NightscoutError) || error.status !== 401) throw error;
      return {
        status: 200,
        message: {
          canRead: false,
          canWrite: false,
          isAdmin: false,
          message: 'UNAUTHORIZED',
          rolefound: 'NOTFOUND',
          permissions: 'DEFAULT',
        },
      };
    }
  });

  app.get(`${prefix}/experiments/test`, NIGHTSCOUT_ROUTE_OPTIONS, async (request) => {
    await authenticate(context, request, 1);
    return { status: 'ok' };
  });
}
