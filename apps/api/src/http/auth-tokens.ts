import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { AppRole } from '@phoenix/db';

/** Longest accepted access token life (`exp` − `iat`), in seconds: 15 minutes. */
export const MAX_TOKEN_LIFETIME_SECONDS = 15 * 60;

/** Clock difference accepted between the issuer and the API, in seconds. */
export const CLOCK_TOLERANCE_SECONDS = 30;

/** Longest accepted token, in characters; real access tokens are far shorter. */
const MAX_TOKEN_LENGTH = 8192;

const USER_ROLES: ReadonlySet<string> = new Set(['patient', 'clinician', 'engineer', 'admin']);
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The caller an access token names. */
export interface TokenCaller {
  /** Lower-case UUID of the user. */
  userId: string;
  role: Exclude<AppRole, 'bridge'>;
}

/** An access token that failed a check; `message` names the check. */
export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
}

/** The issuer's keys could not be fetched, so no token can be checked now. */
export class KeysUnavailableError extends Error {
  override name = 'KeysUnavailableError';
}

/** Settings of `createAccessTokenVerifier`. */
export interface VerifierSettings {
  issuer: string;
  audience: string;
  rolesClaim: string;
  userIdClaim: string;
  /** JWKS address; read from `<issuer>/.well-known/openid-configuration` when null. */
  jwksUri: string | null;
  /** Milliseconds after a JWKS fetch before an unknown `kid` may trigger another; 30 s. */
  cooldownMs?: number;
}

/** Checks access tokens; see `createAccessTokenVerifier`. */
export interface AccessTokenVerifier {
  /** Returns the caller of a valid token; raises InvalidTokenError or KeysUnavailableError. */
  verify(token: string): Promise<TokenCaller>;
}

/**
 * Creates a verifier of RS256 access tokens from one issuer. It checks the signature against a
 * key of the issuer's JWKS, `iss`, `aud`, `exp` and `nbf` (with 30 s of clock tolerance), that
 * `iat` is not in the future, and a life (`exp` − `iat`) of at most 15 minutes. Any other
 * algorithm, including `none` and HS256, is rejected. The JWKS is cached for 10 minutes and fetched again when a token names an
 * unknown `kid`, at most once per cooldown, so keys can rotate without a restart.
 */
export function createAccessTokenVerifier(settings: VerifierSettings): AccessTokenVerifier {
  let keySet: Promise<ReturnType<typeof createRemoteJWKSet>> | null = null;
  const getKeySet = () => {
    keySet ??= resolveJwksUri(settings).then((uri) =>
      createRemoteJWKSet(new URL(uri), {
        cacheMaxAge: 10 * 60_000,
        cooldownDuration: settings.cooldownMs ?? 30_000,
        timeoutDuration: 5000,
      }),
    );
    // A failed discovery is retried by the next request instead of being cached.
    keySet.catch(() => {
      keySet = null;
    });
    return keySet;
  };

  return {
    async verify(token) {
      if (token.length > MAX_TOKEN_LENGTH) {
        throw new InvalidTokenError(
          `the access token is longer than ${MAX_TOKEN_LENGTH} characters`,
        );
      }
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, await getKeySet(), {
          issuer: settings.issuer,
          audience: settings.audience,
          algorithms: ['RS256'],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          requiredClaims: ['exp', 'iat'],
        }));
      } catch (error) {
        throw toVerifyError(error);
      }
      checkLifetime(payload);
      return {
        userId: userIdOf(payload, settings.userIdClaim),
        role: roleOf(payload, settings.rolesClaim),
      };
    },
  };
}

async function resolveJwksUri(settings: VerifierSettings): Promise<string> {
  if (settings.jwksUri) return settings.jwksUri;
  const url = `${settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  let document: { issuer?: unknown; jwks_uri?: unknown };
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`HTTP status ${response.status}`);
    document = (await response.json()) as typeof document;
  } catch (error) {
    throw new KeysUnavailableError(`the discovery document ${url} could not be fetched`, {
      cause: error,
    });
  }
  // OpenID Connect Discovery 1.0, section 4.3: the document must name the same issuer.
  if (document.issuer !== settings.issuer || typeof document.jwks_uri !== 'string') {
    throw new KeysUnavailableError(
      `the discovery document ${url} names issuer ${String(document.issuer)} ` +
        `and jwks_uri ${String(document.jwks_uri)}; expected issuer ${settings.issuer}`,
    );
  }
  return document.jwks_uri;
}

function toVerifyError(error: unknown): Error {
  if (error instanceof KeysUnavailableError) return error;
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return new KeysUnavailableError('the issuer keys could not be fetched', { cause: error });
  }
  if (error instanceof errors.JWTExpired)
    return new InvalidTokenError('the access token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    const reasons: Record<string, string> = {
      iss: 'the access token comes from another issuer',
      aud: 'the access token is meant for another audience',
      nbf: 'the access token is not valid yet',
    };
    return new InvalidTokenError(
      reasons[error.claim] ?? `the access token claim ${error.claim} is invalid`,
    );
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return new InvalidTokenError('the access token must be signed with RS256');
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new InvalidTokenError(
      'the access token was signed with a key the issuer does not publish',
    );
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new InvalidTokenError('the access token signature is invalid');
  }
  if (error instanceof errors.JOSEError) {
    return new InvalidTokenError('the access token is malformed');
  }
  // fetch failures of the JWKS (connection refused, DNS) arrive as plain errors.
  return new KeysUnavailableError('the issuer keys could not be fetched', { cause: error });
}

function checkLifetime(payload: JWTPayload): void {
  const { iat, exp } = payload;
  if (typeof iat !== 'number' || typeof exp !== 'number') {
    throw new InvalidTokenError('the access token has no numeric iat and exp');
  }
  if (iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS) {
    throw new InvalidTokenError('the access token was issued in the future');
  }
  if (exp - iat > MAX_TOKEN_LIFETIME_SECONDS) {
    throw new InvalidTokenError(
      `the access token lives ${exp - iat} s; at most ${MAX_TOKEN_LIFETIME_SECONDS} s are accepted`,
    );
  }
}

function userIdOf(payload: JWTPayload, claim: string): string {
  const value = payload[claim];
  if (typeof value !== 'string' || !UUID_PATTERN.test(value)) {
    throw new InvalidTokenError(`the access token claim ${claim} is not a user ID (a UUID)`);
  }
  return value.toLowerCase();
}

function roleOf(payload: JWTPayload, claim: string): TokenCaller['role'] {
  const value = payload[claim];
  const listed = Array.isArray(value) ? value : [value];
  const roles = [...new Set(listed.filter((role): role is string => typeof role === 'string'))];
  const known = roles.filter((role) => USER_ROLES.has(role));
  if (known.length !== 1) {
    throw new InvalidTokenError(
      `the access token claim ${claim} must name exactly one of patient, clinician, engineer, admin`,
    );
  }
  return known[0] as TokenCaller['role'];
}
