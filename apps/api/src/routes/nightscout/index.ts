import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { NightscoutError } from '../../http/nightscout-auth-errors.ts';
import {
  installNightscoutHeaderCapture,
  NightscoutAuthenticator,
} from '../../http/nightscout-auth.ts';
import {
  FailedAuthThrottle,
  type FailedAuthThrottleOptions,
} from '../../http/nightscout-auth-throttle.ts';
import { DEFAULT_MAX_BACKLOG_RECORDS, type UploadOptions } from '../uploads.ts';
import type { NightscoutRouteContext } from './context.ts';
import { NIGHTSCOUT_ROUTE_OPTIONS } from './replies.ts';
import { nightscoutSiteRoutes } from './sites.ts';
import { nightscoutV1Routes } from './v1-routes.ts';
import { nightscoutV3Routes } from './v3-routes.ts';
import { nightscoutV3StatusRoutes } from './v3-status.ts';

/** Options of `installNightscout`. */
export interface NightscoutOptions {
  /** Limits of the staging backlog, shared with the uploads route. */
  uploads?: UploadOptions;
  /** Settings of the delay and lockout after failed credentials. */
  throttle?: FailedAuthThrottleOptions;
}

/**
 * Install Nightscout compatibility: per-patient sites under `/ns/{siteKey}/` that serve
 * Nightscout's API v1 and v3 (and v2's JWT request), and the routes with which patients
 * manage those sites under `/api/v1/patients/{patientId}/nightscout-sites`. Call it before
 * `installAuth`, because it must take Nightscout's Authorization headers off `/ns/` requests
 * before the API's sign-in reads them.
 */
export function installNightscout(
  app: FastifyInstance,
  pool: pg.Pool,
  options: NightscoutOptions = {},
): void {
  installNightscoutHeaderCapture(app);
  const context: NightscoutRouteContext = {
    pool,
    authenticator: new NightscoutAuthenticator(pool, new FailedAuthThrottle(options.throttle)),
    maxBacklogRecords: options.uploads?.maxBacklogRecords ?? DEFAULT_MAX_BACKLOG_RECORDS,
    retryAfterSeconds: options.uploads?.retryAfterSeconds ?? 5,
  };
  nightscoutSiteRoutes(app, pool);
  nightscoutV1Routes(app, context);
  nightscoutV3StatusRoutes(app, context);
  nightscoutV3Routes(app, context);
  // Any other path under /ns/ ends here, so its URL (which may contain a token) is logged
  // with credentials removed, and the 404 has Nightscout's error shape.
  app.all('/ns/*', NIGHTSCOUT_ROUTE_OPTIONS, async () => {
    throw new NightscoutError(404, 'Not Found');
  });
}
