import type { FastifyInstance, FastifyRequest } from 'fastify';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { AuthSettings } from './auth-settings.ts';
import { DEV_USER_HEADER } from './caller.ts';
import { ApiError } from './errors.ts';

/**
 * Upload requests each caller (user or bridge) may send per minute. A batch holds up to 10,000
 * records, so this leaves room for a bridge catching up on weeks of readings. The check runs
 * after authentication (preHandler), so the key is the authenticated caller.
 */
export const UPLOAD_RATE_LIMIT = { max: 60, timeWindow: 60_000, hook: 'preHandler' as const };

/** Bridge pairing attempts per client address and minute, against guessing pairing codes. */
export const PAIRING_RATE_LIMIT = { max: 10, timeWindow: 60_000 };

/**
 * Installs the security headers (with a CSP the dashboard works under), CORS for the listed
 * origins only, and rate limits on upload and bridge pairing routes. Must run before the routes
 * are declared, because the rate limits attach themselves to routes as they are added.
 */
export async function installHardening(
  app: FastifyInstance,
  settings: AuthSettings,
): Promise<void> {
  await app.register(helmet, { contentSecurityPolicy: { directives: cspDirectives(settings) } });

  await app.register(cors, {
    // false sends no CORS headers, so browsers allow the page's own origin only.
    origin: settings.corsOrigins.length > 0 ? settings.corsOrigins : false,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: [
      'authorization',
      'content-type',
      'idempotency-key',
      ...(settings.devLogin ? [DEV_USER_HEADER] : []),
    ],
    exposedHeaders: ['x-request-id', 'retry-after'],
    credentials: false,
    maxAge: 600,
  });

  // This hook must be added before the rate-limit plugin's own onRoute hook, which reads the
  // route's rateLimit setting.
  app.addHook('onRoute', (route) => {
    const limit = rateLimitOf(route.method, route.url);
    if (limit) {
      route.config = { ...(route.config ?? {}), rateLimit: limit } as typeof route.config;
    }
  });
  await app.register(rateLimit, {
    global: false,
    keyGenerator: (request: FastifyRequest) =>
      request.caller ? `${request.caller.role}:${request.caller.userId}` : `address:${request.ip}`,
    errorResponseBuilder: (request, context) => {
      request.log.warn({ route: request.routeOptions.url, max: context.max }, 'rate limit reached');
      return new ApiError(
        'RATE_LIMITED',
        `too many requests: at most ${context.max} per minute; retry in ${context.after}`,
      );
    },
  });
}

function rateLimitOf(method: string | string[], url: string) {
  const methods = Array.isArray(method) ? method : [method];
  if (!methods.includes('POST')) return null;
  if (url.endsWith('/uploads')) return UPLOAD_RATE_LIMIT;
  if (url === '/api/v1/bridges/pair') return PAIRING_RATE_LIMIT;
  return null;
}

/**
 * CSP of the dashboard and API responses. Scripts and styles come from the API's own origin
 * (styles may also be inline, because ECharts writes style attributes), and the dashboard may
 * call the issuer for discovery, tokens and sign-out.
 */
function cspDirectives(settings: AuthSettings): Record<string, string[] | null> {
  const issuerOrigin = settings.issuer ? new URL(settings.issuer).origin : null;
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'", ...(issuerOrigin ? [issuerOrigin] : [])],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    // helmet adds upgrade-insecure-requests by default, which breaks plain-HTTP local runs.
    upgradeInsecureRequests: null,
  };
}
