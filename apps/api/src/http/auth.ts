import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { findUserById } from '@phoenix/db';
import { installHardening } from './auth-hardening.ts';
import { authRoutes } from './auth-routes.ts';
import { loadAuthSettings, type AuthSettings } from './auth-settings.ts';
import { createAccessTokenVerifier, type AccessTokenVerifier } from './auth-tokens.ts';
import { installCallerResolution, type UserLookup } from './caller.ts';
import { ApiError } from './errors.ts';

/** Options of `installAuth`. */
export interface AuthOptions {
  pool: pg.Pool;
  /** Read from the environment with `loadAuthSettings` when unset. */
  settings?: AuthSettings;
  /** Token verifier to use in place of one built from `settings` (tests). */
  verifier?: AccessTokenVerifier;
  /** User lookup; every user from `listDevUsers` by default. */
  findUser?: UserLookup;
}

/**
 * Installs authentication: security headers, CORS and rate limits, the caller resolution
 * (bearer tokens, and the development login when it is on), the `/api/v1/auth/*` routes, and
 * a 404 for the development routes while the development login is off. Call it before the
 * other routes are declared.
 */
export async function installAuth(
  app: FastifyInstance,
  options: AuthOptions,
): Promise<AuthSettings> {
  const settings = options.settings ?? loadAuthSettings();
  const findUser: UserLookup = options.findUser ?? ((userId) => findUserById(options.pool, userId));
  const verifier =
    options.verifier ??
    (settings.issuer
      ? createAccessTokenVerifier({
          issuer: settings.issuer,
          audience: settings.audience,
          rolesClaim: settings.rolesClaim,
          userIdClaim: settings.userIdClaim,
          jwksUri: settings.jwksUri,
        })
      : null);

  await installHardening(app, settings);
  if (!settings.devLogin) {
    app.addHook('onRequest', async (request) => {
      if (request.url.startsWith('/api/v1/dev/')) {
        throw new ApiError(
          'NOT_FOUND',
          'the development login is off; set PHOENIX_DEV_LOGIN=1 to turn it on',
        );
      }
    });
  }
  installCallerResolution(app, { verifier, devLogin: settings.devLogin, findUser });
  authRoutes(app, settings, findUser);
  return settings;
}
