/** Default audience of API access tokens; the embedded identity provider issues this one. */
export const DEFAULT_AUDIENCE = 'urn:phoenix-ascend:api';

/** Default claim with the caller's roles (a string or an array of strings). */
export const DEFAULT_ROLES_CLAIM = 'https://phoenix-ascend.org/roles';

/** Default OAuth client ID of the dashboard. */
export const DEFAULT_CLIENT_ID = 'phoenix-dashboard';

/** Authentication settings of the API, read from the environment by `loadAuthSettings`. */
export interface AuthSettings {
  /** OpenID Connect issuer whose RS256 access tokens are accepted; null accepts none. */
  issuer: string | null;
  /** Required `aud` of access tokens. */
  audience: string;
  rolesClaim: string;
  /** Claim with the caller's user ID (a UUID of the users table); `sub` by default. */
  userIdClaim: string;
  /** Client ID the dashboard signs in with. */
  clientId: string;
  /** JWKS address; when null it is read from the issuer's discovery document. */
  jwksUri: string | null;
  /** Whether the `X-Dev-User` development login is accepted. */
  devLogin: boolean;
  /** Origins allowed to call the API from a browser; empty allows the same origin only. */
  corsOrigins: string[];
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Reads `OIDC_ISSUER`, `OIDC_AUDIENCE`, `OIDC_ROLES_CLAIM`, `OIDC_USER_ID_CLAIM`,
 * `OIDC_CLIENT_ID`, `OIDC_JWKS_URI`, `PHOENIX_DEV_LOGIN` and `CORS_ORIGINS`. The development
 * login is on when `PHOENIX_DEV_LOGIN=1`, off when it is `0`, and otherwise on only while no
 * issuer is configured. Raises an error naming the variable whose value is invalid.
 */
export function loadAuthSettings(env: NodeJS.ProcessEnv = process.env): AuthSettings {
  const issuer = optionalUrl(env, 'OIDC_ISSUER');
  const devLoginText = env.PHOENIX_DEV_LOGIN;
  if (devLoginText !== undefined && devLoginText !== '' && !['0', '1'].includes(devLoginText)) {
    throw new Error(`PHOENIX_DEV_LOGIN must be 0 or 1, not ${JSON.stringify(devLoginText)}`);
  }
  return {
    issuer,
    audience: nonEmpty(env, 'OIDC_AUDIENCE') ?? DEFAULT_AUDIENCE,
    rolesClaim: nonEmpty(env, 'OIDC_ROLES_CLAIM') ?? DEFAULT_ROLES_CLAIM,
    userIdClaim: nonEmpty(env, 'OIDC_USER_ID_CLAIM') ?? 'sub',
    clientId: nonEmpty(env, 'OIDC_CLIENT_ID') ?? DEFAULT_CLIENT_ID,
    jwksUri: optionalUrl(env, 'OIDC_JWKS_URI'),
    devLogin: devLoginText === '1' || ((devLoginText ?? '') === '' && issuer === null),
    corsOrigins: corsOrigins(env),
  };
}

function nonEmpty(env: NodeJS.ProcessEnv, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

/** Reads an optional https URL, or http on a loopback host (keys sent over plain HTTP can be forged). */
function optionalUrl(env: NodeJS.ProcessEnv, name: string): string | null {
  const text = nonEmpty(env, name);
  if (text === null) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${name} must be an absolute URL, not ${JSON.stringify(text)}`);
  }
  if (
    url.protocol !== 'https:' &&
    !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))
  ) {
    throw new Error(`${name} must use https (http only on 127.0.0.1 or localhost), not ${text}`);
  }
  return text;
}

function corsOrigins(env: NodeJS.ProcessEnv): string[] {
  const text = nonEmpty(env, 'CORS_ORIGINS');
  if (text === null) return [];
  return text.split(',').map((entry) => {
    const origin = entry.trim();
    let parsed: URL | null = null;
    try {
      parsed = new URL(origin);
    } catch {
      // Reported below.
    }
    if (!parsed || parsed.origin !== origin) {
      throw new Error(
        `CORS_ORIGINS must list origins such as https://app.example.org separated by commas, ` +
          `not ${JSON.stringify(origin)}`,
      );
    }
    return origin;
  });
}
